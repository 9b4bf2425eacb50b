package harness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// MaxInFlight bounds the chunks produced and not yet consumed by every
// consumer. Beyond it a run stops as if its memory guard was exceeded (with
// a warning): under ignore with small chunks, the harness's own memory
// would otherwise grow by tens of bytes per chunk.
const MaxInFlight = 1 << 20

// ctxEvery is how many chunks or timers pass between two looks at ctx (a
// power of two).
const ctxEvery = 1024

// run is one cell on its own loop.
type run struct {
	ctx        context.Context
	cfg        *engine.Config
	loop       *stream.Loop
	rec        *metrics.Recorder
	objectMode bool
	// own records this pipeline's own intervals (producer stalls, backlog,
	// consumer busy): rec for pipeline 0, a discarded Recorder for the
	// other pipelines of a group.
	own *metrics.Recorder
	// seed is this pipeline's seed (cfg.Seed for pipeline 0, see
	// engine.PipelineSeed); g is its group, nil for a single pipeline.
	seed uint64
	g    *group

	// model is the cost model and load, nil when there is neither.
	model *model

	prod   *producer
	stages []*stage
	cons   []*consumer
	// nodes are every stream in pipeline order: the producer, the stages,
	// the consumers. A node's index is its Recorder stage.
	nodes []*node
	// flight holds the chunks produced and not yet consumed by every
	// consumer; maxInFlight bounds it (MaxInFlight).
	flight      ring
	maxInFlight int

	// piped are the destinations that pipe writes to; their own counts of
	// write() returning false go into writes.false at the end.
	piped []*stream.Stream

	prodEnded bool // the producer emitted 'end'
	finished  int  // consumers that emitted 'finish'
	done      bool // every consumer finished
	halted    bool // stopped early: guard, cap, time or ctx
	timeUp    bool
	err       error
	steps     int
	total     int64 // sum of nodes' bytes at the last sample
	guard     int64 // cfg.MemoryGuard, read at every timer

	// From Options: pollCtx looks at ctx after every timer; elapsed, when
	// not nil, bounds the duration from below; payload makes byte chunks.
	pollCtx bool
	elapsed func() time.Duration
	payload func(int) stream.Chunk

	// check, when not nil, runs at every event (tests use it to assert
	// invariants between any two steps of the model).
	check func()
}

// node is one stream and what the engine knows of its sides.
type node struct {
	s *stream.Stream
	// up feeds the writable side (nil for the producer).
	up *node
	// pushed and emitted count chunks into and out of the readable side
	// (kept in object mode only).
	pushed, emitted int64
	// bytes is the value last given to the Recorder.
	bytes int64
}

func newRunOn(ctx context.Context, cfg *engine.Config, opts Options) *run {
	r := &run{ctx: ctx, cfg: cfg, objectMode: cfg.Producer.ObjectMode, maxInFlight: MaxInFlight, guard: cfg.MemoryGuard, seed: cfg.Seed}
	if cfg.Pipelines > 1 {
		r.g = newGroup(cfg.Pipelines)
	}
	var clock stream.Clock = &stream.VirtualClock{}
	if opts.Clock != nil {
		clock, r.pollCtx = opts.Clock, true
		if e, ok := opts.Clock.(Elapser); ok {
			r.elapsed = e.Elapsed
		}
	}
	if !r.objectMode {
		r.payload = opts.Payload
	}
	points := opts.TimelinePoints
	r.loop = stream.NewLoop(clock, cfg.Profile)
	r.model = newModel(cfg, clock, opts.Costs, r.seeded(streamLoad))
	r.loop.OnEmit = r.onEmit()

	names, consNames := r.build()
	r.rec = metrics.New(metrics.Config{Stages: names, Consumers: consNames, TimelinePoints: points})
	r.own = r.rec
	if !cfg.Producer.Pull {
		r.rec.Upstream()
	}
	r.wire()
	if r.g != nil {
		r.g.build(r, names, consNames)
	}
	return r
}

