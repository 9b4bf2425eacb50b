#!/bin/sh
# interleave.sh BPBENCH NODE [REPEATS]: the live pipe (50MiB/s into 20MiB/s,
# 4KiB chunks, 20MiB) at each highWaterMark, alternating a cell of the
# wall-clock node engine (bpbench run, one cell after its warm-up) and a run
# of pipe.js, REPEATS times; prints one line per pair "hwm engine script"
# in MiB/s, so that a loaded machine weighs on both alike. Summarise with
# awk or see the README.
set -eu
BP=$1
NODE=$2
N=${3:-5}
dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=0
while [ "$r" -lt "$N" ]; do
  for hwm in 4KiB 8KiB 16KiB 64KiB 1MiB; do
    sed -e '/^sweep:/,$d' -e 's/^repeat: .*/repeat: 1/' "$dir/live.yaml" > "$tmp/cell.yaml"
    echo "highWaterMark: $hwm" >> "$tmp/cell.yaml"
    "$BP" run --quiet --no-report --node "$NODE" --seed $((r + 1)) -o "$tmp/out" "$tmp/cell.yaml" > /dev/null
    e=$(grep -o '"throughput":[0-9.e+]*' "$tmp/out/wallcheck-live/results.jsonl" | head -1 | cut -d: -f2)
    bytes=$(echo "$hwm" | sed -e 's/KiB/*1024/' -e 's/MiB/*1048576/' | bc)
    s=$("$NODE" "$dir/pipe.js" 50 20 4096 "$bytes" 1 | grep -o '"throughputMiBps":[0-9.]*' | cut -d: -f2)
    echo "$hwm $(echo "$e / 1048576" | bc -l | cut -c1-6) $s"
  done
  r=$((r + 1))
done
