#!/usr/bin/env bash
# How many creates per second reach Running with the instant profile, on H2 and on PostgreSQL.
#   bench/lifecycle.sh [count] [client-threads]      (defaults: 2000 creates, 8 threads)
#   LIFECYCLE_STORES=h2 bench/lifecycle.sh 1000       one store only (h2, postgresql; default: both)
#   LIFECYCLE_THREADS=1 ...                           also the server's CPU time by thread (JIT, workers, ...)
#   LIFECYCLE_WARMUP=2000 ...                         that many creates first, not measured (a warm server:
#                                                     the JIT has compiled the create path); the run then resets
#   LIFECYCLE_PREFILL=20000 ...                       the project holds that many seeded instances before the
#                                                     measured creates (how a create's cost grows with its project)
# PostgreSQL: 127.0.0.1:5432, database test, user postgres (a scratch schema is created and dropped).
# Also prints the server process's CPU time per create over the run (the CPU the database server spends is not
# in it), which varies less than the rates when the machine's other tenants take CPU, and what it wrote to disk
# (its H2 store and logs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-2000}"
threads="${2:-8}"
"$here/roma-local" --version >/dev/null      # builds the jar if it is missing or stale
work="$(mktemp -d)"
schema="rl_bench_$$"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

run() {  # $1 = label, rest = extra flags
  local label="$1"; shift
  local port=19501
  "$here/roma-local" serve --port "$port" --data-dir "$work/$label" --lifecycle-profile instant \
      --instance-quota 1000000 --workers 2 "$@" >"$work/$label.log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/_roma_local/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$label.log"; exit 1; }
    sleep 0.1
  done
  if [ "${LIFECYCLE_WARMUP:-0}" -gt 0 ]; then
    printf '%-11s warm-up: ' "$label:"
    java "$here/bench/CreateThroughput.java" "http://127.0.0.1:$port" "$LIFECYCLE_WARMUP" "$threads"
  fi
  printf '%-11s ' "$label:"
  # CPU and disk writes are the server process's from the first create until all are Running (not a seed's).
  ROMA_LOCAL_ACCESS_LOG=OFF java -Dserver.pid="$pid" -Dclk.tck="$(getconf CLK_TCK)" \
      "$here/bench/CreateThroughput.java" "http://127.0.0.1:$port" "$count" "$threads" "${LIFECYCLE_PREFILL:-0}" \
    | sed 's/^server/            server/'
  if [ "${LIFECYCLE_THREADS:-0}" = 1 ]; then   # the server's CPU since its start, by thread
    "$here/bench/threads-cpu.sh" "$pid" 100 "             "
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

export ROMA_LOCAL_ACCESS_LOG=OFF
stores=" ${LIFECYCLE_STORES:-h2 postgresql} "
if [[ "$stores" == *" h2 "* ]]; then
  run h2
fi
if [[ "$stores" == *" postgresql "* ]]; then
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $schema" >/dev/null
  run postgresql --jdbc-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --jdbc-user postgres
fi
