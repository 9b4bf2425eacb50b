package summary

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
)

func sample(cell string, kv ...any) Sample {
	s := Sample{Cell: cell}
	for i := 0; i < len(kv); i += 2 {
		s.Metrics = append(s.Metrics, metrics.Metric{Name: kv[i].(string), Value: kv[i+1].(float64)})
	}
	return s
}

func TestCells(t *testing.T) {
	t.Parallel()
	got := Cells(
		sample("hwm=16KiB", "throughput", 10.0, "buffered.peak", 100.0),
		sample("hwm=1KiB", "throughput", 5.0, "buffered.peak", 10.0),
		sample("hwm=16KiB", "throughput", 20.0, "buffered.peak", 300.0, "heap.peak", 7.0),
		sample("hwm=16KiB", "throughput", 30.0, "buffered.peak", 200.0),
	)
	if len(got) != 2 || got[0].Name != "hwm=16KiB" || got[1].Name != "hwm=1KiB" {
		t.Fatalf("cells = %+v; want hwm=16KiB then hwm=1KiB", got)
	}
	c := got[0]
	if c.Repeats != 3 {
		t.Errorf("Repeats = %d; want 3", c.Repeats)
	}
	var names []string
	for _, m := range c.Metrics {
		names = append(names, m.Name)
	}
	if want := []string{"throughput", "buffered.peak", "heap.peak"}; !reflect.DeepEqual(names, want) {
		t.Errorf("metric order = %q; want %q", names, want)
	}
	if s, _ := c.Get("throughput"); s.N != 3 || s.Mean != 20 || s.Median != 20 || s.Stddev != 10 {
		t.Errorf("throughput = %+v; want N 3, mean 20, median 20, stddev 10", s)
	}
	if s, _ := c.Get("buffered.peak"); s.Median != 200 || s.Min != 100 || s.Max != 300 {
		t.Errorf("buffered.peak = %+v; want median 200 in [100, 300]", s)
	}
	if s, ok := c.Get("heap.peak"); !ok || s.N != 1 {
		t.Errorf("heap.peak = %+v, %v; want N 1 (one repeat has it)", s, ok)
	}
	if _, ok := c.Get("nope"); ok {
		t.Error("Get(nope) found")
	}
	if s, _ := got[1].Get("throughput"); s.N != 1 || s.Mean != 5 || s.CI95Lo != 5 {
		t.Errorf("single repeat = %+v; want mean 5, CI = mean", s)
	}
}

func TestCellsStatsDoNotDependOnRepeatOrder(t *testing.T) {
	t.Parallel()
	a := Cells(sample("c", "x", 0.1), sample("c", "x", 0.2), sample("c", "x", 0.3))
	b := Cells(sample("c", "x", 0.3), sample("c", "x", 0.1), sample("c", "x", 0.2))
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("JSON differs:\n%s\n%s", ja, jb)
	}
}

func TestCellsEmpty(t *testing.T) {
	t.Parallel()
	if got := Cells(); len(got) != 0 {
		t.Errorf("Cells() = %v; want none", got)
	}
}

// TestCellsFromRecorder runs the whole path: Recorder results of three
// repeats into Cells.
func TestCellsFromRecorder(t *testing.T) {
	t.Parallel()
	var samples []Sample
	for rep := range 3 {
		r := metrics.New(metrics.Config{Stages: []string{"sink"}})
		r.SetBuffered(0, 0, int64(100*(rep+1)))
		r.Consumed(1000)
		r.Latency(1e6)
		samples = append(samples, Sample{Cell: "hwm=1KiB", Metrics: r.Finish(1e9).Metrics})
	}
	c := Cells(samples...)[0]
	if s, _ := c.Get(metrics.BufferedPeak); s.Mean != 200 || s.N != 3 {
		t.Errorf("buffered.peak = %+v; want mean 200 over 3", s)
	}
	if s, _ := c.Get(metrics.Throughput); s.Mean != 1000 || s.Stddev != 0 {
		t.Errorf("throughput = %+v; want 1000 ± 0", s)
	}
}
