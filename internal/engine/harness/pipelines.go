package harness

import (
	"fmt"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// group is Config.Pipelines identical pipelines on one loop: one clock, one
// cost model, one Recorder. Each pipeline is a run of its own (producer,
// stages, consumers, chunks in flight) with its own seed
// (engine.PipelineSeed), so its draws do not depend on the others; what
// they share is the loop, so under a calibration every pipeline's CPU
// charges move the one clock, and a timer of one waits for the others'
// work, as on one Node process. Without a calibration the pipelines only
// share the clock and do not slow each other down.
//
// What is measured: counts (chunks and bytes produced and consumed,
// chunks.received, writes.false, drains, pauses) and latencies are over
// every pipeline; buffered bytes are the sum over pipelines at each
// instant, per stage and in all (buffered.peak is the peak of that sum,
// not the sum of each pipeline's peak), and buffered.per.pipeline is
// buffered.peak / pipelines; the memory guard bounds that sum. The
// intervals of one pipeline (producer.stalled, backlog.*, consumer.busy)
// are pipeline 0's, as on the node engine.
//
// Sampling stays O(streams of one pipeline) per timer: every timer belongs
// to one pipeline (the harness makes them all, through newTimer), and a
// timer with the ticks it causes changes only its own pipeline's streams,
// so only that pipeline is sampled after it.
type group struct {
	n int
	// pipes are the pipelines, pipeline 0 (the lead, whose Recorder is
	// the group's) first.
	pipes []*run
	// cur is the pipeline whose timer ran last.
	cur *run
	// owner maps every stream to its pipeline and that pipeline's hook.
	owner map[*stream.Stream]member
	// stage is the bytes of each Recorder stage summed over pipelines, as
	// last sampled; total their sum.
	stage []int64
	total int64
	// doneN counts pipelines whose consumers all finished.
	doneN int
	// halted: stopped early (guard, in-flight cap, time or ctx); err is
	// ctx's error.
	halted, timeUp bool
	err            error
	// inFlight counts the chunks in flight in every pipeline (each
	// pipeline's flight ring); maxInFlight (MaxGroupInFlight) bounds it.
	inFlight, maxInFlight int
}

type member struct {
	r    *run
	hook stream.EmitHook
}

// MaxGroupInFlight bounds the chunks in flight in all the pipelines of a
// group together, as MaxInFlight bounds one pipeline's (which still
// applies to each): 4M chunks, a few hundred MB of the harness's memory.
// 10000 pipelines each holding 64 KiB of 64-byte chunks would be 20M.
const MaxGroupInFlight = 4 << 20

func newGroup(n int) *group { return &group{n: n, maxInFlight: MaxGroupInFlight} }

// inFlight returns the chunks in flight: r's, or its group's.
func (r *run) inFlight() int {
	if r.g != nil {
		return r.g.inFlight
	}
	return r.flight.n
}

// newTimer returns a timer of r's pipeline: in a group, it marks r as the
// pipeline to sample after it.
func (r *run) newTimer(fn func()) *stream.Timer {
	g := r.g
	if g == nil {
		return r.loop.NewTimer(fn)
	}
	return r.loop.NewTimer(func() {
		g.cur = r
		fn()
	})
}

// build makes pipelines 1 to n-1 beside lead, pipeline 0, on lead's loop.
func (g *group) build(lead *run, names, consNames []string) {
	g.stage = make([]int64, len(names))
	// The other pipelines' own intervals go to a Recorder no one reads.
	discard := metrics.New(metrics.Config{Stages: names, Consumers: consNames, TimelinePoints: -1})
	g.pipes = make([]*run, 0, g.n)
	g.pipes = append(g.pipes, lead)
	for i := 1; i < g.n; i++ {
		r := &run{
			ctx: lead.ctx, cfg: lead.cfg, loop: lead.loop, rec: lead.rec, own: discard,
			objectMode: lead.objectMode, model: lead.model, maxInFlight: MaxInFlight, guard: lead.guard,
			seed: engine.PipelineSeed(lead.cfg.Seed, i), g: g,
			pollCtx: lead.pollCtx, elapsed: lead.elapsed, payload: lead.payload,
		}
		r.build()
		r.wire()
		g.pipes = append(g.pipes, r)
	}
	g.owner = make(map[*stream.Stream]member, g.n*len(lead.nodes))
	for _, r := range g.pipes {
		m := member{r, r.onEmit()}
		for _, n := range r.nodes {
			g.owner[n.s] = m
		}
	}
	lead.loop.OnEmit = g.onEmit(g.owner[lead.prod.s].hook)
}

// onEmit returns the loop's hook: the events whose effect is the group's
// (drains counted, a hop charged to the one model) go to lead's hook, the
// ones a pipeline keeps state for to that pipeline's.
func (g *group) onEmit(lead stream.EmitHook) stream.EmitHook {
	return func(s *stream.Stream, ev stream.Event, a stream.Arg) {
		switch ev {
		case stream.EventDrain, stream.EventResume, stream.EventReadable:
			lead(s, ev, a)
		case stream.EventData, stream.EventPause, stream.EventEnd, stream.EventFinish:
			m := g.owner[s]
			done := m.r.done
			m.hook(s, ev, a)
			if m.r.done && !done {
				g.doneN++
			}
		}
	}
}

// sample gives the Recorder the group's sums of the stages of r that
// changed.
func (g *group) sample(r *run) {
	now := r.loop.Now()
	var total int64
	for i, n := range r.nodes {
		b := r.nodeBytes(n)
		total += b
		if d := b - n.bytes; d != 0 {
			n.bytes = b
			g.stage[i] += d
			g.total += d
			r.rec.SetBuffered(now, i, g.stage[i])
		}
	}
	r.total = total
}

// execute is run.execute for a group whose pipeline 0 is lead.
func (g *group) execute(lead *run) (engine.Result, error) {
	cfg, loop := lead.cfg, lead.loop
	if d := cfg.Stop.Duration; d > 0 {
		loop.At(d, func() { g.halted, g.timeUp = true, true })
	}
	loop.OnEmitSkipsData = !lead.objectMode
	loop.RunTicks()
	for _, r := range g.pipes {
		g.sample(r)
	}
	steps := 0
	stop := func() bool {
		if r := g.cur; r != nil {
			g.sample(r)
		}
		if g.doneN == g.n || g.halted {
			return true
		}
		if gd := lead.guard; gd > 0 && g.total > gd {
			lead.guardHit()
			return true
		}
		steps++
		if lead.pollCtx || steps&(ctxEvery-1) == 0 {
			return lead.ctxDone()
		}
		return false
	}
	loop.Run(stop)
	if err := loop.Uncaught(); err != nil {
		return engine.Result{}, fmt.Errorf("sim: stream error: %w", err)
	}
	for _, r := range g.pipes {
		g.sample(r)
	}
	end := loop.Now()
	if g.timeUp {
		end = max(cfg.Stop.Duration, lead.rec.Latest()) // as in run.execute: the pipelines share lead's Recorder
	}
	if lead.elapsed != nil {
		end = max(end, lead.elapsed())
	}
	if g.doneN < g.n && !g.halted {
		lead.rec.Warn("sim: the run ran out of events at %v before every consumer of every pipeline finished", end)
	}
	for _, r := range g.pipes {
		for _, d := range r.piped {
			lead.rec.AddWritesFalse(d.WritesFalse())
		}
	}
	lead.prod.finish(end)
	res := lead.rec.Finish(end)
	res.Metrics = metrics.PerPipeline(res.Metrics, g.n)
	return res, g.err
}
