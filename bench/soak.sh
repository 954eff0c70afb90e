#!/usr/bin/env bash
# Soak test: SOAK_MINUTES (default 10) of mixed load against ONE ROMA Local server (packaged jar, the launcher's
# JVM options, H2), from 16 clients on 127.0.0.1, sampling the server's RSS, heap after a full GC and thread count
# every 30 s. Prints one table and a verdict line (HOLDS / DOES NOT HOLD). See bench/README.md ("bench/soak.sh").
#   bench/soak.sh                      # 10 minutes of load, ~11 minutes in all
#   SOAK_MINUTES=2 bench/soak.sh       # a short check of the script itself
# Knobs: SOAK_MINUTES=10 SEED=1000 (instances the reads cycle over) READ_CONNS=12 LIFECYCLE_CONNS=4
#   TOKEN_EVERY=1000 (one token issue per this many reads: each costs a PBKDF2 check) SIGNED=20000
# Every loop is bounded (a count or a deadline); every process the script starts runs under `timeout` and is
# stopped by PID on exit (trap).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
SOAK_MINUTES="${SOAK_MINUTES:-10}"
SEED="${SEED:-1000}"
READ_CONNS="${READ_CONNS:-12}"
LIFECYCLE_CONNS="${LIFECYCLE_CONNS:-4}"
TOKEN_EVERY="${TOKEN_EVERY:-1000}"
SIGNED="${SIGNED:-20000}"
PERIOD_S=30
PROJECT=0123456789abcdef0123456789abcdef
AK=ROMALOCALACCESSKEY01
SK=romalocal-secret-key-0000000000000000000
jar="$root/roma-local-server/target/roma-local.jar"

case "$SOAK_MINUTES" in ''|*[!0-9]*|0) echo "SOAK_MINUTES must be a whole number >= 1" >&2; exit 2 ;; esac
for tool in java jcmd wrk curl timeout; do
  command -v "$tool" >/dev/null || { echo "soak.sh needs $tool on the PATH" >&2; exit 2; }
done

run="$bench/.work/soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run"
log() { printf '%s soak: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pids=()
server_pid=""
cleanup() {
  local p
  for p in "${pids[@]}" $server_pid; do
    kill "$p" 2>/dev/null || true
  done
  if [ -n "$server_pid" ]; then
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -9 "$server_pid"
  fi
  rm -rf "$run/data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the server: packaged jar, the launcher's JVM options, H2 in a fresh data dir ---------------------------------
if [ ! -f "$jar" ]; then
  log "building the jar (mvn -B -q -DskipTests package)"
  (cd "$root" && timeout 600 mvn -B -q -DskipTests package >"$run/build.log" 2>&1) \
    || { echo "build failed (see $run/build.log)" >&2; exit 1; }
fi
jvm_opts="$(timeout 300 "$root/roma-local" --print-jvm-options 2>>"$run/launcher.log")"
roma_java="$(timeout 60 "$root/roma-local" --print-java 2>>"$run/launcher.log")"
jcmd_bin="$(dirname "$roma_java")/jcmd"; [ -x "$jcmd_bin" ] || jcmd_bin=jcmd   # the server's own JDK's
log "java: $roma_java, JVM options: $jvm_opts"
# The server runs under `timeout` so it cannot outlive a killed script; its output goes to server.log without the
# access-log lines (a few million of them in 10 minutes), which it still formats and writes.
# shellcheck disable=SC2086
timeout $(( SOAK_MINUTES * 60 + 600 )) "$roma_java" $jvm_opts -jar "$jar" serve --host 127.0.0.1 --port 0 --data-dir "$run/data" \
    --instance-quota 100000 --lifecycle-profile instant \
    > >(grep --line-buffered -v '^[^ ]* INFO  access ' >"$run/server.log") 2>&1 &
launcher_pid=$!
pids+=("$launcher_pid")
endpoint=""
for _ in $(seq 1 600); do   # at most 60 s
  endpoint="$(sed -n 's/^ *endpoint *\(http[^ ]*\).*/\1/p' "$run/server.log" | head -1)"
  [ -n "$endpoint" ] && break
  kill -0 "$launcher_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$endpoint" ] || { echo "server did not start (see $run/server.log)" >&2; exit 1; }
server_pid="$(ps -o pid=,comm= --ppid "$launcher_pid" | awk '$2 == "java" { print $1 }' | head -1)"  # under timeout
[ -n "$server_pid" ] && [ -r "/proc/$server_pid/status" ] || { echo "cannot find the server's PID" >&2; exit 1; }
log "server PID $server_pid at $endpoint"

token="$(curl -s -i --max-time 30 -X POST "$endpoint/v3/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"name":"roma-local"},"name":"admin",
  "password":"roma-local-admin"}}},"scope":{"project":{"id":"'$PROJECT'"}}}}' \
  | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r')"
