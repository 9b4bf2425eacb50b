#!/bin/bash
# make test-slurm: the Slurm route tested for real on this machine. Installs
# Debian's slurm-wlm and munge if they are missing (needs root), starts a
# one-node cluster of its own (munged, slurmctld, slurmd; its own key,
# socket, ports and folders under $BPBENCH_SLURM_DIR, nothing in /etc),
# submits a 4-task array of a sim scenario and the dependent merge job with
# submit.sh, waits, and checks that the merged results.jsonl is the same,
# byte for byte, as a run of the whole scenario on one machine. Stops its
# daemons at the end, and prints their logs when something fails.
#
#   deploy/slurm/selftest.sh [SCENARIO.yaml]     (default scenarios/quickstart.yaml)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
scenario=${1:-scenarios/quickstart.yaml}
dir=${BPBENCH_SLURM_DIR:-/tmp/bpbench-slurm-test}
ctld_port=${BPBENCH_SLURM_PORT:-16817}
timeout=${BPBENCH_SLURM_TIMEOUT:-240}
shards=4

say() { echo "slurm-test: $*"; }
fail() {
	echo "slurm-test: FAIL: $*" >&2
	for f in "$dir"/slurmctld.log "$dir"/slurmd.log "$dir"/munged.log "$dir"/out/logs/*; do
		[ -f "$f" ] || continue
		echo "----- $f (last 40 lines)" >&2
		tail -n 40 "$f" >&2
	done
	echo "slurm: 0 passed, 1 failed"
	exit 1
}

# stop kills the daemons a run of this script started (by their pid files,
# checking each pid is still that daemon).
stop() {
	local d pid
	for d in slurmd slurmctld munged; do
		[ -f "$dir/$d.pid" ] || continue
		pid=$(cat "$dir/$d.pid" 2>/dev/null || true)
		if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$d" ]; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$dir/$d.pid"
	done
}

# 1. The packages.
need=()
for c in slurmctld slurmd sbatch munged mungekey; do command -v "$c" >/dev/null || need+=("$c"); done
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || fail "missing ${need[*]}: run as root, or apt-get install slurm-wlm munge"
	say "installing slurm-wlm and munge (missing: ${need[*]})"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ "$(id -u)" -eq 0 ] || fail "the one-node cluster runs its daemons as root: run as root"

# 2. A clean folder: a run that was killed may have left daemons.
if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/.bpbench-slurm-test" ]; then
	echo "slurm-test: $dir is not empty and not this test's folder: set BPBENCH_SLURM_DIR to another" >&2
	exit 1
fi
stop
rm -rf "$dir"
mkdir -p "$dir/sock" "$dir/state" "$dir/spool" "$dir/out"
touch "$dir/.bpbench-slurm-test"
chmod 711 "$dir"
chmod 755 "$dir/sock"
trap 'stop' EXIT

# 3. munged, with a key and socket of its own.
mungekey --create --keyfile="$dir/munge.key" >/dev/null 2>&1 || dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$dir/munge.key"
munged --key-file="$dir/munge.key" --socket="$dir/sock/munge.sock" --pid-file="$dir/munged.pid" \
	--log-file="$dir/munged.log" --seed-file="$dir/munged.seed" || fail "munged did not start"
for _ in $(seq 50); do [ -S "$dir/sock/munge.sock" ] && break; sleep 0.1; done
munge -n -S "$dir/sock/munge.sock" | unmunge -S "$dir/sock/munge.sock" >/dev/null || fail "munge cannot encode and decode a credential"

# 4. slurm.conf: one node, this machine by its real host name, 2 CPUs.
host=$(hostname -s)
mem=$(awk '/^MemTotal:/ { m = int($2 / 1024 / 2); print (m > 4096 ? 4096 : m) }' /proc/meminfo)
cat >"$dir/slurm.conf" <<CONF
ClusterName=bpbenchtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/sock/munge.sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=kill_invalid_depend
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

# 5. slurmctld and slurmd; wait for the node.
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N "$host" || fail "slurmd did not start"
state=
for _ in $(seq 60); do
	state=$(sinfo -h -N -o %T 2>/dev/null | head -n 1 || true)
	[ "$state" = idle ] && break
	sleep 0.5
done
[ "$state" = idle ] || fail "node $host is '${state:-unknown}', not idle, after 30s"
say "one-node cluster up: $host, $(sinfo -h -o '%c CPUs, %m MB')"

# 6. The whole scenario on one machine, then the same as a Slurm array.
make -s build
bin=$root/bin/bpbench
"$bin" run --quiet --no-report -o "$dir/single" "$scenario" >/dev/null || [ $? -eq 1 ] || fail "the single-machine run failed"
single=("$dir"/single/*/results.jsonl)
[ -f "${single[0]}" ] || fail "the single-machine run wrote no results"
name=$(basename "$(dirname "${single[0]}")")
read -r array merge < <(BPBENCH=$bin deploy/slurm/submit.sh "$scenario" "$dir/out" "$shards")
say "submitted array job $array ($shards shards of $scenario) and merge job $merge (afterok:$array)"

# 7. Wait for the merge job to end.
end=$((SECONDS + timeout))
mstate=
while [ $SECONDS -lt $end ]; do
	mstate=$(scontrol -o show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
	case $mstate in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) break ;; esac
	sleep 1
done
tasks=$(scontrol -o show job "$array" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
say "array tasks: $tasks merge: ${mstate:-unknown}"
[ "$mstate" = COMPLETED ] || fail "merge job $merge ended ${mstate:-unfinished after ${timeout}s}"

# 8. The merged results are the single run's, cell for cell.
merged=$dir/out/merged/$name
[ -f "$merged/results.jsonl" ] || fail "no $merged/results.jsonl"
if ! cmp -s "$dir/single/$name/results.jsonl" "$merged/results.jsonl"; then
	diff <(cut -c1-160 "$dir/single/$name/results.jsonl") <(cut -c1-160 "$merged/results.jsonl") | head -n 20 >&2 || true
	fail "the merged results differ from the single-machine run's"
fi
cells=$(wc -l <"$merged/results.jsonl")
froms=$(grep -c '"from": "SLURM_ARRAY_TASK_ID=' "$merged/run.json" || true)
[ "$froms" -eq "$shards" ] || fail "the merged run.json lists $froms shards found from SLURM_ARRAY_TASK_ID; want $shards"
[ -f "$merged/index.html" ] || fail "no merged report"
say "the $shards shards merged into $cells cells, identical to the single-machine run; report in $merged/index.html"
echo "slurm: 1 passed, 0 failed"
