package shard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The environment variables Parse reads for "auto".
const (
	EnvIndex      = "BPBENCH_SHARD_INDEX"
	EnvCount      = "BPBENCH_SHARD_COUNT"
	EnvKubernetes = "JOB_COMPLETION_INDEX"
	EnvSlurmID    = "SLURM_ARRAY_TASK_ID"
	EnvSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	EnvSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	EnvSlurmMax   = "SLURM_ARRAY_TASK_MAX"
	EnvSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	EnvGitLab     = "CI_NODE_INDEX"
	EnvGitLabN    = "CI_NODE_TOTAL"
)

// ErrNoShard is the error of "auto" where no variable names a shard.
var ErrNoShard = errors.New("shard: --shard auto: no shard index in the environment: set " +
	EnvIndex + " and " + EnvCount + " (0-based), or run as a Kubernetes Indexed Job (" + EnvKubernetes +
	"), a Slurm job array (" + EnvSlurmID + ") or GitLab parallel jobs (" + EnvGitLab + "); or give --shard I/N")

// Spec is one shard of a plan: Index of Count, 0 <= Index < Count.
type Spec struct {
	Index, Count int
	// From says where the shard came from: "--shard 1/4", or the
	// environment variables read ("SLURM_ARRAY_TASK_ID=2 ...").
	From string
}

// String returns "I/N".
func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Parse reads --shard's value: "I/N", "auto" or "auto/N". For auto it
// reads the variables of the package doc through getenv; where several
// systems' variables are set, they must agree, and a count given as
// auto/N must agree with theirs. An error says which variable is missing
// or which values disagree.
func Parse(s string, getenv func(string) (string, bool)) (Spec, error) {
	head, tail, hasN := strings.Cut(s, "/")
	if head != "auto" {
		i, err1 := strconv.Atoi(head)
		n, err2 := strconv.Atoi(tail)
		if !hasN || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
			return Spec{}, fmt.Errorf("shard: --shard %q: want I/N with 0 <= I < N, auto, or auto/N", s)
		}
		return Spec{Index: i, Count: n, From: "--shard " + s}, nil
	}
	given := 0
	if hasN {
		n, err := strconv.Atoi(tail)
		if err != nil || n < 1 {
			return Spec{}, fmt.Errorf("shard: --shard %q: want auto/N with N >= 1", s)
		}
		given = n
	}
	found, err := fromEnv(given, getenv)
	if err != nil {
		return Spec{}, err
	}
	if len(found) == 0 {
		return Spec{}, ErrNoShard
	}
	sp := found[0]
	for _, o := range found[1:] {
		if o.Index != sp.Index || o.Count != sp.Count {
			return Spec{}, fmt.Errorf("shard: --shard auto: the environment names two shards: %s (shard %s) and %s (shard %s)", sp.From, sp, o.From, o)
		}
	}
	if given > 0 && sp.Count != given {
		return Spec{}, fmt.Errorf("shard: --shard %s, but %s: %d shards, not %d", s, sp.From, sp.Count, given)
	}
	return sp, nil
}

// fromEnv returns the shard each system's variables name, in the order of
// the package doc.
func fromEnv(given int, getenv func(string) (string, bool)) ([]Spec, error) {
	var out []Spec
	intVar := func(name string) (int, bool, error) {
		v, ok := getenv(name)
		if !ok || strings.TrimSpace(v) == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, true, fmt.Errorf("shard: --shard auto: %s=%q is not an integer", name, v)
		}
		return n, true, nil
	}
	count := given
	envCount, hasCount, err := intVar(EnvCount)
	if err != nil {
		return nil, err
	}
	if hasCount {
		if envCount < 1 {
			return nil, fmt.Errorf("shard: --shard auto: %s=%d: want 1 or more", EnvCount, envCount)
		}
		if given > 0 && envCount != given {
			return nil, fmt.Errorf("shard: --shard auto/%d, but %s=%d", given, EnvCount, envCount)
		}
		count = envCount
	}
	countFrom := fmt.Sprintf("auto/%d", given)
	if hasCount {
		countFrom = fmt.Sprintf("%s=%d", EnvCount, envCount)
	}
	// A 0-based index whose count is --shard auto/N or BPBENCH_SHARD_COUNT.
	indexed := func(name string) error {
		i, ok, err := intVar(name)
		if err != nil || !ok {
			return err
		}
		if count == 0 {
			return fmt.Errorf("shard: --shard auto: %s=%d but no shard count: give --shard auto/N or set %s", name, i, EnvCount)
		}
		if i < 0 || i >= count {
			return fmt.Errorf("shard: --shard auto: %s=%d is out of range for %d shards (%s; want 0 to %d)", name, i, count, countFrom, count-1)
		}
		out = append(out, Spec{Index: i, Count: count, From: fmt.Sprintf("%s=%d, %s", name, i, countFrom)})
		return nil
	}
	if err := indexed(EnvIndex); err != nil {
		return nil, err
	}
	if err := indexed(EnvKubernetes); err != nil {
		return nil, err
	}
	if sp, ok, err := slurm(intVar); err != nil {
		return nil, err
	} else if ok {
		out = append(out, sp)
	}
	if sp, ok, err := gitlab(intVar); err != nil {
		return nil, err
	} else if ok {
		out = append(out, sp)
	}
	return out, nil
}

