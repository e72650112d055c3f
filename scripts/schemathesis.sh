#!/usr/bin/env bash
# schemathesis against the running dashboard (embedded store, filled the way `make run` fills it):
# every generated request to the JSON API must get an answer that conforms to
# /api/openapi.json (status, content type, headers, body schema), and none may be a 5xx.
#
# Also: a request the document says is invalid (wrong type, out of range, a parameter twice) must
# get a 4xx (`negative_data_rejection`). Not checked: `positive_data_acceptance` (a schema cannot
# say that `from` must not be after `to`, or that 2021-02-30 is no date: such valid-looking
# requests rightly get a 400) and `unsupported_method` (Rocket answers 404, not 405, to TRACE).
#   scripts/schemathesis.sh [max examples per operation, default 150]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${SPACEX_TOOLS_DIR:-$HOME/.cache/spacex-dashboard}"
EXAMPLES="${1:-150}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/dashboard"
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build -p dashboard first" >&2; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
ROCKET_ADDRESS=127.0.0.1 ROCKET_PORT="$port" "$BIN" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT

# Ready when /health says the launch cache holds data (start-up fills the store first).
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" | grep -q '"state":"ok"' && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "the dashboard exited" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/health" | grep -q '"state":"ok"' || { cat "$log" >&2; echo "the dashboard did not get ready" >&2; exit 1; }

cd "$(mktemp -d)" # schemathesis writes its cache and reports in the working directory
"$TOOLS/schemathesis-venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection \
  --max-examples "$EXAMPLES" --request-timeout 30 --workers 2