[ -n "$token" ] || { echo "no token" >&2; exit 1; }

awk -v n="$SEED" -v p="$PROJECT" 'BEGIN { printf "["; for (i = 0; i < n; i++) { if (i) printf ",";
    printf "{\"project_id\":\"%s\",\"id\":\"bench-%06d\",\"subnet_id\":\"soak-%d\"}", p, i, int(i / 1000) }
    print "]" }' >"$run/seed.json"
code=$(curl -s -o "$run/seed.out" -w '%{http_code}' --max-time 120 -X POST "$endpoint/_roma_local/seed" \
  -H "X-Auth-Token: $token" -H 'Content-Type: application/json' --data-binary @"$run/seed.json")
[ "$code" = 200 ] || { echo "seeding answered $code: $(head -c 300 "$run/seed.out")" >&2; exit 1; }
log "seeded $SEED instances"

# --- SDK-HMAC-SHA256 signed GETs, pre-signed with the SDK's signer (bench/SignRequests.java) ----------------------
cp_file="$("$bench/sdk-classpath.sh" "$run/classpath.log")"
sign() {  # one X-Sdk-Date for the whole file; the server accepts it for 15 minutes, so it is redone every 10
  timeout 180 java -cp "$(cat "$cp_file")" "$bench/SignRequests.java" "$endpoint" "$PROJECT" "$AK" "$SK" \
      "$SIGNED" "$SEED" "$run/signed.tmp" 2>"$run/sign.log" || { echo "signing failed (see $run/sign.log)" >&2; exit 1; }
  mv "$run/signed.tmp" "$run/signed.txt"
  signed_at=$SECONDS
}
sign
log "signed $SIGNED GETs with the SDK signer"

# --- the two wrk scripts -------------------------------------------------------------------------------------------
# Both count answers per status in each thread and print "SOAK ..." lines when wrk finishes.
common_lua='
threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
counts = {}
local function count(status) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("SOAK requests %d\nSOAK sockerr %d\n", summary.requests,
      e.connect + e.read + e.write + e.timeout))
   local total, cycles = {}, 0
   for _, t in ipairs(threads) do
      cycles = cycles + (t:get("cycles") or 0)
      for status, n in pairs(t:get("counts")) do total[status] = (total[status] or 0) + n end
      local left = t:get("id")
      if left then io.write("SOAK leftover " .. left .. "\n") end
   end
   for status, n in pairs(total) do io.write(string.format("SOAK status %d %d\n", status, n)) end
   io.write(string.format("SOAK cycles %d\n", cycles))
