#!/usr/bin/env bash
# ROMA Local throughput / latency / startup / memory benchmark against a Netty floor, WireMock and Prism.
#   bench/run.sh                        (see bench/README.md; about 8 minutes, < 10 minutes in all)
# Every server runs pinned to CPU core 1 (taskset -c 1); wrk (-t1) and every helper run on core 0; 127.0.0.1 only.
# Installs what it needs (wrk via apt, WireMock via Maven, Prism via npm), prints one progress line per phase on
# stderr and ONE result table on stdout (also saved under bench/.work/).
#
# Knobs (environment): WARMUP_S=10 ROUND_S=8 ROUNDS=3 SINGLE_S=5 CONNS=32 IDS=10000 LIST_IDS=100000
#   AKSK_REQUESTS=100000 PORT_BASE=19700 BENCH_ONLY=floor,wiremock,prism,h2-token,h2-aksk,pg-token,h2-list
#   BENCH_BUDGET_S=570 (a row starts only if it fits in this many seconds from the start) WAIT_QUIET_S=0 PG_HOST=127.0.0.1 PG_PORT=5432 PG_DB=test PG_USER=postgres
set -euo pipefail

# ---------------------------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------------------------
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
work="$bench/.work"
WARMUP_S="${WARMUP_S:-10}"
ROUND_S="${ROUND_S:-8}"
ROUNDS="${ROUNDS:-3}"
SINGLE_S="${SINGLE_S:-5}"
CONNS="${CONNS:-32}"
IDS="${IDS:-10000}"
LIST_IDS="${LIST_IDS:-100000}"
AKSK_REQUESTS="${AKSK_REQUESTS:-100000}"
PORT_BASE="${PORT_BASE:-19700}"
BENCH_ONLY="${BENCH_ONLY:-floor,wiremock,prism,h2-token,h2-aksk,pg-token,h2-list}"
BENCH_BUDGET_S="${BENCH_BUDGET_S:-570}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_DB="${PG_DB:-test}"
PG_USER="${PG_USER:-postgres}"

WIREMOCK_VERSION=3.13.2
PRISM_VERSION=5.14.2
PROJECT=0123456789abcdef0123456789abcdef
PROJECT_NAME=cn-north-4
ACCOUNT=roma-local
ADMIN_USER=admin
ADMIN_PASSWORD=roma-local-admin
AK=ROMALOCALACCESSKEY01
SK=romalocal-secret-key-0000000000000000000
STATIC_TOKEN=bench-static-token          # the token the floor / WireMock / Prism accept
SERVER_TIMEOUT_S=900                     # safety net: no server outlives this even if the script is SIGKILLed

t_begin=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_id="$(date +%Y%m%d-%H%M%S)"
run="$work/run-$run_id"
mkdir -p "$run"

