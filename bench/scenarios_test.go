package bench

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/scenario"
)

// scenarioFiles are the scenarios BenchmarkScenarios runs.
const scenarioFiles = "../scenarios/*.yaml"

// loadPlans parses every starter scenario and expands it, one repeat per
// point (each iteration of a benchmark is a repeat with the same seed: the
// sim engine is deterministic).
func loadPlans(tb testing.TB) []*scenarioPlan {
	tb.Helper()
	files, err := filepath.Glob(scenarioFiles)
	if err != nil || len(files) == 0 {
		tb.Fatalf("no scenarios in %s (%v)", scenarioFiles, err)
	}
	var out []*scenarioPlan
	for _, f := range files {
		s, err := scenario.ParseFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		one := *s
		one.Repeat = 1
		cells, err := plan.Expand(&one)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, &scenarioPlan{name: s.Name, cells: cells})
	}
	return out
}

type scenarioPlan struct {
	name  string
	cells []plan.Cell
}

// BenchmarkScenarios runs every cell of every starter scenario on the sim
// engine as a sub-benchmark, BenchmarkScenarios/<scenario>/<cell>, and
// reports its metrics with b.ReportMetric: ns/op is the harness's own cost
// of simulating the cell, the other units are what the cell measured.
//
//	go test ./bench -run '^$' -bench Scenarios/quickstart -count 5 > new.txt
//	benchstat old.txt new.txt
func BenchmarkScenarios(b *testing.B) {
	for _, p := range loadPlans(b) {
		b.Run(p.name, func(b *testing.B) {
			for _, c := range p.cells {
				b.Run(c.Name, func(b *testing.B) {
					cfg := c.Config.EngineConfig(c.Seed)
					var res engine.Result
					for b.Loop() {
						r, err := (sim.Engine{TimelinePoints: -1}).Run(context.Background(), cfg)
						if err != nil {
							b.Fatal(err)
						}
						res = r
					}
					// The units of bench.txt, so that benchstat reads both alike.
					for _, u := range report.BenchUnits {
						if v, ok := res.Metrics.Get(u.Metric); ok {
							b.ReportMetric(v*u.Scale, u.Unit)
						}
					}
				})
			}
		})
	}
}

// TestStarterScenarios checks that every starter scenario parses, expands
// to benchmark names benchstat can split (no spaces), and stays within the
// work a cell may do.
func TestStarterScenarios(t *testing.T) {
	names := map[string]bool{}
	for _, p := range loadPlans(t) {
		if names[p.name] {
			t.Errorf("two scenarios named %s", p.name)
		}
		names[p.name] = true
		for _, c := range p.cells {
			if strings.ContainsAny(c.Name, " \t") {
				t.Errorf("%s/%s: cell name has whitespace", p.name, c.Name)
			}
		}
	}
	for _, want := range []string{"quickstart", "fast-tap-slow-drain", "upload", "video", "logs", "bursty", "object-mode", "defaults", "defaults-objects", "read-ahead"} {
		if !names[want] {
			t.Errorf("no starter scenario %s", want)
		}
	}
}

func TestBenchUnitsAreWhitespaceFree(t *testing.T) {
	for _, u := range report.BenchUnits {
		if strings.ContainsAny(u.Unit, " \t") || u.Unit == "ns/op" {
			t.Errorf("unit %q: benchstat needs one word, not the benchmark's own ns/op", u.Unit)
		}
		if _, ok := metrics.Lookup(u.Metric); !ok {
			t.Errorf("unknown metric %s", u.Metric)
		}
	}
}
