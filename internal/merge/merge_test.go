package merge

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/results"
)

// points and repeat make a plan of 6 cells: a#0 a#1 b#0 b#1 c#0 c#1.
var points = []string{"a", "b", "c"}

const repeat = 2

// shardOf returns shard i of n of the plan, dealt round-robin, as a
// run on host would write it.
func shardOf(i, n int, host string) Input {
	m := &results.Meta{Scenario: "s", SHA256: "1234567890abcdef", Seed: 7, Repeat: repeat,
		Engine: "node v22.1.0 (/home/" + host + "/node)", Node: "v22.1.0",
		Env:     results.Env{Host: host, Bpbench: "v1", CPU: host + " CPU"},
		Started: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC), Finished: time.Date(2026, 1, 1, 1, i, 0, 0, time.UTC),
		Shard:          &results.Shard{Index: i, Count: n, From: "test", PlanCells: len(points) * repeat, Points: points},
		HighWaterMarks: map[string]int64{}}
	x := Input{Path: fmt.Sprintf("shard%d/s", i), Meta: m}
	for k := i; k < len(points)*repeat; k += n {
		p := points[k/repeat]
		x.Records = append(x.Records, results.Record{Scenario: "s", Cell: p, Repeat: k % repeat, Index: k, Engine: "node"})
		m.HighWaterMarks[p] = int64(k)
	}
	m.Cells = len(x.Records)
	return x
}

func TestMerge(t *testing.T) {
	t.Parallel()
	in := []Input{shardOf(1, 3, "h1"), shardOf(0, 3, "h0"), shardOf(2, 3, "h2")}
	r, err := Merge(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) != 6 || r.MissingCount != 0 || len(r.Warnings) != 0 {
		t.Fatalf("Merge = %d records, %d missing, warnings %v; want 6, 0, none", len(r.Records), r.MissingCount, r.Warnings)
	}
	for k, rec := range r.Records {
		if rec.Index != k {
			t.Fatalf("record %d has index %d: not in plan order", k, rec.Index)
		}
	}
	m := r.Meta
	if m.Cells != 6 || m.Shard != nil || len(m.Shards) != 3 || len(m.HighWaterMarks) != 3 {
		t.Fatalf("merged meta: cells %d, shard %v, %d shards, hwms %v", m.Cells, m.Shard, len(m.Shards), m.HighWaterMarks)
	}
	if m.Shards[1].Env.Host != "h0" || m.Shards[1].Shard.Index != 0 || m.Shards[1].Cells != 2 {
		t.Fatalf("Shards[1] = %+v; want h0's shard 0 with 2 cells", m.Shards[1])
	}
	if !m.Started.Equal(in[1].Meta.Started) || !m.Finished.Equal(in[2].Meta.Finished) {
		t.Fatalf("merged run from %v to %v; want the first start and the last end", m.Started, m.Finished)
	}
}

func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(in []Input) []Input
		want   []string // in the error
	}{
		{"overlapping shards", func(in []Input) []Input {
			x := shardOf(0, 2, "other") // cells 0, 2, 4 again, as shard 0/2
			return append(in[:2], x)
		}, []string{"the plan was split two ways", "shard0/s"}},
		{"overlapping cells", func(in []Input) []Input {
			in[1].Records = append(in[1].Records, in[0].Records[0])
			return in
		}, []string{"1 cells come more than once", "a#0 (in shard0/s and in shard1/s)"}},
		{"a cell twice in one file", func(in []Input) []Input {
			in[2].Records = append(in[2].Records, in[2].Records[0])
			return in
		}, []string{"b#0 (twice in shard2/s)"}},
		{"the same shard twice", func(in []Input) []Input {
			x := shardOf(1, 3, "h9")
			x.Path = "again/s"
			return append(in, x)
		}, []string{"shard1/s and again/s are both shard 1/3"}},
		{"a missing shard", func(in []Input) []Input { return []Input{in[0], in[2]} },
			[]string{"2 of the plan's 6 cells are missing: a#1, c#0", "shard 1/3 is not among the inputs", "--allow-missing"}},
		{"a different scenario", func(in []Input) []Input {
			in[2].Meta.SHA256 = "fedcba0987654321"
			return in
		}, []string{"shard0/s and shard2/s are not parts of one run", "scenario text (sha256) 1234567890ab vs fedcba098765"}},
		{"a different seed", func(in []Input) []Input { in[1].Meta.Seed = 8; return in },
			[]string{"shard0/s and shard1/s", "seed 7 vs 8"}},
		{"a different engine", func(in []Input) []Input { in[1].Meta.Engine = "node v24.0.0 (/x)"; return in },
			[]string{"engine node v22.1.0 vs node v24.0.0"}},
		{"a different bpbench", func(in []Input) []Input { in[2].Meta.Env.Bpbench = "v2"; return in },
			[]string{"bpbench version v1 vs v2"}},
		{"no run.json", func(in []Input) []Input { in[1].Meta = nil; return in },
			[]string{"shard1/s has no run.json beside it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.change([]Input{shardOf(0, 3, "h0"), shardOf(1, 3, "h1"), shardOf(2, 3, "h2")})
			_, err := Merge(in, Options{})
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("Merge = %v; want an error with %q", err, w)
				}
			}
		})
	}
}

// TestMergeAllowMissing: a partial merge goes through and says what is
// missing.
func TestMergeAllowMissing(t *testing.T) {
	t.Parallel()
	r, err := Merge([]Input{shardOf(0, 3, "h0"), shardOf(2, 3, "h2")}, Options{AllowMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) != 4 || strings.Join(r.Missing, " ") != "a#1 c#0" || r.Meta.Cells != 6 {
		t.Fatalf("Merge = %d records, missing %v, plan %d; want 4, [a#1 c#0], 6", len(r.Records), r.Missing, r.Meta.Cells)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "partial merge: 2 of the plan's 6 cells are missing: a#1, c#0; shard 1/3") {
		t.Fatalf("warnings %q", r.Warnings)
	}
}

// TestMergeNodePaths: the same Node installed in different places on two
// machines is the same engine.
func TestMergeNodePaths(t *testing.T) {
	t.Parallel()
	in := []Input{shardOf(0, 2, "h0"), shardOf(1, 2, "h1")}
	if in[0].Meta.Engine == in[1].Meta.Engine {
		t.Fatal("test inputs should differ in their Node's path")
	}
	if _, err := Merge(in, Options{}); err != nil {
		t.Fatal(err)
	}
}
