#!/usr/bin/env bash
# JMH micro-benchmarks of the server's hot-path code (bench/jmh/, not part of the root reactor; bench/README.md).
#   bench/jmh.sh                      # the whole suite, short defaults: ~2.5 minutes on 2 cores
#   bench/jmh.sh RouteLookup          # benchmarks whose name matches a regular expression
#   bench/jmh.sh -i 10 -r 2s Token    # any JMH option; the ones given replace the matching defaults
#   bench/jmh.sh -h                   # JMH's options;  bench/jmh.sh -l  lists the benchmarks
# Builds the server library (mvn -o install of roma-local-server and what it needs; tests skipped) and the JMH jar
# (mvn -o -f bench/jmh/pom.xml package) first; SKIP_BUILD=1 reuses bench/jmh/target/roma-local-jmh.jar.
# Without -o builds (the first time JMH is not in ~/.m2 yet) set MVN_OFFLINE= (empty).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/bench/jmh/target/roma-local-jmh.jar"
offline="${MVN_OFFLINE--o}"

if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f "$jar" ]; then
  echo "building the server library and bench/jmh ..." >&2
  (cd "$here" && mvn -B -q $offline -DskipTests -pl roma-local-server -am install)
  mvn -B -q $offline -f "$here/bench/jmh/pom.xml" package
fi

# Short defaults: one fork, 3 x 1 s warm-up, 5 x 1 s measurement per benchmark; each stays unless the caller gives
# the same option. -foe: a benchmark whose setup fails stops the run instead of printing nothing for it.
defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s -foe true)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  opt="${defaults[k]}"
  given=0
  for a in "$@"; do
    [ "$a" = "$opt" ] && given=1
  done
  [ "$given" = 1 ] || args+=("$opt" "${defaults[k + 1]}")
done

# The server's own log lines (store ready, ...) at WARN; the access log keeps its level (INFO) through its own
# variable, as the executable reads them.
export ROMA_LOCAL_LOG_LEVEL="${ROMA_LOCAL_LOG_LEVEL:-WARN}"
exec java -jar "$jar" "${args[@]}" "$@"
