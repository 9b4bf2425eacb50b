package runner

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
)

// counting returns throughputs from values in turn and counts its runs.
type counting struct {
	runs   *atomic.Int64
	values []float64
}

func (e counting) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	n := e.runs.Add(1)
	v := e.values[int(n-1)%len(e.values)]
	return engine.Result{Metrics: metrics.Metrics{{Name: metrics.Throughput, Value: v}}}, nil
}

// Until stops a point's repeats once they are steady, and only then; a
// warm-up cell runs first and is not emitted.
func TestUntilStopsSteadyPoints(t *testing.T) {
	c := cells(t, "repeat: 10\nstop: { bytes: 1MiB }\nconsumer: { rate: 1MiB/s }\nsweep: { highWaterMark: [1KiB, 4KiB] }\n")
	for _, tt := range []struct {
		name     string
		values   []float64
		wantRecs int
	}{
		{"steady", []float64{100}, 2 * 3},     // CV 0 after the 3 minimum repeats
		{"noisy", []float64{50, 150}, 2 * 10}, // never steady: every repeat
	} {
		var runs atomic.Int64
		var recs []results.Record
		n, err := Run(context.Background(), c, Options{Engine: counting{&runs, tt.values}, Parallel: 1,
			WarmUp: []*plan.Cell{&c[0]}, Until: Until{CV: 0.05, Min: 3},
			Emit: func(r *results.Record) error { recs = append(recs, *r); return nil }})
		if err != nil || n != len(c) {
			t.Fatalf("%s: n = %d, err = %v; want %d, nil", tt.name, n, err, len(c))
		}
		if len(recs) != tt.wantRecs || runs.Load() != int64(tt.wantRecs+1) {
			t.Errorf("%s: %d records from %d runs; want %d records, %d runs (one warm-up)", tt.name, len(recs), runs.Load(), tt.wantRecs, tt.wantRecs+1)
		}
		for i := 1; i < len(recs); i++ {
			if recs[i].Index <= recs[i-1].Index {
				t.Errorf("%s: records out of plan order: %d after %d", tt.name, recs[i].Index, recs[i-1].Index)
			}
		}
	}
}
