package report

import (
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

func TestNoiseWarnings(t *testing.T) {
	rec := func(engine, cell string, repeat int, tput float64) results.Record {
		r := results.Record{Scenario: "s", Cell: cell, Repeat: repeat, Engine: engine}
		r.Result.Metrics = metrics.Metrics{{Name: metrics.Throughput, Value: tput}}
		return r
	}
	var recs []results.Record
	for i, v := range []float64{100, 101, 99, 100, 110} { // one outlier
		recs = append(recs, rec("node", "hwm=4KiB", i, v))
	}
	for i, v := range []float64{50, 100, 150} { // too wide
		recs = append(recs, rec("node", "hwm=1MiB", i, v))
		recs = append(recs, rec("sim", "sim-point", i, v)) // sim: not a measurement
	}
	w := strings.Join(noiseWarnings(recs), "\n")
	for _, want := range []string{"hwm=4KiB: throughput outliers (outside Tukey's fences of its repeats): #4", "hwm=1MiB: throughput spread too wide to trust: its repeats vary by 50%"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings\n%s\nlack %q", w, want)
		}
	}
	if strings.Contains(w, "sim-point") || strings.Contains(w, "hwm=4KiB: throughput spread") {
		t.Errorf("warnings\n%s\nflag a sim point or a tight one", w)
	}
}
