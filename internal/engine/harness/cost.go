package harness

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// PCG streams of the cost model's draws, far from the consumers' (1 + i):
// a calibration or a jitter added to one element changes no other draw.
const (
	streamProducerJitter = 1 << 20
	streamStageJitter    = 1<<20 + 1 // + stage index
	streamTimer          = 1 << 21   // + waiter: 0 producer, 1+i stage, 1<<10+i consumer
	streamStalls         = 1 << 22   // + consumer: random stalls
)

// model is what a run pays on the event loop: a calibration's costs
// (Options.Costs) and the cell's Load. A run without either has no model
// (run.model is nil) and takes exactly the paths it took before costs
// existed, so its results are unchanged byte for byte.
//
// Time on a single-threaded loop: CPU spent by the cell's JavaScript moves
// the virtual clock (charge), so timers due meanwhile fire late, as in
// Node; the loop's busy slices (Load) are stretches no callback of the
// cell runs in: a wait that ends in one is noticed at its end, and CPU
// work that reaches one resumes after it, and runs cold for a while after
// one (Costs.Resume, under a calibration). A wait's end is noticed after a
// turn of the loop (Costs.Immediate), or, for a wait marked as a timer,
// after setTimeout's delay (TimerModel) instead of its nominal one. What
// the node engine pays beyond the stream calls is CPU too: per consumer
// write (Driver), per producer wait, per 'drain', and a start-up spread
// over the run's first writes (Costs.Start).
type model struct {
	clock *stream.VirtualClock
	// costs is the calibration, nil for load only; cpu its figures for the
	// run's mode.
	costs *engine.Costs
	cpu   engine.ChunkCosts
	// load is when Load keeps the loop busy (nil without Load): exactly
	// periodic without a calibration, on the driver's timers with one.
	load busySlices
	// hop is ioWait's setImmediate hop, Costs.Immediate rounded.
	hop time.Duration
	// carry is the sub-nanosecond remainder of what was charged so far.
	carry float64
	// startLeft is how many consumer writes still pay startPer
	// (Costs.Start).
	startLeft int
	startPer  float64
}

// newModel returns the run's model, or nil when it has none. Costs apply
// on the virtual clock only: on a wall clock the machine charges its own.
// loadRng draws a calibrated load's timers.
func newModel(cfg *engine.Config, clock stream.Clock, costs *engine.Costs, loadRng *rand.Rand) *model {
	vc, ok := clock.(*stream.VirtualClock)
	if !ok || (costs == nil && !cfg.Load.Enabled()) {
		return nil
	}
	m := &model{clock: vc, costs: costs}
	if costs != nil {
		m.cpu = costs.Bytes
		if cfg.Producer.ObjectMode {
			m.cpu = costs.Objects
		}
	}
	if costs != nil {
		m.hop = durationMax(math.Round(costs.Immediate))
		if per := costs.Start.PerWrite(); per > 0 {
			m.startLeft, m.startPer = costs.Start.Writes, per
		}
	}
	if l := cfg.Load; l.Enabled() {
		if costs != nil {
			m.load = newTimedSlices(l, m, loadRng)
		} else {
			m.load = periodicSlices{engine.Stalls{Every: l.Period(), For: l.Slice}}
		}
	}
	return m
}

// charge moves the clock by ns of CPU on the loop, around its busy slices.
func (m *model) charge(ns float64) {
	x := ns + m.carry
	d := math.Floor(x)
	m.carry = x - d
	now := m.clock.Now()
	if m.load == nil {
		m.clock.WaitUntil(now + time.Duration(d))
		return
	}
	m.clock.WaitUntil(m.load.advance(now, time.Duration(d)))
}

// wake is the end of a wait: it is noticed once the loop is free (after
// the busy slice it fell in) and after the handoff (ns of it).
func (m *model) wake(handoff float64) {
	if handoff > 0 || m.load != nil {
		m.charge(handoff)
	}
}

// handoff returns the handoff charged on the loop at a wait's end: none,
// since ioWait and timerDelay lengthen the wait itself (the hops happen
// off the loop, and several waits' hops overlap).
func (m *model) handoff(timer bool) float64 { return 0 }