log() { printf '[bench] %s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$run/progress.log" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { echo $(( $(date +%s) - t_begin )); }
wanted() { [[ ",$BENCH_ONLY," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------------------------------------
# Process bookkeeping: everything started is recorded by PID and stopped by PID (never by name).
# ---------------------------------------------------------------------------------------------------------------
declare -a STARTED=()                    # "wrapperpid:serverpid"
PG_SCHEMA=""

stop_pid() {  # $1 = pid: SIGTERM, wait up to 10 s, then SIGKILL
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid ignored SIGTERM for 10 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

stop_server() {  # $1 = "wrapper:server"
  local w="${1%%:*}" s="${1##*:}"
  stop_pid "$s"
  stop_pid "$w"
  wait "$w" 2>/dev/null || true
  local keep=() e
  for e in "${STARTED[@]+"${STARTED[@]}"}"; do [ "$e" = "$1" ] || keep+=("$e"); done
  STARTED=("${keep[@]+"${keep[@]}"}")
}

drop_schema() {
  [ -n "$PG_SCHEMA" ] || return 0
  timeout 30 psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
      -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1 || log "could not drop schema $PG_SCHEMA"
  PG_SCHEMA=""
}

cleanup() {
  local e
  for e in "${STARTED[@]+"${STARTED[@]}"}"; do stop_server "$e"; done
  drop_schema
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
# Setup: tools, builds, downloads (on all cores; nothing is measured yet)
# ---------------------------------------------------------------------------------------------------------------
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"

for tool in java mvn npm node curl taskset awk timeout ps; do
  command -v "$tool" >/dev/null || die "$tool is required (see bench/README.md, Prerequisites)"
done
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || die "needs at least 2 CPU cores (servers on core 1, load on core 0); this machine has $ncpu"

log "phase setup: tools and builds (results and logs in ${run#"$root"/})"
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt-get install -y wrk)"
  if ! timeout 180 $SUDO apt-get install -y -q wrk >"$run/apt.log" 2>&1; then
    log "apt-get install failed; running apt-get update first"
    timeout 180 $SUDO apt-get update -q >>"$run/apt.log" 2>&1 || die "apt-get update failed (see $run/apt.log)"
    timeout 180 $SUDO apt-get install -y -q wrk >>"$run/apt.log" 2>&1 || die "cannot install wrk (see $run/apt.log)"
  fi
fi

# ROMA Local runs from roma-local-server/target/roma-local.jar with exactly the launcher's default JVM options
# (which may name files next to the jar, e.g. a class-data-sharing archive made for this very jar). Another build
# may rewrite target/ while we run: each ROMA Local row first checks that the jar is still the one prepared here,
# and prepares it again (and says so under the table) when it is not.
jar="$root/roma-local-server/target/roma-local.jar"
ROMA_REBUILT=""
# (the archive of the JDK not in use is missing: stat's status must not fail the pipeline under pipefail)
jar_fingerprint() { { stat -c '%Y:%s' "$jar" "${jar%.jar}.jsa" "${jar%.jar}.aot" 2>/dev/null || true; } | tr '\n' ' '; }
prepare_roma() {
  # (on every core, also when called after this shell pinned itself to core 0)
  timeout 600 taskset -c "0-$((ncpu - 1))" "$root/roma-local" --version >"$run/build-roma.log" 2>&1 || return 1
  if jvm_opts=$(timeout 300 taskset -c "0-$((ncpu - 1))" "$root/roma-local" --print-jvm-options 2>>"$run/build-roma.log") \
     && [[ "$jvm_opts" == -* ]]; then
    :
  else  # an older launcher without --print-jvm-options: read its default_opts= line
    jvm_opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/roma-local" | head -1)
    [ -n "$jvm_opts" ] || { log "cannot find the launcher's default JVM options"; return 1; }
  fi
  # the java the launcher runs (the newest JDK present); an older launcher without --print-java: java on the PATH
  roma_java=$(timeout 60 "$root/roma-local" --print-java 2>/dev/null) && [ -x "$roma_java" ] || roma_java=java
  roma_version=$(timeout 60 "$roma_java" -jar "$jar" --version 2>/dev/null | head -1)
  [ -n "$roma_version" ] || return 1
  jar_print=$(jar_fingerprint)
}
log "building ROMA Local (./roma-local --version builds the jar when stale)"
if ! prepare_roma; then
  log "ROMA Local build or jar check failed (see $run/build-roma.log); retrying once in 60 s"
  sleep 60
  prepare_roma || die "cannot build ROMA Local (see $run/build-roma.log)"
fi
roma_check_build() {  # LABEL: before a ROMA Local row
  [ "$(jar_fingerprint)" != "$jar_print" ] || return 0
  log "$1: roma-local.jar changed since the last row (someone rebuilt it): preparing it again"
  sleep 5
  prepare_roma || { sleep 30; prepare_roma; } || { log "$1: cannot rebuild ROMA Local"; return 1; }
  ROMA_REBUILT="$ROMA_REBUILT $1"
  log "ROMA Local: $roma_version, java: $roma_java, launcher JVM options: $jvm_opts"
}
log "ROMA Local: $roma_version, java: $roma_java, launcher JVM options: $jvm_opts"

floor_jar="$bench/netty-floor/target/netty-floor.jar"
if [ ! -f "$floor_jar" ] || [ -n "$(find "$bench/netty-floor/pom.xml" "$bench/netty-floor/src" -newer "$floor_jar" -print -quit)" ]; then
  log "building the Netty floor (mvn -f bench/netty-floor/pom.xml package)"
  timeout 300 mvn -B -q -Dstyle.color=never -f "$bench/netty-floor/pom.xml" package >"$run/build-floor.log" 2>&1 \
      || die "cannot build the Netty floor (see $run/build-floor.log)"
fi

wm_jar="$work/wiremock/wiremock-standalone-$WIREMOCK_VERSION.jar"
if [ ! -f "$wm_jar" ]; then
  log "fetching WireMock $WIREMOCK_VERSION standalone from Maven Central"
  timeout 300 mvn -B -q -Dstyle.color=never dependency:copy \
      -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" -DoutputDirectory="$work/wiremock" \
      >"$run/fetch-wiremock.log" 2>&1 || die "cannot fetch WireMock (see $run/fetch-wiremock.log)"
fi

prism_bin="$work/prism/node_modules/.bin/prism"
if [ ! -x "$prism_bin" ] || [ "$(timeout 60 "$prism_bin" --version 2>/dev/null)" != "$PRISM_VERSION" ]; then
  log "installing Prism $PRISM_VERSION (npm install --prefix bench/.work/prism)"
  timeout 400 npm install --no-audit --no-fund --prefix "$work/prism" "@stoplight/prism-cli@$PRISM_VERSION" \
      >"$run/npm-prism.log" 2>&1 || die "cannot install Prism (see $run/npm-prism.log)"
fi

sdk_cp_file="$("$bench/sdk-classpath.sh" "$run/sdk-classpath.log")" || die "no SDK classpath"

seed_file() {  # $1 = count -> path of a JSON array of bench-%06d instances, 1000 per subnet
  local f="$work/seed-$1.json"
  if [ ! -s "$f" ]; then
    awk -v n="$1" -v p="$PROJECT" 'BEGIN { printf "["; for (i = 0; i < n; i++) { if (i) printf ",";
        printf "{\"project_id\":\"%s\",\"id\":\"bench-%06d\",\"subnet_id\":\"bench-%d\"}", p, i, int(i / 1000) }
        print "]" }' >"$f.tmp" && mv "$f.tmp" "$f"
  fi
  echo "$f"
}
seed_file "$IDS" >/dev/null
wanted h2-list && seed_file "$LIST_IDS" >/dev/null

pg_ok=0
if wanted pg-token; then
  if command -v psql >/dev/null && timeout 15 psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
       -c 'select 1' >/dev/null 2>&1; then
    pg_ok=1
  else
    log "PostgreSQL is not reachable at $PG_HOST:$PG_PORT/$PG_DB as $PG_USER (or psql is missing): skipping pg-token"
  fi
fi
log "setup done in $(elapsed) s"

# From here on this shell and everything it starts run on core 0; servers explicitly on core 1.
taskset -cp 0 $$ >/dev/null

# Is anything else using the CPU? (3 s sample; optionally wait for a quiet machine, WAIT_QUIET_S seconds at most)
background_pct() {  # user+nice+system+steal of the whole machine over 3 s, in % of one core
  local a b; a=$(awk '/^cpu / { print $2 + $3 + $4 + $9 }' /proc/stat); sleep 3
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $9 }' /proc/stat)
  echo $(( (b - a) * 100 / (3 * $(getconf CLK_TCK)) ))
}
bg=$(background_pct)
quiet_deadline=$(( $(date +%s) + ${WAIT_QUIET_S:-0} ))
while [ "$bg" -ge 15 ] && [ "$(date +%s)" -lt "$quiet_deadline" ]; do
  log "background CPU use ${bg}% of a core: waiting for a quieter machine (WAIT_QUIET_S)"
  bg=$(background_pct)
done
BACKGROUND_PCT=$bg
if [ "$bg" -ge 15 ]; then
  log "WARNING: other processes use ${bg}% of a core before the benchmark starts: the figures will be noisy"
else
  log "background CPU use before the benchmark: ${bg}% of a core"
fi

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------
next_port=$PORT_BASE
FREE_PORT=""
pick_port() {  # sets FREE_PORT to a port nobody listens on (every row gets its own port)
  local p=$next_port
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  next_port=$((p + 1))
  FREE_PORT=$p
}
remaining() { echo $(( BENCH_BUDGET_S - $(elapsed) )); }
row_seconds() { echo $(( WARMUP_S + ROUNDS * ROUND_S + SINGLE_S + 15 )); }  # wrk time + stops and checks

http_code() {  # curl ... -> status code only ("000" when no connection)
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" 2>/dev/null || true
}

SERVER=""            # "wrapper:server" of the running server
SERVER_PID=""
START_MS=""
READY_URL=""; READY_HEADER=""
# start_server LABEL READY_URL READY_HEADER -- CMD...: starts CMD pinned to core 1 (stdout+stderr to a log),
# measures the ms from exec to the first 200 on READY_URL (polled every ~5 ms from core 0).
start_server() {
  local label="$1" url="$2" header="$3"; shift 4
  local logf="$run/$label.log" t0 t1 code wrapper child="" i
  READY_URL=$url; READY_HEADER=$header
  t0=${EPOCHREALTIME/./}
  timeout -k 5 "$SERVER_TIMEOUT_S" taskset -c 1 "$@" >"$logf" 2>&1 &
  wrapper=$!
  for i in $(seq 1 200); do  # find the server: the wrapper's child (taskset execs the command)
    child=$(cat "/proc/$wrapper/task/$wrapper/children" 2>/dev/null | awk '{print $1}')
    [ -n "$child" ] && break
    sleep 0.005
  done
  [ -n "$child" ] || child=$(pgrep -P "$wrapper" 2>/dev/null | head -1 || true)
  [ -n "$child" ] || child=$wrapper
  SERVER="$wrapper:$child"; SERVER_PID=$child
  STARTED+=("$SERVER")
  local deadline=$(( $(date +%s) + 90 ))
  while :; do
    if [ -n "$header" ]; then code=$(http_code -H "$header" "$url"); else code=$(http_code "$url"); fi
    [ "$code" = 200 ] && break
    if ! kill -0 "$child" 2>/dev/null; then
      log "$label exited during startup; last lines of its log:"; tail -20 "$logf" >&2; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then log "$label: no 200 from $url within 90 s"; return 1; fi
    sleep 0.005
  done
  t1=${EPOCHREALTIME/./}
  START_MS=$(( (t1 - t0) / 1000 ))
  log "$label: first 200 after $START_MS ms (pid $child, $(ps -o comm= -p "$child"), affinity $(taskset -cp "$child" | awk '{print $NF}'))"
}

# parse_wrk FILE -> "rps p50_ms p99_ms bad requests" (bad = non-2xx/3xx + socket errors; latencies -1 when
# the run got no response at all)
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
      if (v ~ /h$/)  { sub(/h$/, "", v);  return v * 3600000 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    /^[ \t]+50%/ { p50 = ms($2) }
    /^[ \t]+99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { v = $i; sub(/,/, "", v); bad += v } }
    / requests in / { reqs = $1 }
    END {
      if (rps == "" || p99 == "") exit 1
      if (reqs + 0 == 0) { p50 = -1; p99 = -1 }   # no response at all: latency unknown (shown as "-")
      printf "%s %.3f %.3f %d %d\n", rps, p50, p99, bad, reqs
    }
  ' "$1"
}

# drain: wait (<= 30 s) until the server answers its ready request again, so a backlog left by the previous
# wrk run (slow servers keep working through queued requests) does not spill into the next measured run.
drain() {
  local i code
  for i in $(seq 1 60); do
    if [ -n "$READY_HEADER" ]; then code=$(http_code -H "$READY_HEADER" "$READY_URL"); else code=$(http_code "$READY_URL"); fi
    [ "$code" = 200 ] && return 0
    sleep 0.5
  done
  log "drain: no 200 from $READY_URL within 30 s"
}

# CPU accounting, to tell whether something else competed with the measurement:
#  other% = busy ticks of the whole machine (user+nice+system) minus the ticks of the server and of this shell and
#           its children (wrk, curl): other processes. Softirq/irq time is left out (loopback networking lands there).
#  steal% = ticks the hypervisor gave to someone else while this VM wanted to run (/proc/stat steal).
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4, $9; exit }' /proc/stat; }
proc_ticks() {  # PID [children too] -> utime+stime(+cutime+cstime)
  awk -v kids="${2:-0}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (kids) t += $14 + $15; print t }' "/proc/$1/stat" 2>/dev/null || echo 0
}
CPU_SNAP=()
cpu_snap() { CPU_SNAP=($(cpu_ticks) "$(proc_ticks "$SERVER_PID")" "$(proc_ticks $$ 1)" "${EPOCHREALTIME/./}"); }
interference_pct() {  # since the last cpu_snap -> "other% steal%" (in % of one core)
  local now; now=($(cpu_ticks))
  awk -v b0="${CPU_SNAP[0]}" -v st0="${CPU_SNAP[1]}" -v s0="${CPU_SNAP[2]}" -v m0="${CPU_SNAP[3]}" -v t0="${CPU_SNAP[4]}" \
      -v b1="${now[0]}" -v st1="${now[1]}" -v s1="$(proc_ticks "$SERVER_PID")" -v m1="$(proc_ticks $$ 1)" \
      -v t1="${EPOCHREALTIME/./}" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        secs = (t1 - t0) / 1e6; o = (b1 - b0) - (s1 - s0) - (m1 - m0); if (o < 0) o = 0
        printf "%.0f %.0f\n", 100 * (o / hz) / secs, 100 * ((st1 - st0) / hz) / secs }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END { print a[int((NR + 1) / 2)] }'; }

