package runner

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
)

const sweepYAML = `
name: t
repeat: 3
seed: 7
stop: { bytes: 2MiB }
producer: { rate: 50MiB/s, chunk: { uniform: { min: 512B, max: 8KiB } } }
consumer: { rate: 5MiB/s, jitter: 0.3 }
sweep:
  highWaterMark: [1KiB, 16KiB, 64KiB]
  consumer.rate: [2MiB/s, 5MiB/s]
`

func cells(t *testing.T, src string) []plan.Cell {
	t.Helper()
	s, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := plan.Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runAll runs cells and returns the emitted lines.
func runAll(t *testing.T, ctx context.Context, c []plan.Cell, e engine.Engine, par int, skip map[results.Key]bool) ([]byte, int, error) {
	t.Helper()
	var out bytes.Buffer
	n, err := Run(ctx, c, Options{Engine: e, EngineName: "sim", Parallel: par, Skip: skip,
		Emit: func(r *results.Record) error {
			b, err := results.Marshal(r)
			out.Write(b)
			return err
		}})
	return out.Bytes(), n, err
}

// TestParallelismDoesNotChangeResults: the same plan gives the same bytes
// whether one cell runs at a time or many.
func TestParallelismDoesNotChangeResults(t *testing.T) {
	c := cells(t, sweepYAML)
	one, n, err := runAll(t, context.Background(), c, sim.Engine{}, 1, nil)
	if err != nil || n != len(c) {
		t.Fatalf("parallel 1: %d cells, %v", n, err)
	}
	for _, par := range []int{2, 5, 16} {
		many, _, err := runAll(t, context.Background(), c, sim.Engine{}, par, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one, many) {
			t.Errorf("parallel %d gives different results from parallel 1", par)
		}
	}
	recs, _, err := results.Read(bytes.NewReader(one), "x")
	if err != nil || len(recs) != len(c) {
		t.Fatalf("read back %d records, %v", len(recs), err)
	}
	for i, r := range recs {
		if r.Index != i || r.Cell != c[i].Name || r.Seed != c[i].Seed {
			t.Fatalf("record %d is %s#%d (index %d), want plan order", i, r.Cell, r.Repeat, r.Index)
		}
		if len(r.Params) != 2 || r.Params[0].Key != "hwm" || r.Params[1].Key != "rate" {
			t.Fatalf("params %+v", r.Params)
		}
	}
	// Repeats differ (their own seeds), points differ.
	if bytes.Equal(mustMarshal(t, recs[0].Result), mustMarshal(t, recs[1].Result)) {
		t.Error("two repeats of a jittered cell gave identical results: seeds not applied")
	}
}

func mustMarshal(t *testing.T, r engine.Result) []byte {
	b, err := results.Marshal(&results.Record{Scenario: "x", Cell: "y", Result: r})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cancelAfter is an engine that cancels the run once n cells have started.
type cancelAfter struct {
	inner   engine.Engine
	n       int64
	started atomic.Int64
	cancel  context.CancelFunc
}

func (c *cancelAfter) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	if c.started.Add(1) == c.n {
		c.cancel()
	}
	return c.inner.Run(ctx, cfg)
}

// TestCancelKeepsFinishedCells: cancelling keeps every cell that finished,
// in plan order, and resuming with those skipped completes the same file.
func TestCancelKeepsFinishedCells(t *testing.T) {
	c := cells(t, sweepYAML)
	full, _, _ := runAll(t, context.Background(), c, sim.Engine{}, 1, nil)
	fullRecs, _, _ := results.Read(bytes.NewReader(full), "full")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &cancelAfter{inner: sim.Engine{}, n: 7, cancel: cancel}
	part, n, err := runAll(t, ctx, c, e, 1, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	recs, _, rerr := results.Read(bytes.NewReader(part), "part")
	if rerr != nil || len(recs) != n || n < 6 || n >= len(c) {
		t.Fatalf("kept %d records (n=%d, %v), want 6 finished before the cancel", len(recs), n, rerr)
	}
	if !bytes.Equal(part, full[:len(part)]) {
		t.Fatal("the kept cells differ from the same cells of a full run")
	}
	skip := map[results.Key]bool{}
	for _, r := range recs {
		skip[r.Key()] = true
	}
	rest, m, err := runAll(t, context.Background(), c, sim.Engine{}, 3, skip)
	if err != nil || n+m != len(c) {
		t.Fatalf("resume ran %d cells (+%d kept), %v", m, n, err)
	}
	if got := append(append([]byte(nil), part...), rest...); !bytes.Equal(got, full) {
		t.Fatalf("kept + resumed (%d records) differ from a full run (%d)", len(recs)+m, len(fullRecs))
	}
}

// failing is an engine whose every run fails.
type failing struct{}

func (failing) Run(context.Context, engine.Config) (engine.Result, error) {
	return engine.Result{}, errors.New("boom")
}

func TestFailedCellIsRecordedAndRunGoesOn(t *testing.T) {
	c := cells(t, sweepYAML)
	out, n, err := runAll(t, context.Background(), c, failing{}, 2, nil)
	if err != nil || n != len(c) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	recs, _, _ := results.Read(bytes.NewReader(out), "x")
	for _, r := range recs {
		if r.Error != "boom" {
			t.Fatalf("record %s has error %q", r.Cell, r.Error)
		}
	}
	v := results.Check([]results.Threshold{{Metric: "throughput", Op: ">", Value: 1}}, recs)
	if len(v) != 6 || len(results.Failed(v)) != 6 || !v[0].Missing {
		t.Fatalf("verdicts on failed cells: %+v", v)
	}
}

func TestEmitErrorStopsTheRun(t *testing.T) {
	c := cells(t, sweepYAML)
	calls := 0
	_, err := Run(context.Background(), c, Options{Engine: sim.Engine{}, Parallel: 2,
		Emit: func(*results.Record) error { calls++; return errors.New("disk full") }})
	if err == nil || err.Error() != "disk full" || calls != 1 {
		t.Fatalf("err=%v after %d calls", err, calls)
	}
}

// TestDefaultParallel: a given --parallel wins; else wall-clock runs take
// one cell at a time and sim runs one per core.
func TestDefaultParallel(t *testing.T) {
	if got := DefaultParallel(3, true); got != 3 {
		t.Errorf("DefaultParallel(3, wall) = %d; want 3", got)
	}
	if got := DefaultParallel(0, true); got != 1 {
		t.Errorf("DefaultParallel(0, wall) = %d; want 1", got)
	}
	if got := DefaultParallel(0, false); got != runtime.GOMAXPROCS(0) {
		t.Errorf("DefaultParallel(0, sim) = %d; want GOMAXPROCS %d", got, runtime.GOMAXPROCS(0))
	}
}
