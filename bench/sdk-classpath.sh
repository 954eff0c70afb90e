#!/usr/bin/env bash
# Prints the path of a file that holds the Huawei Cloud SDK's classpath (roma-local-server's test scope), which
# bench/SignRequests.java runs with; resolves it first when it is missing or older than the POMs.
#   bench/sdk-classpath.sh [log-file]        (Maven's output goes to the log file; default: discarded)
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
cp_file="$bench/.work/sdk.classpath"
log="${1:-/dev/null}"
mkdir -p "$bench/.work"
if [ ! -s "$cp_file" ] || [ "$root/roma-local-server/pom.xml" -nt "$cp_file" ] || [ "$root/pom.xml" -nt "$cp_file" ] \
   || ! tr ':' '\n' <"$cp_file" | grep -q huaweicloud-sdk-core; then
  echo "[bench] $(date +%H:%M:%S) resolving the Huawei Cloud SDK classpath (test scope of roma-local-server)" >&2
  # That scope includes the client module, which on a fresh machine is in no Maven repository yet: install it first.
  if ! { timeout 300 mvn -B -q -Dstyle.color=never -f "$root/pom.xml" -pl roma-local-client -am -DskipTests install \
         && timeout 300 mvn -B -q -Dstyle.color=never -f "$root/roma-local-server/pom.xml" dependency:build-classpath \
              -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"; } >"$log" 2>&1; then
    rm -f "$cp_file"
    echo "cannot resolve the SDK classpath${1:+ (see $log)}" >&2
    exit 1
  fi
fi
echo "$cp_file"
