// Package shard splits a plan between machines: which cells shard i of n
// runs, and which shard this process is when a batch system started it.
//
// A shard is given as "I/N" (0 <= I < N) or found in the environment that
// Slurm, Kubernetes and CI systems set for each task of an array ("auto"),
// by Parse:
//
//	BPBENCH_SHARD_INDEX, BPBENCH_SHARD_COUNT   bpbench's own (0-based; e.g. from a GitHub Actions matrix)
//	JOB_COMPLETION_INDEX                       Kubernetes Indexed Job (0-based); the count from auto/N or BPBENCH_SHARD_COUNT
//	SLURM_ARRAY_TASK_ID, _COUNT, _MIN, _STEP   Slurm job array (--array=1-8 is shards 0..7)
//	CI_NODE_INDEX, CI_NODE_TOTAL               GitLab CI parallel: (1-based)
//
// Split assigns cells to shards so that each gets about the same expected
// time, not only the same number of cells: wall-clock cells last their
// scenario's duration, and a sweep over rates or sizes has cells of very
// different lengths. The assignment depends on the plan alone (greedy,
// longest cell first, ties to the lower index), so every machine computes
// the same one, and a plan of equal cells is dealt round-robin: cell k to
// shard k mod n.
//
// The package is pure: Parse takes the environment as a function, and
// nothing here reads a clock.
package shard