# wrk_run OUT CONNS SECONDS URL LUA [ARGS...]
wrk_run() {
  local out="$1" c="$2" d="$3" url="$4" lua="$5"; shift 5
  timeout $((d + 60)) taskset -c 0 wrk -t1 -c"$c" -d"${d}s" --timeout 5s --latency -s "$lua" "$url" -- "$@" \
      >"$out" 2>&1 || { log "wrk failed (see $out)"; return 1; }
  parse_wrk "$out" >/dev/null || { log "cannot parse wrk output $out"; return 1; }
}

declare -A RPS32 P50_32 P99_32 RPS1 P50_1 P99_1 START RSS BAD NOTE STATUS OTHER STEAL
add_note() { NOTE[$1]="${NOTE[$1]:+${NOTE[$1]}; }$2"; }
ROWS=()

# measure LABEL URL LUA [ARGS...]: warm-up, ROUNDS x ROUND_S at CONNS, 1 x SINGLE_S at 1 connection, RSS.
measure() {
  local label="$1" url="$2" lua="$3"; shift 3
  local r out rps=() p50=() p99=() bad=0 total=0 f
  log "$label: warm-up ${WARMUP_S} s at $CONNS connections"
  wrk_run "$run/$label.warmup.txt" "$CONNS" "$WARMUP_S" "$url" "$lua" "$@" || return 1
  read -r -a f <<<"$(parse_wrk "$run/$label.warmup.txt")"
  if [ "${f[3]}" -ne 0 ]; then
    log "$label: warm-up saw ${f[3]} non-2xx/socket errors"
    add_note "$label" "${f[3]} non-2xx/socket errors in the warm-up (not measured; see $label.warmup.txt)"
  fi
  drain
  cpu_snap
  for r in $(seq 1 "$ROUNDS"); do
    out="$run/$label.c$CONNS.r$r.txt"
    [ "$r" = 1 ] || drain
    wrk_run "$out" "$CONNS" "$ROUND_S" "$url" "$lua" "$@" || return 1
    read -r -a f <<<"$(parse_wrk "$out")"
    rps+=("${f[0]}"); p50+=("${f[1]}"); p99+=("${f[2]}"); bad=$((bad + f[3])); total=$((total + f[4]))
    log "$label: round $r/$ROUNDS at $CONNS conns: ${f[0]} req/s, p50 ${f[1]} ms, p99 ${f[2]} ms, errors ${f[3]}"
  done
  RPS32[$label]=$(median "${rps[@]}"); P50_32[$label]=$(median "${p50[@]}"); P99_32[$label]=$(median "${p99[@]}")
  # say so when the rounds disagree by more than 20% (typically: the JIT was still warming up in round 1)
  local spread; spread=$(printf '%s\n' "${rps[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 }
      END { if (lo > 0 && hi / lo > 1.2) printf "%.0f", 100 * (hi / lo - 1) }')
  if [ -n "$spread" ]; then
    add_note "$label" "req/s@32 rounds differ by ${spread}% ($(printf '%.0f ' "${rps[@]}" | sed 's/ $//'))"
  fi
  out="$run/$label.c1.txt"
  log "$label: ${SINGLE_S} s at 1 connection"
  drain
  wrk_run "$out" 1 "$SINGLE_S" "$url" "$lua" "$@" || return 1
  read -r -a f <<<"$(parse_wrk "$out")"
  RPS1[$label]=${f[0]}; P50_1[$label]=${f[1]}; P99_1[$label]=${f[2]}; bad=$((bad + f[3])); total=$((total + f[4]))
  BAD[$label]=$bad
  read -r OTHER[$label] STEAL[$label] <<<"$(interference_pct)"
  [ "${OTHER[$label]}" -lt 15 ] || log "$label: WARNING: other processes used ${OTHER[$label]}% of a core during the measurement"
  [ "${STEAL[$label]}" -lt 15 ] || log "$label: WARNING: the hypervisor stole ${STEAL[$label]}% of a core during the measurement"
  [ "$bad" -eq 0 ] || log "$label: WARNING: $bad of $total measured requests were non-2xx or socket errors"
  local kib
  kib=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
  RSS[$label]=$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')
  log "$label: RSS after the load ${RSS[$label]} MiB"
  MEASURED_REQUESTS=$total
}

# ROMA Local helpers
roma_token() {  # $1 = base url -> X-Subject-Token
  curl -s -D - -o /dev/null --max-time 30 -X POST "$1/v3/auth/tokens" -H 'Content-Type: application/json' \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"domain\":{\"name\":\"$ACCOUNT\"},\"name\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"$PROJECT_NAME\"}}}}" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }'
}

