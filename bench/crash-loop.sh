#!/usr/bin/env bash
# Kill -9 while the lifecycle's workers commit, N times (default 50; ~15 s each): the scenario of CrashDuringCreateIT
# with the moment of the kill drawn at random. Each run creates 40 instances on a new embedded store, kills the
# server 0-600 ms later, restarts it, moves the clock on and checks that every instance is Running with every create
# status exactly once in its history. Prints one line per run and the number of runs that lost part of a
# transaction; exits 1 if any did (their data directories and server output are kept and named).
#   bench/crash-loop.sh [runs] [seed]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/roma-local" --version >/dev/null      # builds the jar if it is missing or stale
exec java "$here/bench/CrashLoop.java" "$here/roma-local-server/target/roma-local.jar" "${1:-50}" ${2:+"$2"}