// ioWait returns how long a modelled wait of d (a consumer's service, a
// stage's cost, a pull producer's chunk) lasts until its callback runs: d
// and one setImmediate hop (Costs.Immediate). That is how the node engine
// completes such a wait: a deadline on its own queue, a timer for all but
// the last 1.5 ms and then turns of the loop, so the end is noticed within
// a turn; polled on a loaded machine, later by Costs.Poll's stretch of
// the polled part. It does not wake a thread, so the device lag (Costs.IO, a
// worker's wake-up and message back, ~80-220µs) is not charged: charged
// per chunk, it made a 20 MiB/s consumer of 4 KiB chunks 35% slower than
// the node engine measures. A wait of 0 is none (the callback is
// synchronous) and stays 0.
func (m *model) ioWait(d time.Duration) time.Duration {
	if m == nil || m.costs == nil || d <= 0 {
		return d
	}
	if p := m.costs.Poll; p.Stretch > 0 {
		return d + m.hop + durationMax(math.Round(p.Stretch*min(float64(d), p.Window)))
	}
	return d + m.hop
}

// producerWait charges what the node engine pays when a producer's wait
// ends (Costs.ProducerWait).
func (m *model) producerWait() {
	if m.costs != nil && m.costs.ProducerWait > 0 {
		m.charge(m.costs.ProducerWait)
	}
}

// drain charges what the node engine pays per 'drain' (Costs.Drain).
func (m *model) drain() {
	if m.costs != nil && m.costs.Drain > 0 {
		m.charge(m.costs.Drain)
	}
}

// nextTick charges a process.nextTick hop.
func (m *model) nextTick() {
	if m.costs != nil && m.costs.NextTick > 0 {
		m.charge(m.costs.NextTick)
	}
}

// start returns what this consumer write pays of the run's start-up
// (Costs.Start): startPer for each of the first writes, then 0.
func (m *model) start() float64 {
	if m.startLeft == 0 {
		return 0
	}
	m.startLeft--
	return m.startPer
}

// cpuAt charges l for a chunk of size bytes.
func (m *model) cpuAt(l engine.Linear, size int) {
	if m.costs != nil {
		m.charge(l.At(size))
	}
}

// sizeCPU is a call site's CPU charge for the last chunk size it saw
// (size -1 before any): sizes repeat, and the same size gives the same
// float operations, so charging the cached sum (cpuNs) is charging it anew.
type sizeCPU struct {
	size int
	ns   float64
}

// cpuNs charges ns of a sizeCPU: what cpuAt and cpuAt2 charge.
func (m *model) cpuNs(ns float64) {
	if m.costs != nil {
		m.charge(ns)
	}
}

// cpuAt2 charges l1 and l2 for a chunk of size bytes, as one charge.
func (m *model) cpuAt2(l1, l2 engine.Linear, size int) {
	if m.costs != nil {
		m.charge(l1.At(size) + l2.At(size))
	}
}

// cpuAt3 charges l1, l2 and l3 for a chunk of size bytes and extra, as
// one charge.
func (m *model) cpuAt3(l1, l2, l3 engine.Linear, size int, extra float64) {
	if m.costs != nil {
		m.charge(l1.At(size) + l2.At(size) + l3.At(size) + extra)
	}
}

// timerDelay returns how long setTimeout(fn, d) waits: max(MinDelay, d
// truncated to the resolution) plus an overshoot drawn with rng, never
// negative. Without a calibration it is d.
func (m *model) timerDelay(d time.Duration, rng *rand.Rand) time.Duration {
	if m == nil || m.costs == nil {
		return d
	}
	t := m.costs.Timer
	x := float64(d)
	if t.Resolution > 0 {
		x = math.Floor(x/t.Resolution) * t.Resolution
	}
	x = max(x, t.MinDelay)
	if q := t.Overshoot; len(q) >= 2 {
		u := rng.Float64() * float64(len(q)-1)
		i := int(u)
		if i >= len(q)-1 {
			i = len(q) - 2
		}
		f := u - float64(i)
		x += q[i] + f*(q[i+1]-q[i])
	}
	return durationMax(max(0, math.Round(x)))
}
