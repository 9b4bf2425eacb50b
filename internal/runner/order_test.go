package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
)

// callLog records the plan index of every cell an engine ran, in the order
// the runs started.
type callLog struct {
	mu    sync.Mutex
	calls []int
	// throughput, when set, gives a cell's throughput (else 1).
	throughput func(c *plan.Cell, nth int) float64
	// cancelAt, when above 0, cancels cancel as the cancelAt-th run starts.
	cancelAt int
	cancel   context.CancelFunc
}

// logged is an engine that runs cell c for a callLog.
type logged struct {
	log *callLog
	c   *plan.Cell
}

func (e logged) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	l := e.log
	l.mu.Lock()
	l.calls = append(l.calls, e.c.Index)
	n := len(l.calls)
	nth := 0 // how many runs of this point came before
	for _, i := range l.calls[:n-1] {
		if i/e.c.Config.Repeat == e.c.Index/e.c.Config.Repeat {
			nth++
		}
	}
	l.mu.Unlock()
	if l.cancelAt > 0 && n == l.cancelAt {
		l.cancel()
		<-ctx.Done()
		return engine.Result{}, ctx.Err()
	}
	v := 1.0
	if l.throughput != nil {
		v = l.throughput(e.c, nth)
	}
	return engine.Result{Metrics: metrics.Metrics{{Name: metrics.Throughput, Value: v}}}, nil
}

// runLogged runs c with every cell on a logged engine and returns the plan
// indexes of the emitted records, in the order emitted.
func runLogged(t *testing.T, ctx context.Context, c []plan.Cell, l *callLog, opts Options) ([]int, error) {
	t.Helper()
	var emitted []int
	opts.EngineFor = func(c *plan.Cell) (engine.Engine, string) { return logged{l, c}, string(c.Config.Engine) }
	opts.Emit = func(r *results.Record) error { emitted = append(emitted, r.Index); return nil }
	_, err := Run(ctx, c, opts)
	return emitted, err
}

const wallYAML = `
name: w
engine: realtime
repeat: 3
stop: { bytes: 64KiB }
consumer: { rate: 1MiB/s }
sweep:
  highWaterMark: [1KiB, 16KiB, 64KiB]
`