// build makes the pipeline's producer, stages and consumers, and returns
// the Recorder's stage and consumer names.
func (r *run) build() (names, consNames []string) {
	cfg := r.cfg
	names = []string{engine.ProducerName}
	r.prod = newProducer(r)
	r.nodes = append(r.nodes, r.prod.node)
	up := r.prod.node
	for i := range cfg.Stages {
		st := newStage(r, i, &cfg.Stages[i], up)
		r.stages = append(r.stages, st)
		r.nodes = append(r.nodes, st.node)
		names = append(names, cfg.Stages[i].Name)
		up = st.node
	}
	for i := range cfg.Consumers {
		c := newConsumer(r, i, up)
		r.cons = append(r.cons, c)
		r.nodes = append(r.nodes, c.node)
		names = append(names, cfg.Consumers[i].Name)
		consNames = append(consNames, cfg.Consumers[i].Name)
	}
	return names, consNames
}

// seeded returns the PCG stream number stream of the cell's seed.
func (r *run) seeded(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(r.seed, 0x9e3779b97f4a7c15*(stream+1)))
}

func (r *run) execute() (engine.Result, error) {
	if r.g != nil {
		return r.g.execute(r)
	}
	if d := r.cfg.Stop.Duration; d > 0 {
		r.loop.At(d, func() { r.halted, r.timeUp = true, true })
	}
	// Run the setup's ticks first: Step runs the pending ticks and the
	// first timer together, and the state in between is an instant.
	// The hook does nothing on 'data' in byte mode but run the check.
	r.loop.OnEmitSkipsData = !r.objectMode && r.check == nil
	r.loop.RunTicks()
	// stop is called by the loop between two timers: every tick has run,
	// so the streams are in their state at this instant. A closure rather
	// than the method value of a stop method, whose wrapper was one more
	// call per timer.
	stop := func() bool {
		r.sample()
		if r.done || r.halted {
			return true
		}
		if g := r.guard; g > 0 && r.total > g {
			r.guardHit()
			return true
		}
		r.steps++
		if r.pollCtx || r.steps&(ctxEvery-1) == 0 {
			return r.ctxDone()
		}
		return false
	}
	r.loop.Run(stop)
	if err := r.loop.Uncaught(); err != nil {
		return engine.Result{}, fmt.Errorf("sim: stream error: %w", err)
	}
	r.sample()
	end := r.loop.Now()
	if r.timeUp {
		// The stop's timer ends the run once the callback it fell in has
		// run: under a calibration, that callback's CPU can take the clock,
		// and what it records, past the stop.
		end = max(r.cfg.Stop.Duration, r.rec.Latest())
	}
	if r.elapsed != nil {
		end = max(end, r.elapsed())
	}
	if !r.done && !r.halted {
		r.rec.Warn("sim: the run ran out of events at %v before every consumer finished", end)
	}
	for _, d := range r.piped {
		r.rec.AddWritesFalse(d.WritesFalse())
	}
	r.prod.finish(end)
	res := r.rec.Finish(end)
	return res, r.err
}

// ctxDone halts the run when ctx is cancelled.
func (r *run) ctxDone() bool {
	if err := r.ctx.Err(); err != nil {
		r.err, r.halted = err, true
		if g := r.g; g != nil {
			g.halted, g.err = true, err
		}
		return true
	}
	return false
}

func (r *run) guardHit() {
	r.halted = true
	r.rec.GuardExceeded()
	if r.g != nil {
		r.g.halted = true
	}
}

// sample gives the Recorder every node whose bytes changed.
func (r *run) sample() {
	if r.g != nil {
		r.g.sample(r)
		return
	}
	if r.objectMode {
		r.sampleObjects()
		return
	}
	var total int64
	for i, n := range r.nodes {
		b := streamBytes(n.s)
		total += b
		if b != n.bytes {
			n.bytes = b
			r.rec.SetBuffered(r.loop.Now(), i, b)
		}
	}
	r.total = total
}

