#!/bin/bash
# Submit a bpbench sweep to Slurm: an array of N shards, then a merge job
# that runs when all of them succeeded (--dependency=afterok).
#
#   deploy/slurm/submit.sh SCENARIO.yaml OUT N [sbatch options for the shards...]
#   deploy/slurm/submit.sh scenarios/upload.yaml /shared/bpbench/upload 8 --exclusive
#
# OUT must be on a filesystem every node sees. Prints the two job ids.
# BPBENCH (the binary, default: bpbench on PATH), BPBENCH_FLAGS and
# BPBENCH_MERGE_FLAGS are passed to the jobs.
set -euo pipefail
if [ $# -lt 3 ]; then
	sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
scenario=$1 out=$2 n=$3
shift 3
case $n in '' | *[!0-9]* | 0) echo "submit.sh: N=$n: want a number of shards, 1 or more" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/logs"
SCENARIO=$(realpath "$scenario")
OUT=$(realpath "$out")
export SCENARIO OUT
array=$(sbatch --parsable --array="0-$((n - 1))" --output="$OUT/logs/shard-%a.out" "$@" "$here/bpbench.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --output="$OUT/logs/merge.out" "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
