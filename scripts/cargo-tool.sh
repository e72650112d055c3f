#!/usr/bin/env bash
# Installs a cargo tool at a pinned version into the tool cache (idempotent): a new release
# cannot change what `make test` does overnight. Used by scripts/setup.sh and the workflows.
#   scripts/cargo-tool.sh <crate> <version>   -> $TOOLS/cargo/bin/<crate>
set -euo pipefail
crate="$1"
version="$2"
TOOLS="${SPACEX_TOOLS_DIR:-$HOME/.cache/spacex-dashboard}"
root="$TOOLS/cargo"
if "$root/bin/$crate" --version 2>/dev/null | grep -qw "$version"; then exit 0; fi
printf '\033[1;34m[setup]\033[0m %s\n' "cargo install $crate@$version (a few minutes, once)"
# Its own target directory: the workspace's build cache is not mixed with the tool's.
CARGO_TARGET_DIR="$TOOLS/cargo-build" cargo install --locked --root "$root" "$crate" --version "$version"
rm -rf "$TOOLS/cargo-build"
