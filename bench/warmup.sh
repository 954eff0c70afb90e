#!/usr/bin/env bash
# How a fresh server warms up under load: token GETs per second, second by second, from the first request after
# seeding 10,000 instances (server pinned to core 1 and wrk to core 0, 32 connections, as bench/run.sh does), and
# how many methods the JIT compiled at its top tier meanwhile. bench/run.sh measures its rounds after a fixed warm-up;
# this shows whether the server had reached its plateau by then.
#   bench/warmup.sh [seconds]                 the launcher's default options (default: 60 seconds)
#   bench/warmup.sh 60 "-XX:+UseSerialGC ..."  other JVM options (the start-up archive is not added for you)
# Prints one figure per 1 s wrk run (thousands of req/s; the runs start about 1.1 s apart), then the top-tier (C2)
# compiles per 10 s (from -XX:+PrintCompilation, which this adds).
# Needs wrk and curl; 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs="${1:-60}"
"$here/roma-local" --version >/dev/null        # builds the jar and its start-up archive if missing or stale
opts="${2:-$("$here/roma-local" --print-jvm-options)}"
java_bin="$("$here/roma-local" --print-java)"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
project=0123456789abcdef0123456789abcdef
work="$(mktemp -d)"; pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# shellcheck source=bench/seeded-server.sh
. "$here/bench/seeded-server.sh"
seeded_server "$opts -XX:+PrintCompilation"
# The JVM's clock at the first measured second: PrintCompilation stamps its lines with milliseconds since the start.
jvm_ms="$(awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { up = $1; next } { printf "%d", (up - $22 / hz) * 1000 }' \
    /proc/uptime "/proc/$pid/stat")"
lua="$here/bench/wrk/token.lua"
figures=""
for _ in $(seq 1 "$secs"); do
  r=$(taskset -c 0 wrk -t1 -c32 -d1s -s "$lua" "$base" -- "$token" "$project" 10000 2>/dev/null \
      | awk '/Requests\/sec/ { printf "%.0f", $2 / 1000 }')
  figures="$figures ${r:-?}"
done
echo "options: $opts"
echo "token GET, thousands of req/s, one 1 s run after another from a fresh start (seeded):$figures"
# Top-tier (C2) compiles per 10 s from the first measured request: when the JIT settles.
awk -v off="$jvm_ms" -v secs="$secs" '$1 ~ /^[0-9]+$/ && !/made/ {
    l = ($3 ~ /^[0-9]$/) ? $3 : $4; t = $1 - off; if (l == 4 && t >= 0) n[int(t / 10000)]++ }
  END { printf "C2 compiles per 10 s from the first measured request:"
        for (i = 0; i * 10 < secs; i++) printf " %d", n[i]; print "" }' "$work/server.log"
