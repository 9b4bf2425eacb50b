// Package runner runs the cells of a plan on an engine: several at once,
// handing their results to a sink in the order it starts them (Order), so
// that the output of a run does not depend on how many cells ran in
// parallel or which finished first. A cancelled run stops its cells, keeps
// every cell that finished and reports the cancellation; cells named in
// Options.Skip (those a previous run finished) are not run again.
//
// Cells run in plan order (a point's repeats back to back), except the
// wall-clock ones (plan.Cell.WallClock: engine realtime, node with timing
// wall), which take turns: repeat 0 of every wall-clock point, then repeat
// 1 of every one, and so on. A drift in the machine's load during a run
// then falls on every point alike instead of on the points that happened
// to run during it, which would bias a comparison between them. Sim cells
// do not measure the machine and keep plan order, so their results, and
// the bytes of a sim run's file, do not change. The sink therefore gets
// wall-clock cells round by round, not in plan order: the command writes
// each as it finishes (so a killed run keeps them) and puts the file back
// in plan order at the end (results.SortByPlan).
//
// The runner knows nothing of files or terminals: the command gives it a
// sink (results.Writer) and a progress callback.
package runner

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// Options configure Run.
type Options struct {
	// Engine runs the cells; EngineName names it in the records. When
	// EngineFor is set, it chooses the engine of each cell instead (a
	// scenario may sweep engine:).
	Engine     engine.Engine
	EngineName string
	EngineFor  func(c *plan.Cell) (engine.Engine, string)
	// Parallel is the number of cells run at once; < 1 means
	// runtime.GOMAXPROCS(0).
	Parallel int
	// Skip holds the cells not to run (finished by an earlier run).
	Skip map[results.Key]bool
	// Done are those earlier cells' records, when known: Until counts
	// their throughputs, so that a resumed run does not repeat a point
	// that was steady already.
	Done []results.Record
	// Emit receives every finished cell, in the order of Order (plan order
	// but for wall-clock cells), from one goroutine at a time. An error
	// from Emit stops the run and is returned.
	Emit func(*results.Record) error
	// Progress, when set, is called after each cell finishes (in the order
	// they finish) with the number done so far, the number to do in this
	// run, and the cell's wall time. A repeat that Until skipped counts as
	// done, with a record that has only its key.
	Progress func(done, total int, rec *results.Record, took time.Duration)
	// WarmUp are cells run once before the others, their results thrown
	// away: the first run of a wall-clock engine pays for cold caches,
	// page faults and a JIT that later ones do not.
	WarmUp []*plan.Cell
	// Until, when its CV is above 0, skips the remaining repeats of a point
	// once Min repeats finished and their throughput's coefficient of
	// variation is at most CV. It is exact with Parallel 1 (the wall-clock
	// engines' default); with more, repeats already started still finish
	// (rarely on a wall-clock run, where a point's next repeat starts a
	// round after its last one).
	Until Until
}

// Until says when a point has repeats enough.
type Until struct {
	// CV is the target coefficient of variation of throughput; 0 is off.
	CV float64
	// Min is the fewest repeats before the target may stop a point.
	Min int
}

// steady tracks each point's throughputs for Options.Until.
type steady struct {
	until  Until
	mu     sync.Mutex
	values map[string][]float64
	done   map[string]bool
}

func (s *steady) enough(point string) bool {
	if s.until.CV <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[point]
}

func (s *steady) add(point string, rec *results.Record) {
	if s.until.CV <= 0 || rec.Error != "" {
		return
	}
	v, ok := rec.Result.Metrics.Get(metrics.Throughput)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[point] = append(s.values[point], v)
	if vs := s.values[point]; len(vs) >= max(s.until.Min, 2) && summary.Of(vs).CV() <= s.until.CV {
		s.done[point] = true
	}
}

