#!/usr/bin/env bash
# Time from "./roma-local serve" to the first served request, on an empty data directory, N runs; with the server's
# own account of where its start went (its "started in ... (store, identity, the rest)" line).
#   bench/startup.sh [runs]             (builds the jar first if needed, outside the timing)
#   STARTUP_CPUS=1 bench/startup.sh 5   pins the server to those CPUs (taskset -c), as bench/run.sh does (core 1)
#   STARTUP_THREADS=1 ...               also the server's CPU time by thread at the first 200 (main, JIT, ...)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
"$here/roma-local" --version >/dev/null   # builds the jar (and its start-up archive) if missing or stale
pin=()
if [ -n "${STARTUP_CPUS:-}" ]; then
  pin=(taskset -c "$STARTUP_CPUS")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
port_base=19400
for i in $(seq 1 "$runs"); do
  port=$((port_base + i))
  dir="$work/run-$i"
  start=$(date +%s%N)
  "${pin[@]}" "$here/roma-local" serve --port "$port" --data-dir "$dir" >"$work/log-$i" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/_roma_local/health" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "server exited:"; cat "$work/log-$i"; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  own="$(sed -n 's/.*started in \([0-9]*\) ms since the JVM began (\(.*\))$/JVM up \1 ms: \2/p' "$work/log-$i")"
  echo "run $i: $(( (end - start) / 1000000 )) ms from ./roma-local serve to the first 200 (empty data dir; $own)"
  if [ "${STARTUP_THREADS:-0}" = 1 ]; then
    "$here/bench/threads-cpu.sh" "$pid" 10 "       " | head -6
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
