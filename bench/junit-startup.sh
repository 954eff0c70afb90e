#!/usr/bin/env bash
# Start-to-ready of the JUnit 5 extension's server inside a warm JVM: builds the junit module's test classes, then
# runs dev.romalocal.junit5.bench.StartupBench (ROUNDS measured rounds after WARMUP warm-up rounds) and prints the
# median, p90 and max of each phase (start to ready, first request, stop). See bench/README.md.
#   bench/junit-startup.sh [ROUNDS] [WARMUP]          default 20 and 5
#   ROMA_LOCAL_BENCH_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/test bench/junit-startup.sh   (on PostgreSQL)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="$root/roma-local-junit5/target/bench.classpath"
mvn -B -q -Dstyle.color=never -pl roma-local-junit5 -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2
cp="$root/roma-local-junit5/target/test-classes:$root/roma-local-junit5/target/classes"
cp="$cp:$root/roma-local-server/target/classes:$root/roma-local-client/target/classes:$(cat "$cp_file")"
props=()
if [ -n "${ROMA_LOCAL_BENCH_JDBC_URL:-}" ]; then
  props+=("-Droma.local.jdbc.url=$ROMA_LOCAL_BENCH_JDBC_URL")
fi
exec java -Xmx512m "${props[@]}" -Dlogback.configurationFile="$root/roma-local-junit5/src/test/resources/logback-test.xml" \
    -cp "$cp" dev.romalocal.junit5.bench.StartupBench "${1:-20}" "${2:-5}"
