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
