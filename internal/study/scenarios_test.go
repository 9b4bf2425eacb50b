package study

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/scenario"
)

// TestStudyScenarios holds scenarios/study/ to the study's design: each
// validates and plans (as bpbench validate does), runs on the node engine's
// wall clock, repeats until steady, and sweeps 16KiB against 64KiB on the
// five runtimes at 1 and at 100 or more pipelines.
func TestStudyScenarios(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/study/*.yaml")
	if err != nil || len(files) < 6 {
		t.Fatalf("scenarios/study: %d files (%v); want the six questions at least", len(files), err)
	}
	for _, f := range files {
		s, err := scenario.ParseFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if _, err := plan.Expand(s); err != nil {
			t.Errorf("%s: plan: %v", f, err)
		}
		if s.Engine != scenario.Node || s.Timing != scenario.Wall {
			t.Errorf("%s: engine %q timing %q; want node, wall", f, s.Engine, s.Timing)
		}
		if s.RepeatUntil.CV != 0.05 || s.RepeatUntil.Min != 3 || s.Repeat < s.RepeatUntil.Min {
			t.Errorf("%s: repeatUntil %+v, repeat %d; want cv 0.05, min 3, a cap of 3 or more", f, s.RepeatUntil, s.Repeat)
		}
		swept := map[string][]string{}
		for _, sw := range s.Sweep {
			for _, v := range sw.Values {
				swept[sw.Path] = append(swept[sw.Path], v.Text)
			}
		}
		if got := swept["highWaterMark"]; !slices.Equal(got, []string{Small, Large}) {
			t.Errorf("%s: highWaterMark %v; want [%s %s]", f, got, Small, Large)
		}
		if got := swept["node"]; !slices.Equal(got, []string{"20", "22", "24", "bun", "deno"}) {
			t.Errorf("%s: node %v; want [20 22 24 bun deno]", f, got)
		}
		many := false
		for _, v := range swept["pipelines"] {
			n, _ := strconv.Atoi(v)
			many = many || n >= ManyPipelines
		}
		if !slices.Contains(swept["pipelines"], "1") || !many {
			t.Errorf("%s: pipelines %v; want 1 and %d or more", f, swept["pipelines"], ManyPipelines)
		}
	}
}