end
'
# Reads: of every 20 requests 11 founding GETs with the token (cycling over the seeded ids), 6 SDK-signed GETs,
# 2 platform lists (100 items), 1 GET of an unknown id (the expected 404); plus a token issue every TOKEN_EVERY.
cat >"$run/read.lua" <<EOF
$common_lua
local gets, signed, list, miss, tok = {}, {}, nil, nil, nil
local ng, ns, k, every = 0, 0, 0, 1000
function init(args)
   local h = { ["X-Auth-Token"] = args[1] }
   local p, seed = args[2], tonumber(args[3])
   every = tonumber(args[5])
   for i = 0, seed - 1 do
      gets[i + 1] = wrk.format("GET", string.format("/v2/%s/apic/instances/bench-%06d", p, (i * 7919) % seed), h)
   end
   ng = seed
   local file = assert(io.open(args[4], "r"))
   for line in file:lines() do
      local f = {}
      for x in string.gmatch(line, "[^\t]+") do f[#f + 1] = x end
      if #f >= 2 then
         ns = ns + 1
         signed[ns] = "GET " .. f[1] .. " HTTP/1.1\r\n" .. table.concat(f, "\r\n", 2) .. "\r\n\r\n"
      end
   end
   file:close()
   assert(ns > 0, "no signed requests")
   list = wrk.format("GET", "/v2/" .. p .. "/instances?limit=100", h)
   miss = wrk.format("GET", "/v2/" .. p .. "/apic/instances/soak-no-such-instance", h)
   tok = wrk.format("POST", "/v3/auth/tokens", { ["Content-Type"] = "application/json" },
      '{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"name":"roma-local"},'
      .. '"name":"admin","password":"roma-local-admin"}}},"scope":{"project":{"id":"' .. p .. '"}}}}')
   k = (tid or 0) * 7777 -- each thread starts elsewhere in the cycle
end
function request()
   k = k + 1
   if k % every == 0 then return tok end
   local r = k % 20
   if r < 11 then return gets[(k % ng) + 1] end
   if r < 17 then return signed[(k % ns) + 1] end
   if r < 19 then return list end
   return miss
end
function response(status, headers, body) count(status) end
EOF
# Lifecycle: each connection creates an instance (instant profile), reads it until Running, deletes it, repeats.
cat >"$run/lifecycle.lua" <<EOF
$common_lua
local p, h, create
local phase, polls, tries = "create", 0, 0
id = nil
cycles = 0
function init(args)
   p = args[2]
   h = { ["X-Auth-Token"] = args[1] }
   create = wrk.format("POST", "/v1/" .. p .. "/instances", { ["X-Auth-Token"] = args[1],
      ["Content-Type"] = "application/json", ["X-Roma-Local-Profile"] = "instant" },
      '{"name":"soak","description":"","product_id":"00300-30101-0--0","available_zones":["az1"],'
      .. '"vpc_id":"vpc-1","subnet_id":"soak-lifecycle","security_group_id":"sg-1","ipv6_enable":false,'
      .. '"enable_all":true,"mqs":{},"cpu_architecture":"x86"}')
end
function request()
   if phase == "create" then return create end
   if phase == "poll" then return wrk.format("GET", "/v2/" .. p .. "/apic/instances/" .. id, h) end
   return wrk.format("DELETE", "/v1/" .. p .. "/roma/instances/" .. id, h)
end
function response(status, headers, body)
   count(status)
   if phase == "create" then
      if status == 200 then
         id = body:match('"instance_id"%s*:%s*"([^"]+)"')
         if id then phase, polls = "poll", 0 end
      end
   elseif phase == "poll" then
      polls = polls + 1
      if (status == 200 and body:find('"status"%s*:%s*"Running"')) or polls >= 1000 then phase, tries = "delete", 0 end
   else
      tries = tries + 1
      if status == 202 then id, phase, cycles = nil, "create", cycles + 1
      elseif tries >= 10 then phase = "create" end   -- give up; the id stays a leftover
   end
end
EOF

# --- the load, in periods of 30 s; a sample after each ---------------------------------------------------------------
declare -A nonok=()
requests=0
sockerr=0
cycles=0
rows=()
sample() {  # $1 = minute label, $2 = requests so far -> appends a row; sets rss_kb
  local status heap threads st=""
  status="$(cat "/proc/$server_pid/status")"
  rss_kb="$(awk '/^VmRSS:/ {print $2}' <<<"$status")"
  threads="$(awk '/^Threads:/ {print $2}' <<<"$status")"
  timeout 60 "$jcmd_bin" "$server_pid" GC.run >/dev/null 2>&1 || true
  heap="$(timeout 60 "$jcmd_bin" "$server_pid" GC.heap_info 2>/dev/null | awk '/generation|DefNew|Tenured|garbage-first heap/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } }
      END { if (s) printf "%.1f", s / 1024; else print "-" }')" || heap="-"   # jcmd failed: no figure
  local code
  for code in $(printf '%s\n' "${!nonok[@]}" | sort -n); do st="$st $code:${nonok[$code]}"; done
  [ "$sockerr" -gt 0 ] && st="$st socket:$sockerr"
  rows+=("$(printf '%6s %8.1f %16s %8s %14s  %s' "$1" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" \
      "$heap" "$threads" "$2" "${st:- none}")")
}
sample 0 0
periods=$(( SOAK_MINUTES * 60 / PERIOD_S ))
rss_m2=""
log "load: $periods periods of ${PERIOD_S}s, $READ_CONNS read + $LIFECYCLE_CONNS lifecycle connections"
for (( i = 1; i <= periods; i++ )); do
  (( SECONDS - signed_at > 600 )) && sign
  timeout $(( PERIOD_S + 60 )) wrk -t2 -c"$READ_CONNS" -d"${PERIOD_S}s" --timeout 10s -s "$run/read.lua" \
      "$endpoint" -- "$token" "$PROJECT" "$SEED" "$run/signed.txt" "$TOKEN_EVERY" >"$run/read.$i.txt" 2>&1 &
  rp=$!
  timeout $(( PERIOD_S + 60 )) wrk -t"$LIFECYCLE_CONNS" -c"$LIFECYCLE_CONNS" -d"${PERIOD_S}s" --timeout 10s \
      -s "$run/lifecycle.lua" "$endpoint" -- "$token" "$PROJECT" >"$run/lifecycle.$i.txt" 2>&1 &
  lp=$!
  pids=("$launcher_pid" "$rp" "$lp")
  wait "$rp" || log "wrk (reads) exited with $? (see $run/read.$i.txt)"
  wait "$lp" || log "wrk (lifecycle) exited with $? (see $run/lifecycle.$i.txt)"
  pids=("$launcher_pid")
  for f in "$run/read.$i.txt" "$run/lifecycle.$i.txt"; do
    grep -q '^SOAK requests' "$f" || { log "no wrk summary in $f"; sockerr=$(( sockerr + 1 )); }
    while read -r _ kind a b; do
      case "$kind" in
        requests) requests=$(( requests + a )) ;;
        sockerr) sockerr=$(( sockerr + a )) ;;
        cycles) cycles=$(( cycles + a )) ;;
        status) [ "$a" -ge 200 ] && [ "$a" -lt 300 ] || nonok[$a]=$(( ${nonok[$a]:-0} + b )) ;;
        leftover)  # a create cut off by the end of the period: delete it (not counted)
          curl -s -o /dev/null --max-time 10 -X DELETE -H "X-Auth-Token: $token" \
              "$endpoint/v1/$PROJECT/roma/instances/$a" || true ;;
      esac
    done < <(grep '^SOAK ' "$f")
  done
  kill -0 "$server_pid" 2>/dev/null || { log "the server died (see $run/server.log)"; break; }
  sample "$(awk -v m="$(( i * PERIOD_S ))" 'BEGIN { printf "%.1f", m / 60 }')" "$requests"
  (( i * PERIOD_S == 120 )) && rss_m2=$rss_kb
  log "${rows[-1]}"
