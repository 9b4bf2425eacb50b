#!/bin/sh
# compare.sh [NODE] [REPEATS]: pipe.js on the cells of live.yaml (50MiB/s
# into 20MiB/s, 4KiB chunks, 1s each), REPEATS times per highWaterMark,
# printing each run and the mean with its 95% confidence interval, then
# `uptime` (how loaded the machine was).
set -eu
NODE=${1:-node}
N=${2:-5}
dir=$(dirname "$0")
for hwm in 4096 8192 16384 65536 1048576; do
  i=0
  while [ "$i" -lt "$N" ]; do
    "$NODE" "$dir/pipe.js" 50 20 4096 "$hwm" 1
    i=$((i + 1))
  done | tee /dev/stderr | awk -v hwm="$hwm" '
    { match($0, /"throughputMiBps":[0-9.]+/); v = substr($0, RSTART + 18, RLENGTH - 18); s += v; ss += v * v; n++ }
    END { m = s / n; sd = sqrt((ss - n * m * m) / (n - 1)); t = (n == 5 ? 2.776 : 2.262);
          printf "pipe.js hwm=%d: %.2f MiB/s ± %.2f (95%% CI, n=%d)\n", hwm, m, t * sd / sqrt(n), n }'
done
uptime
