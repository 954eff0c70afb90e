#!/usr/bin/env bash
# Memory after load for one set of JVM options: starts ROMA Local (pinned to core 1) with those options plus the
# JVM's native memory tracking, seeds 10,000 instances, warms up with token GETs (wrk on core 0, 32 connections),
# measures, then prints req/s, p99, RSS and the JVM's own account of its committed memory by part.
#   bench/memory.sh                      the launcher's default options (./roma-local --print-jvm-options)
#   bench/memory.sh "-XX:+UseSerialGC -Xmx64m"     other options (the start-up archive is not added for you)
#   MEMORY_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?currentSchema=S' bench/memory.sh    on PostgreSQL
#   (schema S must exist; MEMORY_JDBC_USER, default postgres)
#   WARMUP_S=20 MEASURE_S=15 (defaults) set the phases; the access log is off unless ROMA_LOCAL_ACCESS_LOG=INFO
#   (then it goes, with the server's other lines, to a scratch file). Needs wrk and curl; 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/roma-local" --version >/dev/null        # builds the jar and its start-up archive if missing or stale
opts="${1:-$("$here/roma-local" --print-jvm-options)}"
java_bin="$("$here/roma-local" --print-java)"
warm="${WARMUP_S:-20}"; secs="${MEASURE_S:-15}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
project=0123456789abcdef0123456789abcdef
work="$(mktemp -d)"; pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
store_args=()
if [ -n "${MEMORY_JDBC_URL:-}" ]; then
  store_args=(--jdbc-url "$MEMORY_JDBC_URL" --jdbc-user "${MEMORY_JDBC_USER:-postgres}")
fi
# shellcheck source=bench/seeded-server.sh
. "$here/bench/seeded-server.sh"
seeded_server "$opts -XX:NativeMemoryTracking=summary" "${store_args[@]}"
lua="$here/bench/wrk/token.lua"
taskset -c 0 wrk -t1 -c32 -d"${warm}s" -s "$lua" "$base" -- "$token" "$project" 10000 >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t1=$(ticks)
taskset -c 0 wrk -t1 -c32 -d"${secs}s" --latency -s "$lua" "$base" -- "$token" "$project" 10000 >"$work/wrk.txt"
t2=$(ticks)
reqs=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
sleep 1
rss_kib="$(ps -o rss= -p "$pid" | tr -d ' ')"
rss_split="$(awk '/^Rss(Anon|File|Shmem):/ { printf "%s%s %d MiB", sep, substr($1, 4, length($1) - 4), $2 / 1024; sep = ", " }' \
  "/proc/$pid/status" 2>/dev/null || true)"
echo "options: $opts"
echo "token GET, 32 connections, ${secs} s after ${warm} s of warm-up: $(awk '/Requests\/sec/ {print $2}' \
  "$work/wrk.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$work/wrk.txt"); RSS $((rss_kib / 1024)) MiB${rss_split:+ ($rss_split)}"
awk -v t="$((t2 - t1))" -v hz="$(getconf CLK_TCK)" -v n="$reqs" \
  'BEGIN { printf "server CPU per request: %.1f us (time stolen by the host is not charged)\n", t * 1e6 / hz / n }' 
echo "cache lookups of the token GET's caches (hit / miss; misses include lookups while a cache is bypassed):"
curl -fsS "$base/_roma_local/metrics" | awk -F'[{}"]' '/^roma_local_cache_requests_total/ &&
  ($3 == "tokens" || $3 == "projects" || $3 == "instance_views") { v[$3] = v[$3] " " $5 "=" $NF }
  END { for (k in v) printf "  %-15s%s\n", k, v[k] }'
echo "committed memory by part (native memory tracking), MiB:"
jcmd "$pid" VM.native_memory summary scale=KB \
  | sed -n 's/^-  *\([A-Za-z][A-Za-z ]*[a-z]\) *(reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1|\2/p' \
  | awk -F'|' '$2 >= 1024 { printf "  %-28s %6.1f\n", $1, $2 / 1024 }'
