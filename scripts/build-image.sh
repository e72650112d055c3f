#!/usr/bin/env bash
# Builds the dashboard image: a static musl binary (cargo-zigbuild) on FROM scratch.
#
#   scripts/build-image.sh [amd64|arm64]     (default: ARCH, else the host's architecture)
#
# Tags: spacex-dashboard:<IMAGE_TAG> (default: the 12-digit short git commit, like the
# Makefile's; the tag to push), spacex-dashboard:latest-<arch>, and spacex-dashboard:latest
# only when built for the host's architecture (the image test runs it; an arm64 image is not
# `latest` on an amd64 host). IMAGE overrides the name. Needs cargo-zigbuild and the musl targets
# (scripts/setup.sh) and a Docker daemon; no registry: nothing is pulled.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TOOLS="${SPACEX_TOOLS_DIR:-$HOME/.cache/spacex-dashboard}"
export PATH="$TOOLS/venv/bin:$PATH"
log() { printf '\033[1;34m[image]\033[0m %s\n' "$*"; }
die() { printf 'build-image: %s\n' "$*" >&2; exit 1; }

host_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported host architecture $(uname -m)" ;;
  esac
}

ARCH="${1:-${ARCH:-$(host_arch)}}"
case "$ARCH" in
  amd64 | x86_64) ARCH=amd64 TARGET=x86_64-unknown-linux-musl ;;
  arm64 | aarch64) ARCH=arm64 TARGET=aarch64-unknown-linux-musl ;;
  *) die "unknown architecture '$ARCH' (expected amd64 or arm64)" ;;
esac
IMAGE="${IMAGE:-spacex-dashboard}"
TAG="${IMAGE_TAG:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo dev)}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

command -v cargo-zigbuild >/dev/null || die "cargo-zigbuild not found: run scripts/setup.sh"
rustup target list --installed | grep -qx "$TARGET" || die "Rust target $TARGET missing: run scripts/setup.sh"
docker info >/dev/null 2>&1 || die "no Docker daemon: run scripts/setup.sh"
[ -f "$CA_BUNDLE" ] || die "CA bundle $CA_BUNDLE not found (apt-get install ca-certificates)"

# plotly.js is baked into the binary from the pinned npm package.
if [ ! -f dashboard/node_modules/plotly.js-basic-dist-min/package.json ]; then
  log "npm ci --prefix dashboard"
  npm ci --prefix dashboard --no-audit --no-fund
fi

log "cargo zigbuild --release --target $TARGET -p dashboard"
cargo zigbuild --release --target "$TARGET" -p dashboard

CONTEXT="$ROOT/target/image-context/$ARCH"
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT"
cp "target/$TARGET/release/dashboard" "$CONTEXT/dashboard"
cp "$CA_BUNDLE" "$CONTEXT/ca-certificates.crt"
cp dashboard/Dockerfile "$CONTEXT/Dockerfile"
if command -v file >/dev/null && ! file "$CONTEXT/dashboard" | grep -q "statically linked\|static-pie linked"; then
  die "target/$TARGET/release/dashboard is not statically linked: $(file "$CONTEXT/dashboard")"
fi

tags=(-t "$IMAGE:$TAG" -t "$IMAGE:latest-$ARCH")
[ "$ARCH" = "$(host_arch)" ] && tags+=(-t "$IMAGE:latest")
log "docker build --platform linux/$ARCH ${tags[*]}"
# --no-cache: the legacy builder's layer cache ignores the platform (an arm64 COPY layer would be
# reused for amd64); with three COPY/metadata steps there is nothing worth caching anyway.
docker build --no-cache --platform "linux/$ARCH" --build-arg "REVISION=$TAG" "${tags[@]}" "$CONTEXT"
log "built $IMAGE:$TAG ($(docker image inspect "$IMAGE:$TAG" --format '{{.Architecture}}, {{.Size}} bytes'))"
