#!/usr/bin/env bash
# CPU microseconds a server process spends per request, over one wrk run against it: steadier than req/s on a
# shared machine (time the hypervisor steals is not charged to the process).
#   bench/cpu-per-request.sh PID SECONDS WRK-ARGS...      (wrk runs pinned to core 0, 1 thread, 32 connections)
# e.g. bench/cpu-per-request.sh "$(pgrep -f netty-floor.jar)" 8 -H 'X-Auth-Token: t' http://127.0.0.1:19700/x
set -euo pipefail
pid="$1"; secs="$2"; shift 2
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t1=$(ticks)
out=$(taskset -c 0 wrk -t1 -c32 -d"${secs}s" --latency "$@")
t2=$(ticks)
reqs=$(awk '/requests in/ {print $1}' <<<"$out")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p99=$(awk '/ 99%/ {print $2}' <<<"$out")
hz=$(getconf CLK_TCK)
echo "req/s=$rps p99=$p99 cpu_us_per_request=$(( (t2 - t1) * 1000000 / hz / reqs ))"