// Record returns the record of cell c measured as res, with err its error.
func Record(c *plan.Cell, engineName string, res engine.Result, err error) results.Record {
	r := results.Record{
		Scenario: c.Scenario,
		Cell:     c.Name,
		Repeat:   c.Repeat,
		Index:    c.Index,
		Seed:     c.Seed,
		Engine:   engineName,
		Params:   c.Point,
		// every stream's, as the engine ran it
		HighWaterMarks: c.HighWaterMarks,
		Result:         res,
	}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

// outcome is a finished cell on its way to the sink.
type outcome struct {
	index int // position in todo
	rec   results.Record
	ok    bool // finished (not cut short by cancellation)
	skip  bool // not run: its point had repeats enough (Options.Until)
	took  time.Duration
}

// Run runs every cell not in opts.Skip and returns how many finished. It
// returns ctx's error when ctx was cancelled (after emitting every cell that
// finished before), or the first error of opts.Emit. A cell whose engine
// fails is emitted with its Error set; it does not stop the run.
func Run(ctx context.Context, cells []plan.Cell, opts Options) (int, error) {
	var todo []*plan.Cell
	for i := range cells {
		c := &cells[i]
		if !opts.Skip[results.Key{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat}] {
			todo = append(todo, c)
		}
	}
	todo = Order(todo)
	par := opts.Parallel
	if par < 1 {
		par = runtime.GOMAXPROCS(0)
	}
	par = min(par, max(len(todo), 1))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	for _, c := range opts.WarmUp {
		if ctx.Err() != nil {
			break
		}
		runCell(ctx, -1, c, opts, nil) // thrown away
	}
	st := &steady{until: opts.Until, values: map[string][]float64{}, done: map[string]bool{}}
	prev := slices.Clone(opts.Done)
	slices.SortStableFunc(prev, func(a, b results.Record) int { return cmp.Compare(a.Repeat, b.Repeat) })
	for i := range prev {
		st.add(prev[i].Cell, &prev[i])
	}

	jobs := make(chan int)
	out := make(chan outcome)
	var wg sync.WaitGroup
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out <- runCell(ctx, i, todo[i], opts, st)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range todo {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	// Reorder: emit the finished prefix of todo as it grows.
	pending := map[int]outcome{}
	next, done := 0, 0
	var emitErr error
	emit := func(o outcome) {
		if emitErr == nil && opts.Emit != nil {
			if err := opts.Emit(&o.rec); err != nil {
				emitErr = err
				cancel()
			}
		}
	}
	for o := range out {
		if !o.ok {
			continue
		}
		done++
		if opts.Progress != nil {
			opts.Progress(done, len(todo), &o.rec, o.took)
		}
		pending[o.index] = o
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if !p.skip {
				emit(p)
			}
			next++
		}
	}
	// Cancelled: what finished after a gap is kept too, in Order's order.
	for i := next; i < len(todo); i++ {
		if p, ok := pending[i]; ok && !p.skip {
			emit(p)
		}
	}
	if emitErr != nil {
		return done, emitErr
	}
	if done < len(todo) {
		if err := context.Cause(ctx); err != nil {
			return done, err
		}
		return done, errors.New("runner: cells left unrun")
	}
	return done, nil
}

// Order returns the order Run starts cells in: cells's order (plan
// order), except that the wall-clock cells (plan.Cell.WallClock) among
// them are taken round by round: every one of repeat 0 in plan order, then
// every one of repeat 1, and so on, in the places the wall-clock cells
// held. Cells on other engines stay where they are, so a plan without
// wall-clock cells keeps its order. A resumed run's cells (some repeats
// done) follow the same rule: the rounds go on where they stopped.
func Order(cells []*plan.Cell) []*plan.Cell {
	var slots []int
	var wall []*plan.Cell
	for i, c := range cells {
		if c.WallClock() {
			slots = append(slots, i)
			wall = append(wall, c)
		}
	}
	out := slices.Clone(cells)
	if len(wall) == 0 {
		return out
	}
	slices.SortStableFunc(wall, func(a, b *plan.Cell) int { return cmp.Compare(a.Repeat, b.Repeat) })
	for k, i := range slots {
		out[i] = wall[k]
	}
	return out
}

// runCell runs one cell; ok is false when cancellation cut it short. st,
// when not nil, skips the cell when its point has repeats enough, and
// learns from its result.
func runCell(ctx context.Context, i int, c *plan.Cell, opts Options, st *steady) outcome {
	if ctx.Err() != nil {
		return outcome{index: i}
	}
	if st != nil && st.enough(c.Name) {
		return outcome{index: i, ok: true, skip: true, rec: results.Record{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat, Index: c.Index}}
	}
	start := time.Now()
	eng, name := opts.Engine, opts.EngineName
	if opts.EngineFor != nil {
		eng, name = opts.EngineFor(c)
	}
	res, err := eng.Run(ctx, c.Engine)
	if ctx.Err() != nil && (err == nil || errors.Is(err, ctx.Err())) {
		return outcome{index: i}
	}
	rec := Record(c, name, res, err)
	if st != nil {
		st.add(c.Name, &rec)
	}
	return outcome{index: i, rec: rec, ok: true, took: time.Since(start)}
}

// DefaultParallel is how many cells a run runs at once: n when n >= 1,
// else one per core on the sim engine and 1 when any cell runs on a
// wall-clock engine (realtime, node), whose cells measure time and must not
// compete for the cores.
func DefaultParallel(n int, wallClock bool) int {
	switch {
	case n >= 1:
		return n
	case wallClock:
		return 1
	}
	return runtime.GOMAXPROCS(0)
}