done
rss_last=$rss_kb

# --- table and verdict -----------------------------------------------------------------------------------------------
echo "ROMA Local soak: $SOAK_MINUTES min, H2, JVM options: $jvm_opts"
echo "clients: $READ_CONNS read connections (founding GET, SDK-signed GET, platform list, unknown id, token issue"
echo "  every $TOKEN_EVERY) + $LIFECYCLE_CONNS lifecycle connections (create -> Running -> delete, instant profile):"
echo "  $cycles instances created, seen Running and deleted"
printf '%6s %8s %16s %8s %14s  %s\n' minute "RSS MiB" "heap-after-GC MiB" threads "requests" "non-2xx by status"
printf '%s\n' "${rows[@]}"
reasons=()
for code in "${!nonok[@]}"; do
  [ "$code" = 404 ] || reasons+=("$code answers: ${nonok[$code]}")
done
[ "$sockerr" -gt 0 ] && reasons+=("socket errors: $sockerr")
kill -0 "$server_pid" 2>/dev/null || reasons+=("the server died")
if [ -n "$rss_m2" ]; then
  growth=$(awk -v a="$rss_m2" -v b="$rss_last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
  awk -v g="$growth" 'BEGIN { exit !(g < 10) }' || reasons+=("RSS grew ${growth}% from minute 2 to the end")
  rss_note="RSS minute 2 -> end: ${growth}%"
else
  reasons+=("no sample at minute 2 (SOAK_MINUTES < 2)")
  rss_note="RSS growth: n/a"
fi
if [ "${#reasons[@]}" -eq 0 ]; then
  echo "verdict: HOLDS ($rss_note; only the expected 404s; no 5xx, no socket errors)"
else
  echo "verdict: DOES NOT HOLD ($(IFS=';'; echo "${reasons[*]}"))"
fi
echo "logs and wrk outputs: $run"
