#!/usr/bin/env bash
# A process's CPU time so far by thread, busiest first: the JIT's compiler threads, the event loops, the workers...
# Numbers at the end of thread names are dropped, so that a pool's threads add up; threads under MIN-MS are left out.
#   bench/threads-cpu.sh PID [MIN-MS] [INDENT]        (defaults: 10 ms, no indent)
set -euo pipefail
pid="$1"; min="${2:-10}"; indent="${3:-}"
for t in /proc/"$pid"/task/*; do   # a thread may end while this reads it: its line is skipped
  name="$(sed 's/[0-9]*$//' "$t/comm" 2>/dev/null)" && ticks="$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)" \
    && echo "$name|$ticks" || true
done | awk -F'|' -v ms="$((1000 / $(getconf CLK_TCK)))" -v min="$min" -v ind="$indent" '
  { cpu[$1] += $2 * ms; total += $2 * ms }
  END { for (k in cpu) if (cpu[k] >= min) printf "%d|%s%7d ms  %s\n", cpu[k], ind, cpu[k], k
        printf "%d|%s%7d ms  (all threads)\n", total + 1, ind, total }' \
  | sort -t'|' -k1,1 -rn | cut -d'|' -f2-   # each line keyed by its ms; the total's key is one more, so it comes first