// sampleObjects is sample in object mode.
func (r *run) sampleObjects() {
	var total int64
	for i, n := range r.nodes {
		b := r.objectBytes(n)
		total += b
		if b != n.bytes {
			n.bytes = b
			r.rec.SetBuffered(r.loop.Now(), i, b)
		}
	}
	r.total = total
}

// buffered returns the total bytes buffered now: in a group, every
// pipeline's (the others' as last sampled).
func (r *run) buffered() int64 {
	var total int64
	for _, n := range r.nodes {
		total += r.nodeBytes(n)
	}
	if g := r.g; g != nil {
		total += g.total - r.total
	}
	return total
}

// nodeBytes returns the bytes buffered in n's sides.
func (r *run) nodeBytes(n *node) int64 {
	if r.objectMode {
		return r.objectBytes(n)
	}
	return streamBytes(n.s)
}

// streamBytes returns the bytes buffered in s's sides in byte mode: their
// lengths.
func streamBytes(s *stream.Stream) int64 {
	var b int
	if s.Readable() {
		b += s.ReadableLength()
	}
	if s.Writable() {
		b += s.WritableLength()
	}
	return int64(b)
}

// objectBytes returns the bytes buffered in n's sides in object mode, where
// lengths count chunks: the sizes of the chunks each side holds, from the
// flight ring.
func (r *run) objectBytes(n *node) int64 {
	s := n.s
	var b int64
	if s.Readable() {
		b += r.flight.bytes(n.emitted, n.pushed)
	}
	if s.Writable() {
		in := n.up.emitted
		b += r.flight.bytes(in-int64(s.WritableLength()), in)
	}
	return b
}

func (r *run) nodeOf(s *stream.Stream) *node {
	for _, n := range r.nodes {
		if n.s == s {
			return n
		}
	}
	return nil
}

// onEmit returns the loop's hook, which sees every event of every stream
// before its listeners. It is a closure rather than the method value
// r.onEmit, whose wrapper would copy the Arg once more at every event.
func (r *run) onEmit() stream.EmitHook {
	return func(s *stream.Stream, ev stream.Event, _ stream.Arg) {
		switch ev {
		case stream.EventData:
			if r.objectMode {
				r.nodeOf(s).emitted++
			}
		case stream.EventDrain:
			r.rec.Drain()
			if r.model != nil {
				r.model.drain()
			}
		case stream.EventResume, stream.EventReadable:
			if r.model != nil {
				r.model.nextTick()
			}
		case stream.EventPause:
			if s == r.prod.s && !r.prodEnded {
				r.rec.Pause()
			}
		case stream.EventEnd:
			if s == r.prod.s {
				r.prodEnded = true
			}
		case stream.EventFinish:
			if !s.Readable() { // only consumers are plain Writables
				r.finished++
				r.done = r.finished == len(r.cons)
			}
		}
		if r.check != nil {
			r.check()
		}
	}
}

// consumed pops the chunks that every consumer has finished by now,
// recording their latency. done is the bytes finished by the consumer that
// just completed a chunk: with one consumer, the least of all.
func (r *run) consumed(now time.Duration, done int64) {
	if len(r.cons) > 1 {
		for _, c := range r.cons {
			done = min(done, c.consumed)
		}
	}
	for i := len(r.stages) - 1; i >= 0; i-- {
		if m := r.stages[i].marks; m != nil {
			done = m.input(done) // back to the producer's bytes
		}
	}
	q := &r.flight
	n0 := q.n
	for q.n > 0 && q.front().end <= done {
		c, bytes := q.pop()
		r.rec.ConsumedWithLatency(bytes, now-c.ready)
	}
	if g := r.g; g != nil {
		g.inFlight -= n0 - q.n
	}
}

// durationMax clamps a float of nanoseconds into a time.Duration.
func durationMax(ns float64) time.Duration {
	if ns >= float64(1<<63-1) {
		return 1<<63 - 1
	}
	return time.Duration(ns)
}
