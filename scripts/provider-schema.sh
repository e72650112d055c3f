#!/usr/bin/env bash
# Refreshes terraform/aws-provider-<version>.schema.json: the schema of every AWS resource and
# data source type the Terraform uses, taken from @cdktf/provider-aws (generated from the
# provider's own schema), so that the harness (integration/tests/terraform_provider_schema.rs)
# checks the Terraform offline. Run by `make provider-schema`, never by `make test`.
#
# The package (~360 MB) is installed once outside the repository, in $TOOLS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${SPACEX_TOOLS_DIR:-$HOME/.cache/spacex-dashboard}"
# 20.1.0 is generated from hashicorp/aws 5.100.0 (its README says so; 21.x is aws 6.x).
PACKAGE_VERSION="20.1.0"
PROVIDER_VERSION="5.100.0"
PREFIX="$TOOLS/cdktf-provider-aws-$PACKAGE_VERSION"
PACKAGE="$PREFIX/node_modules/@cdktf/provider-aws"
OUT="$ROOT/terraform/aws-provider-$PROVIDER_VERSION.schema.json"
log() { printf '\033[1;34m[provider-schema]\033[0m %s\n' "$*"; }

if [ "$(node -p "require('$PACKAGE/package.json').version" 2>/dev/null)" != "$PACKAGE_VERSION" ]; then
  log "npm install @cdktf/provider-aws@$PACKAGE_VERSION into $PREFIX (about 360 MB)"
  mkdir -p "$PREFIX"
  # --ignore-scripts: nothing of the package runs; --legacy-peer-deps: cdktf itself is not needed.
  npm install --prefix "$PREFIX" --ignore-scripts --legacy-peer-deps --no-audit --no-fund \
    --loglevel=error "@cdktf/provider-aws@$PACKAGE_VERSION"
fi
grep -q "hashicorp/aws provider version $PROVIDER_VERSION" "$PACKAGE/README.md" || {
  echo "@cdktf/provider-aws@$PACKAGE_VERSION is not generated from hashicorp/aws $PROVIDER_VERSION" >&2
  exit 1
}

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
node "$ROOT/scripts/provider-schema.mjs" "$PACKAGE" "$ROOT/terraform" >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$OUT"
trap - EXIT
log "wrote ${OUT#"$ROOT"/} ($(grep -c '^    "aws_' "$OUT") types)"