# roma_start LABEL [serve flags...]: fresh data dir, launcher JVM options, pinned; sets BASE, PORT
# (port: $ROMA_PORT when set, else a free one)
roma_start() {
  local label="$1"; shift
  if [ -n "${ROMA_PORT:-}" ]; then PORT=$ROMA_PORT; else pick_port; PORT=$FREE_PORT; fi
  BASE="http://127.0.0.1:$PORT"
  local data="$run/$label.data"
  rm -rf "$data"
  # shellcheck disable=SC2086
  start_server "$label" "$BASE/_roma_local/health" "" -- "$roma_java" $jvm_opts -jar "$jar" serve --port "$PORT" \
      --data-dir "$data" "$@"
}

# roma_seed LABEL COUNT TOKEN: POST /_roma_local/seed (falls back to a restart with --seed FILE)
ROMA_SEED_METHOD=""
roma_seed() {
  local label="$1" n="$2" token="$3" file t0 code limit
  file=$(seed_file "$n")
  # never let seeding eat the time the measurement needs
  limit=$(( $(remaining) - $(row_seconds) ))
  [ "$limit" -ge 20 ] || limit=20
  log "$label: seeding $n instances (POST /_roma_local/seed, at most $limit s)"
  t0=${EPOCHREALTIME/./}
  code=$(curl -s -o "$run/$label.seed.txt" -w '%{http_code}' --max-time "$limit" -X POST "$BASE/_roma_local/seed" \
      -H "X-Auth-Token: $token" -H 'Content-Type: application/json' --data-binary "@$file" || true)
  if [ "$code" = 200 ]; then
    log "$label: seeded $n instances in $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms: $(head -c 200 "$run/$label.seed.txt")"
    ROMA_SEED_METHOD="POST /_roma_local/seed"
    return 0
  fi
  if [ "$code" = 404 ] || [ "$code" = 405 ]; then
    log "$label: POST /_roma_local/seed answered $code (not available): restarting with --seed FILE instead"
    ROMA_SEED_METHOD="--seed FILE at start (POST /_roma_local/seed unavailable)"
    return 2
  fi
  log "$label: seeding failed with HTTP $code after $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms: $(head -c 300 "$run/$label.seed.txt" 2>/dev/null)"
  return 1
}

