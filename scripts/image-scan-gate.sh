#!/usr/bin/env bash
# Fails when ECR's scan on push found a CRITICAL vulnerability in an image.
#
#   scripts/image-scan-gate.sh <region> <repository-name> <image-tag>
#
# The repository scans every pushed image (scan_on_push, modules/registry); this waits for that
# scan to finish and reads its findings. Needs the AWS CLI and credentials that may read the
# repository (the deploy role).
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 <region> <repository-name> <image-tag>" >&2; exit 2; }
region="$1" repository="$2" tag="$3"
log() { printf '\033[1;34m[scan]\033[0m %s\n' "$*"; }

log "waiting for ECR's scan of $repository:$tag"
aws ecr wait image-scan-complete --region "$region" --repository-name "$repository" --image-id "imageTag=$tag"

counts="$(aws ecr describe-image-scan-findings --region "$region" --repository-name "$repository" \
  --image-id "imageTag=$tag" --query 'imageScanFindings.findingSeverityCounts' --output json)"
log "findings by severity: ${counts:-none}"
critical="$(aws ecr describe-image-scan-findings --region "$region" --repository-name "$repository" \
  --image-id "imageTag=$tag" --query 'imageScanFindings.findingSeverityCounts.CRITICAL' --output text)"
case "$critical" in
  None | null | "" | 0) log "no critical findings" ;;
  *)
    echo "image-scan-gate: $repository:$tag has $critical CRITICAL finding(s); not deploying it" >&2
    exit 1
    ;;
esac
