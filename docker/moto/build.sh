#!/usr/bin/env bash
# Builds the moto AWS emulator image (DynamoDB, SSM) without a container registry:
# a Debian base from Debian packages (mmdebstrap), and moto's wheels downloaded on the host.
# Usage: build.sh IMAGE_TAG WORK_DIR
set -euo pipefail
IMAGE="$1"; WORK="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
BASE="${MOTO_BASE_IMAGE:-local/debian-python:bookworm}"
mkdir -p "$WORK"
if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  if ! docker pull -q python:3.11-slim-bookworm >/dev/null 2>&1; then
    echo "[moto] building $BASE with mmdebstrap"
    mmdebstrap --quiet --variant=minbase --include=python3,python3-venv,ca-certificates \
      bookworm "$WORK/base.tar"
    docker import "$WORK/base.tar" "$BASE" >/dev/null
    rm -f "$WORK/base.tar"
  else
    docker tag python:3.11-slim-bookworm "$BASE"
  fi
fi
ctx="$WORK/moto-context"
rm -rf "$ctx"; mkdir -p "$ctx/wheels"
cp "$HERE/Dockerfile" "$ctx/"
echo "[moto] downloading wheels"
pip download -q --only-binary=:all: --python-version 3.11 \
  --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64 \
  --platform any -d "$ctx/wheels" "moto[server,dynamodb,ssm]==5.1.*"
docker build -q --build-arg "BASE_IMAGE=$BASE" -t "$IMAGE" "$ctx" >/dev/null
rm -rf "$ctx"
echo "[moto] built $IMAGE"