# roma_up LABEL [flags]: start (empty data dir, startup timed), token, seed IDS or $SEED_COUNT; sets TOKEN
roma_up() {
  local label="$1"; shift
  local n="${SEED_COUNT:-$IDS}" rc=0
  roma_check_build "$label" || return 1
  roma_start "$label" "$@" || return 1
  START[$label]=$START_MS
  TOKEN=$(roma_token "$BASE")
  [ -n "$TOKEN" ] || { log "$label: no token from POST /v3/auth/tokens"; return 1; }
  roma_seed "$label" "$n" "$TOKEN" || rc=$?
  if [ "$rc" = 2 ]; then
    stop_server "$SERVER"
    local data="$run/$label.data"
    # shellcheck disable=SC2086
    start_server "$label" "$BASE/_roma_local/health" "" -- "$roma_java" $jvm_opts -jar "$jar" serve --port "$PORT" \
        --data-dir "$data" --seed "$(seed_file "$n")" "$@" || return 1
    TOKEN=$(roma_token "$BASE")
    [ -n "$TOKEN" ] || return 1
  elif [ "$rc" != 0 ]; then
    return 1
  fi
  # sanity: a seeded id answers 200 with the token, 401 without
  local id; id=$(printf 'bench-%06d' $((n - 1)))
  local ok; ok=$(http_code -H "X-Auth-Token: $TOKEN" "$BASE/v2/$PROJECT/apic/instances/$id")
  local anon; anon=$(http_code "$BASE/v2/$PROJECT/apic/instances/$id")
  [ "$ok" = 200 ] || { log "$label: GET of seeded $id answered $ok, expected 200"; return 1; }
  [ "$anon" = 401 ] || log "$label: note: GET without credentials answered $anon (expected 401)"
}

# after a row: drop its data dir and shorten its server log (access logs run to 100 MB) unless BENCH_KEEP=1
tidy_row() {  # LABEL
  [ "${BENCH_KEEP:-0}" = 1 ] && return 0
  rm -rf "$run/$1.data"
  local f="$run/$1.log" lines
  if [ -f "$f" ] && [ "$(stat -c %s "$f")" -gt 1000000 ]; then
    lines=$(wc -l <"$f")
    { head -n 100 "$f"; echo "... ($((lines - 200)) lines cut by bench/run.sh; BENCH_KEEP=1 keeps them) ..."
      tail -n 100 "$f"; } >"$f.short" && mv "$f.short" "$f"
  fi
}

row_done() {  # LABEL
  STATUS[$1]=ok
  stop_server "$SERVER"
  tidy_row "$1"
  log "$1: done (elapsed $(elapsed) s)"
}

run_row() {  # LABEL FUNCTION EXTRA_S: respects BENCH_ONLY and the time budget; a failing row does not stop the others
  local label="$1" fn="$2" extra="$3"
  ROWS+=("$label")
  if ! wanted "$label"; then STATUS[$label]="skipped (BENCH_ONLY)"; return 0; fi
  if [ $(( $(row_seconds) + extra )) -gt "$(remaining)" ]; then
    STATUS[$label]="skipped (time budget)"
    log "$label: skipped: needs ~$(( $(row_seconds) + extra )) s, $(remaining) s left of the ${BENCH_BUDGET_S} s budget"
    return 0
  fi
  log "=== $label: starting (elapsed $(elapsed) s)"
  if ! "$fn" "$label"; then
    STATUS[$label]="FAILED"
    log "$label: FAILED (logs in $run)"
    [ -z "$SERVER" ] || stop_server "$SERVER"
    tidy_row "$label"
  fi
  SERVER=""; SERVER_PID=""
}