// TestWallClockCellsRunRoundByRound: on a wall-clock engine, repeat 0 of
// every point runs first, then repeat 1 of every one, ...; the records
// reach the sink in that order, whatever the parallelism.
func TestWallClockCellsRunRoundByRound(t *testing.T) {
	c := cells(t, wallYAML)
	want := []int{0, 3, 6, 1, 4, 7, 2, 5, 8} // point-major plan: point p repeat r is 3p+r
	l := &callLog{}
	emitted, err := runLogged(t, context.Background(), c, l, Options{Parallel: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.calls, want) {
		t.Errorf("ran cells %v; want round by round %v", l.calls, want)
	}
	if !slices.Equal(emitted, want) {
		t.Errorf("emitted %v; want %v", emitted, want)
	}
	for _, par := range []int{2, 3, 9} {
		l := &callLog{}
		emitted, err := runLogged(t, context.Background(), c, l, Options{Parallel: par})
		if err != nil || !slices.Equal(emitted, want) {
			t.Errorf("parallel %d: emitted %v, %v; want %v", par, emitted, err, want)
		}
	}
}

// TestSimCellsKeepPlanOrder: sim cells (and node's with timing ideal)
// measure no machine and run in plan order, a point's repeats back to back.
func TestSimCellsKeepPlanOrder(t *testing.T) {
	for _, head := range []string{"engine: sim\n", "engine: node\ntiming: ideal\n"} {
		c := cells(t, head+sweepYAML)
		l := &callLog{}
		emitted, err := runLogged(t, context.Background(), c, l, Options{Parallel: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int, len(c))
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(l.calls, want) || !slices.Equal(emitted, want) {
			t.Errorf("%q: ran %v, emitted %v; want plan order %v", head, l.calls, emitted, want)
		}
	}
}

// TestMixedPlanInterleavesOnlyWallClockCells: in a sweep over engine, the
// sim cells keep their places and the wall-clock ones take turns in theirs.
func TestMixedPlanInterleavesOnlyWallClockCells(t *testing.T) {
	c := cells(t, `
name: m
repeat: 2
stop: { bytes: 64KiB }
consumer: { rate: 1MiB/s }
sweep:
  highWaterMark: [1KiB, 16KiB]
  engine: [sim, realtime]
`)
	// plan: 1KiB/sim #0 #1, 1KiB/realtime #0 #1, 16KiB/sim #0 #1, 16KiB/realtime #0 #1
	var names []string
	for _, x := range Order(ptrs(c)) {
		names = append(names, fmt.Sprintf("%s#%d", x.Name, x.Repeat))
	}
	want := []string{
		"hwm=1KiB/engine=sim#0", "hwm=1KiB/engine=sim#1",
		"hwm=1KiB/engine=realtime#0", "hwm=16KiB/engine=realtime#0",
		"hwm=16KiB/engine=sim#0", "hwm=16KiB/engine=sim#1",
		"hwm=1KiB/engine=realtime#1", "hwm=16KiB/engine=realtime#1",
	}
	if !slices.Equal(names, want) {
		t.Errorf("order\n %q\nwant\n %q", names, want)
	}
}

func ptrs(c []plan.Cell) []*plan.Cell {
	out := make([]*plan.Cell, len(c))
	for i := range c {
		out[i] = &c[i]
	}
	return out
}

// TestUntilSkipsSteadyPointsRoundByRound: repeatUntil still stops a point
// once it is steady: the steady point drops out of the later rounds, the
// noisy one runs every repeat.
func TestUntilSkipsSteadyPointsRoundByRound(t *testing.T) {
	c := cells(t, "name: u\nengine: realtime\nrepeat: 6\nstop: { bytes: 64KiB }\nconsumer: { rate: 1MiB/s }\nsweep: { highWaterMark: [1KiB, 4KiB] }\n")
	l := &callLog{throughput: func(c *plan.Cell, nth int) float64 {
		if c.Index < 6 {
			return 100 // 1KiB: steady
		}
		return float64(50 + 100*(nth%2)) // 4KiB: 50, 150, 50, ...
	}}
	emitted, err := runLogged(t, context.Background(), c, l, Options{Parallel: 1, Until: Until{CV: 0.05, Min: 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 6, 1, 7, 2, 8, 9, 10, 11} // 1KiB steady after its 3rd repeat
	if !slices.Equal(l.calls, want) || !slices.Equal(emitted, want) {
		t.Errorf("ran %v, emitted %v; want %v", l.calls, emitted, want)
	}
}

// TestResumedRoundsGoOn: a resumed run's cells (some repeats done) take up
// the rounds where they stopped.
func TestResumedRoundsGoOn(t *testing.T) {
	c := cells(t, wallYAML)
	skip := map[results.Key]bool{}
	for _, i := range []int{0, 3, 6, 1} { // round 0, and point 0's round 1
		skip[results.Key{Scenario: c[i].Scenario, Cell: c[i].Name, Repeat: c[i].Repeat}] = true
	}
	l := &callLog{}
	if _, err := runLogged(t, context.Background(), c, l, Options{Parallel: 1, Skip: skip}); err != nil {
		t.Fatal(err)
	}
	if want := []int{4, 7, 2, 5, 8}; !slices.Equal(l.calls, want) {
		t.Errorf("ran %v; want %v", l.calls, want)
	}
}

// TestInterruptedRoundsKeepFinishedCells: cancelled in round 1, a
// wall-clock run hands over every cell that finished, in the order they
// ran, and no other (the command puts them in plan order).
func TestInterruptedRoundsKeepFinishedCells(t *testing.T) {
	c := cells(t, wallYAML)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := &callLog{cancelAt: 5, cancel: cancel}
	emitted, err := runLogged(t, ctx, c, l, Options{Parallel: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want context.Canceled", err)
	}
	if want := []int{0, 3, 6, 1}; !slices.Equal(emitted, want) {
		t.Fatalf("emitted %v; want the four cells that finished, %v", emitted, want)
	}
}

// TestUntilCountsDoneRepeats: resumed, a run counts the earlier run's
// repeats towards repeatUntil: a point steady already runs no more.
func TestUntilCountsDoneRepeats(t *testing.T) {
	c := cells(t, "name: u\nengine: realtime\nrepeat: 6\nstop: { bytes: 64KiB }\nconsumer: { rate: 1MiB/s }\nsweep: { highWaterMark: [1KiB, 4KiB] }\n")
	skip := map[results.Key]bool{}
	var done []results.Record
	for _, i := range []int{6, 0, 7, 1, 2} { // file order: round by round
		r := Record(&c[i], "realtime", engine.Result{Metrics: metrics.Metrics{{Name: metrics.Throughput, Value: float64(100 + 50*(c[i].Index/6))}}}, nil)
		done = append(done, r)
		skip[r.Key()] = true
	}
	l := &callLog{throughput: func(*plan.Cell, int) float64 { return 150 }}
	if _, err := runLogged(t, context.Background(), c, l, Options{Parallel: 1, Skip: skip, Done: done, Until: Until{CV: 0.05, Min: 3}}); err != nil {
		t.Fatal(err)
	}
	// 1KiB had 3 equal repeats: steady. 4KiB had 2: it runs its third, and
	// then is steady too.
	if want := []int{8}; !slices.Equal(l.calls, want) {
		t.Errorf("ran %v; want %v", l.calls, want)
	}
}
