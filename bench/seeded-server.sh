# Sourced by bench/memory.sh and bench/warmup.sh: starts ROMA Local pinned to core 1 on a fresh data dir, takes a
# token and seeds 10,000 instances (bench-000000 ... in project $project), as bench/run.sh's token row does.
#   seeded_server JAVA_OPTS [serve flags...]     needs $here, $java_bin, $work, $project; sets pid, base, token
# The server's output goes to $work/server.log; the access log is off unless ROMA_LOCAL_ACCESS_LOG says otherwise.
seeded_server() {
  local opts="$1"; shift
  local port=$((19600 + RANDOM % 300))
  # shellcheck disable=SC2086
  ROMA_LOCAL_ACCESS_LOG="${ROMA_LOCAL_ACCESS_LOG:-OFF}" taskset -c 1 "$java_bin" $opts \
      -jar "$here/roma-local-server/target/roma-local.jar" serve --port "$port" --data-dir "$work/data" "$@" \
      >"$work/server.log" 2>&1 &
  pid=$!
  base="http://127.0.0.1:$port"
  until curl -fsS -o /dev/null "$base/_roma_local/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.05
  done
  token="$(curl -si -X POST "$base/v3/auth/tokens" -H 'Content-Type: application/json' -d '{"auth":{"identity":{
    "methods":["password"],"password":{"user":{"domain":{"name":"roma-local"},"name":"admin",
    "password":"roma-local-admin"}}},"scope":{"project":{"name":"cn-north-4"}}}}' \
    | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r')"
  awk -v n=10000 -v p="$project" 'BEGIN { printf "["; for (i = 0; i < n; i++) { if (i) printf ",";
    printf "{\"project_id\":\"%s\",\"id\":\"bench-%06d\",\"subnet_id\":\"bench-%d\"}", p, i, int(i / 1000) }
    print "]" }' >"$work/seed.json"
  curl -fsS -o /dev/null -X POST "$base/_roma_local/seed" -H "X-Auth-Token: $token" \
      -H 'Content-Type: application/json' --data-binary @"$work/seed.json"
}