# ---------------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------------
detail_path="/v2/$PROJECT/apic/instances/bench-000001"

check_body() {  # LABEL BASE: the mock answers the same 1.3 KB body and 401 without the token
  local got; got=$(curl -s --max-time 5 -H "X-Auth-Token: $STATIC_TOKEN" "$2$detail_path" | wc -c)
  [ "$got" -eq "$(wc -c <"$bench/body.json")" ] || log "$1: note: body is $got bytes, body.json $(wc -c <"$bench/body.json")"
  local anon; anon=$(http_code "$2$detail_path")
  [ "$anon" = 401 ] || log "$1: note: GET without the token answered $anon (expected 401)"
}

row_floor() {
  local label="$1" port; pick_port; port=$FREE_PORT
  start_server "$label" "http://127.0.0.1:$port$detail_path" "X-Auth-Token: $STATIC_TOKEN" -- \
      java -jar "$floor_jar" "$port" "$bench/body.json" "$STATIC_TOKEN" || return 1
  START[$label]=$START_MS
  check_body "$label" "http://127.0.0.1:$port"
  measure "$label" "http://127.0.0.1:$port" "$bench/wrk/token.lua" "$STATIC_TOKEN" "$PROJECT" "$IDS" || return 1
  row_done "$label"
}

row_wiremock() {
  local label="$1" port wm_root="$run/wiremock-root"; pick_port; port=$FREE_PORT
  mkdir -p "$wm_root/__files" && cp -r "$bench/wiremock/mappings" "$wm_root/"
  start_server "$label" "http://127.0.0.1:$port$detail_path" "X-Auth-Token: $STATIC_TOKEN" -- \
      java -jar "$wm_jar" --port "$port" --bind-address 127.0.0.1 --root-dir "$wm_root" \
      --no-request-journal --disable-banner || return 1
  START[$label]=$START_MS
  check_body "$label" "http://127.0.0.1:$port"
  measure "$label" "http://127.0.0.1:$port" "$bench/wrk/token.lua" "$STATIC_TOKEN" "$PROJECT" "$IDS" || return 1
  row_done "$label"
}

row_prism() {
  local label="$1" port; pick_port; port=$FREE_PORT
  start_server "$label" "http://127.0.0.1:$port$detail_path" "X-Auth-Token: $STATIC_TOKEN" -- \
      "$prism_bin" mock -p "$port" -h 127.0.0.1 "$bench/prism/openapi.yaml" || return 1
  START[$label]=$START_MS
  check_body "$label" "http://127.0.0.1:$port"
  measure "$label" "http://127.0.0.1:$port" "$bench/wrk/token.lua" "$STATIC_TOKEN" "$PROJECT" "$IDS" || return 1
  row_done "$label"
}

row_h2_token() {
  local label="$1"
  roma_up "$label" || return 1
  measure "$label" "$BASE" "$bench/wrk/token.lua" "$TOKEN" "$PROJECT" "$IDS" || return 1
  row_done "$label"
}

row_h2_aksk() {
  local label="$1" signed="$run/signed-requests.txt"
  local port; pick_port; port=$FREE_PORT   # the port the signatures are bound to (Host header)
  log "$label: pre-signing $AKSK_REQUESTS requests with the Huawei Cloud SDK signer (Host 127.0.0.1:$port)"
  timeout 180 taskset -c "0-$((ncpu - 1))" java -cp "$(cat "$sdk_cp_file")" "$bench/SignRequests.java" \
      "http://127.0.0.1:$port" "$PROJECT" "$AK" "$SK" "$AKSK_REQUESTS" "$IDS" "$signed" 2>"$run/sign.log" \
      || { log "$label: signing failed (see $run/sign.log)"; cat "$run/sign.log" >&2; return 1; }
  log "$label: $(tail -1 "$run/sign.log")"
  ROMA_PORT=$port roma_up "$label" || return 1
  # verify a few signed requests with curl (expect 200), and that a tampered one is refused
  local line fields h hdrs code n=0
  while IFS= read -r line; do
    IFS=$'\t' read -r -a fields <<<"$line"
    hdrs=(); for h in "${fields[@]:1}"; do hdrs+=(-H "$h"); done
    code=$(http_code "${hdrs[@]}" "$BASE${fields[0]}")
    n=$((n + 1))
    [ "$code" = 200 ] || { log "$label: signed request $n answered $code, expected 200"; return 1; }
  done < <(awk -v n="$AKSK_REQUESTS" 'NR == 1 || NR == 2 || NR == int(n / 2) || NR == n' "$signed")
  # the last one again, for another instance: the signature covers the path, so it must be refused
  code=$(http_code "${hdrs[@]}" "$BASE${fields[0]%/*}/bench-000002")
  [ "$code" = 401 ] || log "$label: note: a tampered signed request answered $code (expected 401)"
  log "$label: $n signed requests verified with curl (200); a tampered one answered $code"
  measure "$label" "$BASE" "$bench/wrk/aksk.lua" "$signed" || return 1
  add_note "$label" "$AKSK_REQUESTS pre-signed requests, each replayed ~$(( (MEASURED_REQUESTS + AKSK_REQUESTS - 1) / AKSK_REQUESTS ))x in the measured runs"
  row_done "$label"
}

