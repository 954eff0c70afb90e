#!/usr/bin/env bash
# Time from "./roma-local serve" to the first served request, on an empty data directory, N runs.
#   bench/startup.sh [runs]        (builds the jar first if needed, outside the timing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
"$here/roma-local" --version >/dev/null   # builds the jar if it is missing or stale
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
port_base=19400
for i in $(seq 1 "$runs"); do
  port=$((port_base + i))
  dir="$work/run-$i"
  start=$(date +%s%N)
  "$here/roma-local" serve --port "$port" --data-dir "$dir" >"$work/log-$i" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/_roma_local/health" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "server exited:"; cat "$work/log-$i"; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms from ./roma-local serve to the first 200 (empty data dir)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