// slurm reads a Slurm job array's task: --array=MIN-MAX[:STEP] is the
// shards 0 to COUNT-1, in order.
func slurm(intVar func(string) (int, bool, error)) (Spec, bool, error) {
	id, ok, err := intVar(EnvSlurmID)
	if err != nil || !ok {
		return Spec{}, false, err
	}
	n, hasN, err := intVar(EnvSlurmCount)
	if err != nil {
		return Spec{}, false, err
	}
	if !hasN || n < 1 {
		return Spec{}, false, fmt.Errorf("shard: --shard auto: %s=%d without %s: not a job array?", EnvSlurmID, id, EnvSlurmCount)
	}
	lo, hasLo, err := intVar(EnvSlurmMin)
	if err != nil {
		return Spec{}, false, err
	}
	step, hasStep, err := intVar(EnvSlurmStep)
	if err != nil {
		return Spec{}, false, err
	}
	if !hasStep {
		step = 1
	}
	hi, hasHi, err := intVar(EnvSlurmMax)
	if err != nil {
		return Spec{}, false, err
	}
	from := fmt.Sprintf("%s=%d, %s=%d", EnvSlurmID, id, EnvSlurmCount, n)
	if hasLo {
		from += fmt.Sprintf(", %s=%d", EnvSlurmMin, lo)
	}
	if hasStep {
		from += fmt.Sprintf(", %s=%d", EnvSlurmStep, step)
	}
	if step < 1 {
		return Spec{}, false, fmt.Errorf("shard: --shard auto: %s: a step below 1", from)
	}
	// A list (--array=1,5,9) has no step that maps its ids to 0..n-1.
	if hasLo && hasHi && lo+(n-1)*step != hi {
		return Spec{}, false, fmt.Errorf("shard: --shard auto: %s, %s=%d: the array is not one range MIN-MAX[:STEP] (a list such as --array=1,5,9?); write --array=0-%d", from, EnvSlurmMax, hi, n-1)
	}
	d := id - lo
	if d < 0 || d%step != 0 || d/step >= n {
		return Spec{}, false, fmt.Errorf("shard: --shard auto: %s: the task id is not one of the array's %d", from, n)
	}
	return Spec{Index: d / step, Count: n, From: from}, true, nil
}

// gitlab reads GitLab's parallel jobs, numbered from 1.
func gitlab(intVar func(string) (int, bool, error)) (Spec, bool, error) {
	i, ok, err := intVar(EnvGitLab)
	if err != nil || !ok {
		return Spec{}, false, err
	}
	n, hasN, err := intVar(EnvGitLabN)
	if err != nil {
		return Spec{}, false, err
	}
	from := fmt.Sprintf("%s=%d, %s=%d", EnvGitLab, i, EnvGitLabN, n)
	if !hasN || n < 1 || i < 1 || i > n {
		return Spec{}, false, fmt.Errorf("shard: --shard auto: %s: want 1 <= %s <= %s (GitLab numbers its parallel jobs from 1)", from, EnvGitLab, EnvGitLabN)
	}
	return Spec{Index: i - 1, Count: n, From: from}, true, nil
}
