package shard

import (
	"errors"
	"strings"
	"testing"
)

// env returns a getenv over the given variables.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, spec string
		env        []string
		index, n   int
	}{
		{"explicit", "1/4", nil, 1, 4},
		{"explicit ignores the environment", "0/2", []string{EnvSlurmID, "3", EnvSlurmCount, "4"}, 0, 2},
		{"bpbench's own", "auto", []string{EnvIndex, "2", EnvCount, "3"}, 2, 3},
		{"bpbench index, count from auto/N", "auto/5", []string{EnvIndex, "4"}, 4, 5},
		{"kubernetes with auto/N", "auto/4", []string{EnvKubernetes, "3"}, 3, 4},
		{"kubernetes with BPBENCH_SHARD_COUNT", "auto", []string{EnvKubernetes, "0", EnvCount, "8"}, 0, 8},
		{"slurm 0-3", "auto", []string{EnvSlurmID, "2", EnvSlurmCount, "4", EnvSlurmMin, "0", EnvSlurmMax, "3"}, 2, 4},
		{"slurm 1-4 is shards 0-3", "auto", []string{EnvSlurmID, "1", EnvSlurmCount, "4", EnvSlurmMin, "1", EnvSlurmMax, "4"}, 0, 4},
		{"slurm 10-16:2", "auto", []string{EnvSlurmID, "14", EnvSlurmCount, "4", EnvSlurmMin, "10", EnvSlurmMax, "16", EnvSlurmStep, "2"}, 2, 4},
		{"slurm with matching auto/N", "auto/4", []string{EnvSlurmID, "3", EnvSlurmCount, "4", EnvSlurmMin, "0"}, 3, 4},
		{"gitlab is 1-based", "auto", []string{EnvGitLab, "1", EnvGitLabN, "3"}, 0, 3},
		{"gitlab last", "auto", []string{EnvGitLab, "3", EnvGitLabN, "3"}, 2, 3},
		{"two systems that agree", "auto", []string{EnvIndex, "1", EnvCount, "2", EnvGitLab, "2", EnvGitLabN, "2"}, 1, 2},
		{"gitlab total alone is not a shard", "auto", []string{EnvIndex, "0", EnvCount, "1", EnvGitLabN, "1"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.spec, env(tt.env...))
			if err != nil || got.Index != tt.index || got.Count != tt.n {
				t.Fatalf("Parse(%q, %v) = %v (%s), %v; want %d/%d", tt.spec, tt.env, got, got.From, err, tt.index, tt.n)
			}
			if got.From == "" {
				t.Fatalf("Parse(%q) says not where the shard came from", tt.spec)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, spec string
		env        []string
		want       string // in the error
	}{
		{"bad explicit", "4/4", nil, "0 <= I < N"},
		{"not a number", "a/b", nil, "want I/N"},
		{"auto with nothing set", "auto", nil, "no shard index in the environment"},
		{"auto/0", "auto/0", []string{EnvKubernetes, "0"}, "N >= 1"},
		{"kubernetes without a count", "auto", []string{EnvKubernetes, "2"}, "no shard count: give --shard auto/N or set BPBENCH_SHARD_COUNT"},
		{"kubernetes index out of range", "auto/3", []string{EnvKubernetes, "3"}, "JOB_COMPLETION_INDEX=3 is out of range for 3 shards"},
		{"count from flag and env differ", "auto/3", []string{EnvKubernetes, "0", EnvCount, "4"}, "--shard auto/3, but BPBENCH_SHARD_COUNT=4"},
		{"not an integer", "auto", []string{EnvKubernetes, "x", EnvCount, "2"}, `JOB_COMPLETION_INDEX="x" is not an integer`},
		{"bpbench index out of range", "auto", []string{EnvIndex, "-1", EnvCount, "2"}, "out of range"},
		{"slurm without count", "auto", []string{EnvSlurmID, "1"}, "without SLURM_ARRAY_TASK_COUNT"},
		{"slurm list", "auto", []string{EnvSlurmID, "5", EnvSlurmCount, "3", EnvSlurmMin, "1", EnvSlurmMax, "9"}, "not one range"},
		{"slurm id off the step", "auto", []string{EnvSlurmID, "3", EnvSlurmCount, "4", EnvSlurmMin, "0", EnvSlurmStep, "2"}, "not one of the array's 4"},
		{"slurm count against auto/N", "auto/8", []string{EnvSlurmID, "0", EnvSlurmCount, "4", EnvSlurmMin, "0"}, "4 shards, not 8"},
		{"gitlab 0 is not an index", "auto", []string{EnvGitLab, "0", EnvGitLabN, "3"}, "from 1"},
		{"gitlab index above total", "auto", []string{EnvGitLab, "4", EnvGitLabN, "3"}, "CI_NODE_INDEX=4, CI_NODE_TOTAL=3"},
		{"two systems that disagree", "auto", []string{EnvKubernetes, "1", EnvCount, "4", EnvSlurmID, "2", EnvSlurmCount, "4", EnvSlurmMin, "0"}, "the environment names two shards"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.spec, env(tt.env...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse(%q, %v) = %v, %v; want an error with %q", tt.spec, tt.env, got, err, tt.want)
			}
		})
	}
	if _, err := Parse("auto", env()); !errors.Is(err, ErrNoShard) {
		t.Fatalf("Parse(auto) with no variables = %v; want ErrNoShard", err)
	}
}