row_pg_token() {
  local label="$1"
  [ "$pg_ok" = 1 ] || { STATUS[$label]="skipped (no PostgreSQL)"; return 0; }
  PG_SCHEMA="rl_bench_${run_id//-/_}_$$"
  timeout 30 psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null \
      || { log "$label: cannot create schema $PG_SCHEMA"; return 1; }
  log "$label: fresh schema $PG_SCHEMA"
  roma_up "$label" --jdbc-url "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$PG_SCHEMA" \
      --jdbc-user "$PG_USER" || { drop_schema; return 1; }
  measure "$label" "$BASE" "$bench/wrk/token.lua" "$TOKEN" "$PROJECT" "$IDS" || { drop_schema; return 1; }
  row_done "$label"
  drop_schema
}

row_h2_list() {
  local label="$1"
  SEED_COUNT=$LIST_IDS roma_up "$label" || return 1
  local items
  items=$(curl -s --max-time 10 -H "X-Auth-Token: $TOKEN" "$BASE/v2/$PROJECT/instances?limit=100" | grep -o '"id":"bench-' | wc -l)
  log "$label: GET /v2/$PROJECT/instances?limit=100 lists $items bench instances"
  measure "$label" "$BASE" "$bench/wrk/list.lua" "$TOKEN" "$PROJECT" 100 || return 1
  row_done "$label"
}

# the last argument: seconds the row needs beyond start-up + warm-up + measurement (seeding, signing)
run_row floor row_floor 0
run_row wiremock row_wiremock 0
run_row prism row_prism 0
run_row h2-token row_h2_token 15
run_row h2-aksk row_h2_aksk 25
run_row pg-token row_pg_token 20
run_row h2-list row_h2_list 30

# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------
declare -A NAME=([floor]="netty floor" [wiremock]="wiremock $WIREMOCK_VERSION" [prism]="prism $PRISM_VERSION"
                 [h2-token]="roma h2 token" [h2-aksk]="roma h2 aksk" [pg-token]="roma pg token" [h2-list]="roma h2 list")
