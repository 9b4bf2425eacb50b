package report

import (
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

func enginePoint(engine string, throughput float64) analysis.Point {
	return analysis.Point{
		Cell:    "engine=" + engine + "/hwm=16KiB",
		Params:  []results.Param{{Path: "engine", Key: "engine", Value: engine}, {Path: "highWaterMark", Key: "hwm", Value: "16KiB"}},
		Repeats: 1,
		Stats:   map[string]summary.Stats{"throughput": {N: 1, Mean: throughput}},
	}
}

func TestEngineComparison(t *testing.T) {
	tab := engineComparison([]analysis.Point{enginePoint("sim", 100), enginePoint("node", 110), enginePoint("realtime", 101)})
	if tab == nil || len(tab.Engines) != 3 || len(tab.Others) != 2 || tab.Others[0] != "node" {
		t.Fatalf("table %+v", tab)
	}
	if len(tab.Rows) != 1 { // only throughput was measured
		t.Fatalf("%d rows, want 1: %+v", len(tab.Rows), tab.Rows)
	}
	r := tab.Rows[0]
	if r.Point != "hwm=16KiB" || r.Diffs[0] != "+10.0%" || r.Diffs[1] != "+1.0%" || !r.Far {
		t.Fatalf("row %+v", r)
	}
	if engineComparison([]analysis.Point{enginePoint("sim", 1)}) != nil {
		t.Error("one engine gave a table")
	}
}

// With repeats, each difference carries its confidence interval.
func TestEngineComparisonCI(t *testing.T) {
	pt := func(engine string, v ...float64) analysis.Point {
		p := enginePoint(engine, 0)
		p.Stats = map[string]summary.Stats{"throughput": summary.Of(v)}
		return p
	}
	tab := engineComparison([]analysis.Point{pt("sim", 100, 100, 100), pt("node", 90, 92, 94)})
	if tab == nil || len(tab.Rows) != 1 {
		t.Fatalf("table %+v", tab)
	}
	// node: mean 92, stddev 2, n 3; sim has no spread: Welch df 2,
	// t(0.975, 2) = 4.303, se = 2/sqrt(3): ± 4.97.
	if got := tab.Rows[0].Diffs[0]; got != "-8.0% ± 5.0%" {
		t.Errorf("diff = %q; want -8.0%% ± 5.0%%", got)
	}
}