has() { [ "${STATUS[$1]:-}" = ok ]; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
num() { awk -v v="$1" -v d="$2" 'BEGIN { if (v < 0) print "-"; else printf "%." d "f", v }'; }
lat_lt() { awk -v a="$1" -v b="$2" 'BEGIN { if (a < 0) exit 1; if (b < 0) exit 0; exit !(a < b) }'; }  # -1 = no data
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
held() { if "$@"; then echo HELD; else echo "NOT HELD"; fi; }

report() {
  local r
  printf '%-20s %9s %7s %8s %8s %8s %8s %8s %9s %7s %7s %6s %6s\n' server 'req/s@32' 'x floor' 'p50@32' 'p99@32' \
      'req/s@1' 'p50@1' 'p99@1' 'start ms' 'RSS MiB' errors 'other%' 'steal%' 
  for r in "${ROWS[@]}"; do
    if has "$r"; then
      local x="-"; has floor && x=$(ratio "${RPS32[$r]}" "${RPS32[floor]}")
      printf '%-20s %9s %7s %8s %8s %8s %8s %8s %9s %7s %7s %6s %6s\n' "${NAME[$r]}" "$(num "${RPS32[$r]}" 0)" "$x" \
          "$(num "${P50_32[$r]}" 2)" "$(num "${P99_32[$r]}" 2)" "$(num "${RPS1[$r]}" 0)" "$(num "${P50_1[$r]}" 2)" \
          "$(num "${P99_1[$r]}" 2)" "${START[$r]}" "${RSS[$r]}" "${BAD[$r]}" "${OTHER[$r]}" "${STEAL[$r]}"
    else
      printf '%-20s %s\n' "${NAME[$r]}" "${STATUS[$r]:-not run}"
    fi
  done
  echo "(latencies in ms; req/s@32, p50@32, p99@32 = median of $ROUNDS x ${ROUND_S} s at $CONNS connections after a ${WARMUP_S} s warm-up;"
  echo " @1 = one ${SINGLE_S} s run at 1 connection; start = exec to first 200 (ROMA Local: /_roma_local/health, empty data dir);"
  echo " RSS after the load; errors = non-2xx + socket errors over all measured runs; list = limit=100 over $LIST_IDS instances;"
  echo " other% / steal% = CPU used by processes outside the benchmark / taken by the hypervisor (steal) during the"
  echo " measured runs, in % of one core; 15 or more means the figures of that row are depressed and noisy)"
  for r in "${ROWS[@]}"; do [ -z "${NOTE[$r]:-}" ] || echo " ${NAME[$r]}: ${NOTE[$r]}"; done
  [ -z "$ROMA_SEED_METHOD" ] || echo " ROMA Local seeded with: $ROMA_SEED_METHOD"
  [ -z "$ROMA_REBUILT" ] || echo " WARNING: roma-local.jar was rebuilt during the run; rebuilt before:$ROMA_REBUILT"

  echo
  echo "targets:"
  target() {  # DESCRIPTION NEEDED_ROWS... -- CHECK...
    local desc="$1"; shift
    local need=() miss=""
    while [ "$1" != -- ]; do need+=("$1"); shift; done; shift
    local n; for n in "${need[@]}"; do has "$n" || miss="$miss $n"; done
    if [ -n "$miss" ]; then printf '  %-52s n/a (missing:%s)\n' "$desc" "$miss"; return; fi
    local value; value=$("$@")
    printf '  %-52s %s\n' "$desc" "$value"
  }
  t_ratio() {  # A B MIN -> "HELD (0.71)"
    local q; q=$(ratio "$1" "$2")
    echo "$(held awk -v q="$q" -v m="$3" 'BEGIN { exit !(q >= m) }') ($q)"
  }
  t_max() {  # VALUE MAX UNIT (-1 = no data)
    echo "$(held lat_lt "$1" "$(awk -v m="$2" 'BEGIN { print m + 1e-9 }')") ($(num "$1" 2) $3)"
  }
  target "token req/s >= 0.60 x floor" h2-token floor -- t_ratio "${RPS32[h2-token]:-0}" "${RPS32[floor]:-0}" 0.60
  target "token req/s >= 3 x WireMock" h2-token wiremock -- t_ratio "${RPS32[h2-token]:-0}" "${RPS32[wiremock]:-0}" 3
  target "token p99 <= 2 ms @$CONNS conns" h2-token -- t_max "${P99_32[h2-token]:-0}" 2 ms
  target "aksk req/s >= 0.45 x floor" h2-aksk floor -- t_ratio "${RPS32[h2-aksk]:-0}" "${RPS32[floor]:-0}" 0.45
  target "pg token req/s >= 0.90 x h2 token" pg-token h2-token -- t_ratio "${RPS32[pg-token]:-0}" "${RPS32[h2-token]:-0}" 0.90
  target "list p99 <= 20 ms @$CONNS conns" h2-list -- t_max "${P99_32[h2-list]:-0}" 20 ms
  # startup: median of the ROMA Local H2 rows' starts (each on an empty data dir) vs the floor's start
  local starts=() r2
  for r2 in h2-token h2-aksk h2-list; do has "$r2" && starts+=("${START[$r2]}"); done
  if [ "${#starts[@]}" -gt 0 ] && has floor; then
    local ms; ms=$(median "${starts[@]}")
    printf '  %-52s %s\n' "ROMA Local start <= floor start (${START[floor]} ms)" \
        "$(held le "$ms" "${START[floor]}") ($ms ms, median of ${#starts[@]} H2 starts: ${starts[*]})"
  else
    printf '  %-52s n/a\n' "ROMA Local start <= floor start"
  fi
  local worst="" worst_row=""
  for r2 in h2-token h2-aksk pg-token h2-list; do
    has "$r2" || continue
    if [ -z "$worst" ] || [ "${RSS[$r2]}" -gt "$worst" ]; then worst=${RSS[$r2]}; worst_row=$r2; fi
  done
  if [ -n "$worst" ]; then
    printf '  %-52s %s\n' "ROMA Local RSS after the load <= 160 MiB" \
        "$(held le "$worst" 160) (max $worst MiB, ${NAME[$worst_row]})"
  else
    printf '  %-52s n/a\n' "ROMA Local RSS after the load <= 160 MiB"
  fi
  # each ROMA Local row ahead of WireMock and Prism: higher req/s@32 and req/s@1, lower p99@32 and p99@1
  for r2 in h2-token h2-aksk pg-token h2-list; do
    has "$r2" || continue
    if ! has wiremock || ! has prism; then
      printf '  %-52s n/a (missing WireMock or Prism)\n' "${NAME[$r2]} ahead of WireMock and Prism"; continue
    fi
    local lost=""
    local m; for m in wiremock prism; do
      awk -v a="${RPS32[$r2]}" -v b="${RPS32[$m]}" 'BEGIN { exit !(a > b) }' || lost="$lost req/s@32<$m"
      awk -v a="${RPS1[$r2]}" -v b="${RPS1[$m]}" 'BEGIN { exit !(a > b) }' || lost="$lost req/s@1<$m"
      lat_lt "${P99_32[$r2]}" "${P99_32[$m]}" || lost="$lost p99@32>$m"
      lat_lt "${P99_1[$r2]}" "${P99_1[$m]}" || lost="$lost p99@1>$m"
    done
    if [ -z "$lost" ]; then
      printf '  %-52s HELD (req/s and p99, @%s and @1)\n' "${NAME[$r2]} ahead of WireMock and Prism" "$CONNS"
    else
      printf '  %-52s NOT HELD (%s)\n' "${NAME[$r2]} ahead of WireMock and Prism" "${lost# }"
    fi
  done
  local bad_rows=""
  for r2 in "${ROWS[@]}"; do has "$r2" && [ "${BAD[$r2]}" -gt 0 ] && bad_rows="$bad_rows ${NAME[$r2]}"; done
  [ -z "$bad_rows" ] || echo "  WARNING: non-2xx or socket errors during the measured runs of:$bad_rows (see the logs)"
  local noisy=""
  for r2 in "${ROWS[@]}"; do
    has "$r2" && { [ "${OTHER[$r2]}" -ge 15 ] || [ "${STEAL[$r2]}" -ge 15 ]; } \
        && noisy="$noisy ${NAME[$r2]} (${OTHER[$r2]}% + ${STEAL[$r2]}% steal)"
  done
  [ -z "$noisy" ] || echo "  WARNING: the CPU was shared (other processes + hypervisor steal) while measuring:$noisy; rerun on a quiet machine"

  echo
  echo "machine: $ncpu cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)," \
       "$(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $(date -u '+%Y-%m-%d %H:%M:%S UTC')," \
       "load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)," \
       "background CPU before the run ${BACKGROUND_PCT}% of a core"
  echo "ROMA Local: $roma_version (git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$( \
       [ -z "$(git -C "$root" status --porcelain -- roma-local-server roma-local pom.xml 2>/dev/null)" ] || echo ', uncommitted changes')), JVM options: $jvm_opts"
  echo "servers pinned to core 1, wrk -t1 and helpers to core 0; run took $(elapsed) s; logs: ${run#"$root"/}"
}

[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$run/signed-requests.txt"
# keep the last 5 runs' logs
ls -1d "$work"/run-* 2>/dev/null | sort | head -n -5 | while read -r old; do rm -rf "$old"; done
log "report (elapsed $(elapsed) s)"
report | tee "$run/results.txt"
