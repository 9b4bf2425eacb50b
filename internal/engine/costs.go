package engine

import (
	"fmt"
	"math"
	"time"
)

// Costs is a calibration of what Node's event loop charges for the work the
// model otherwise treats as free (see internal/calibration, which measures
// it). The sim engine applies it when given one: CPU per chunk moves the
// virtual clock (the loop is single-threaded, so nothing else runs
// meanwhile), each wait's end is noticed only after a handoff, and a wait
// marked as a timer takes setTimeout's clamp, resolution and overshoot.
// Durations are nanoseconds as floats: per-chunk figures are tens of
// nanoseconds, and their sub-nanosecond parts carry from chunk to chunk.
type Costs struct {
	// NextTick is the time a process.nextTick hop takes (charged when a
	// paused stream resumes and when 'readable' is emitted: both run on
	// the next tick).
	NextTick float64
	// Immediate is the time a setImmediate hop takes: a turn of the loop.
	// A wait that is not a timer (a consumer's service, a stage's cost, a
	// pull producer's chunk) lasts this much longer than asked until its
	// callback runs, as in the node engine, which meets such a deadline
	// by turns of the loop.
	Immediate float64
	// IO is the lag of an I/O completion that wakes a thread (a worker's
	// or the thread pool's hop back to the loop), a curve over the wait's
	// length interpolated linearly between its points and flat beyond
	// them (see Lag). Recorded and reported, not charged: the node engine
	// ends a modelled wait by turns of its loop, waking no thread.
	IO []LagPoint
	// Timer models setTimeout, for waits marked as timers.
	Timer TimerModel
	// Bytes and Objects are the CPU per chunk in byte mode and in object
	// mode.
	Bytes, Objects ChunkCosts
	// Parts model the real Node components, by PartKey; nil or a missing
	// key: no model of that part (a cell with it is refused).
	Parts map[string]PartCost
	// Poll is how a modelled wait's polled end stretches (see PollModel).
	Poll PollModel
	// ProducerWait is what the node engine pays, in ns of CPU on the loop,
	// when a producer's wait ends (a pull read's or a live chunk's time:
	// a deadline fired, with its books and the snapshot of the buffers),
	// beyond what the consumers' Driver charges per chunk.
	ProducerWait float64
	// Drain is what the node engine pays, in ns of CPU on the loop, per
	// 'drain' event, beyond the stream calls and Driver: the event, pipe's
	// resume of its source, the driver's books. A live pipe of 4 KiB
	// chunks into a consumer whose highWaterMark is one chunk (a drain a
	// chunk) took 1.7 µs a chunk more than with 16 KiB (a drain every
	// four), where sim, charging no drain, took 0.04 more.
	Drain float64
	// Start is what a new pipeline's first writes pay beyond Driver (see
	// StartCost); the zero value pays nothing.
	Start StartCost
	// Resume is what the node engine loses, in ns of wall time, each time
	// a busy slice of the cell's Load ends, beyond the slice itself: the
	// loop comes back to the cell's work late (its first completion came
	// 70 µs after the slice, not the 20 µs wait) and runs the next chunks
	// slower. A live pipe of 4 KiB chunks under load {busy: 0.3, slice:
	// 2ms} took 2.7-3% a chunk more than its unloaded time over 0.7, where
	// sim, charging the slices alone, took 0.4% less: 180-300 µs a slice.
	// In sim the CPU work after each slice runs cold, each ns costing two,
	// until that much is lost (a run that is all CPU loses all of it; one
	// that mostly waits, little); without Load it charges nothing.
	Resume float64
}

// StartCost is the start-up of a run in the node engine: a process whose
// code V8 compiled for a warm-up's streams meets new streams, throws some
// of that code away and compiles it again, and its first collections of
// the new run's books are its dearest. A live pipe of 4 KiB chunks runs
// its first 200 ms (some 7000 chunks) at 70-95% of its speed, then
// steadily. Sim charges Ns, spread evenly as CPU over the run's first
// Writes consumer writes (of every pipeline: one process compiles once).
type StartCost struct {
	// Ns is the whole cost, in ns of wall time.
	Ns float64
	// Writes is how many of the first writes carry it.
	Writes int
}

// PerWrite is what each of the first Writes writes pays.
func (s StartCost) PerWrite() float64 {
	if s.Writes <= 0 {
		return 0
	}
	return s.Ns / float64(s.Writes)
}

// PollModel is the node engine's way of ending a wait that is not a
// timer: it polls its loop (setImmediate) for the last Window of the wait
// (a timer before that). A polling process is a busy one, which a loaded
// machine's scheduler preempts: each ns of polling then ends Stretch ns
// late on average. A wait of d lasts d + Stretch·min(d, Window) more than
// it asks, beyond the loop turn (Immediate). On a quiet machine Stretch is
// about 0.
type PollModel struct {
	Stretch, Window float64
}

// LagPoint is one point of a lag curve, in ns.
type LagPoint struct {
	// Wait is the length asked for, Lag the mean time beyond it.
	Wait, Lag float64
}

// Lag returns the curve's lag for a wait of d ns.
func Lag(curve []LagPoint, d float64) float64 {
	n := len(curve)
	switch {
	case n == 0:
		return 0
	case d <= curve[0].Wait:
		return curve[0].Lag
	case d >= curve[n-1].Wait:
		return curve[n-1].Lag
	}
	i := 1
	for curve[i].Wait < d {
		i++
	}
	a, b := curve[i-1], curve[i]
	return a.Lag + (d-a.Wait)/(b.Wait-a.Wait)*(b.Lag-a.Lag)
}

// TimerModel is setTimeout(fn, d): fn runs after max(MinDelay, d truncated
// to a multiple of Resolution) plus an overshoot drawn from Overshoot.
type TimerModel struct {
	// MinDelay is the clamp (Node: 1 ms); Resolution the granularity
	// delays are truncated to (libuv: 1 ms); 0 keeps d as is.
	MinDelay, Resolution float64
	// Overshoot holds quantiles of the time beyond the truncated delay at
	// evenly spaced probabilities 0, 1/(n-1), ..., 1 (may be negative: a
	// timer armed late in a loop turn fires early). A draw interpolates
	// between them. Empty: no overshoot.
	Overshoot []float64
}

// Linear is a cost A + B·bytes in nanoseconds.
type Linear struct {
	// A is the cost per chunk, B the cost per byte.
	A, B float64
}

// At returns the cost of a chunk of n bytes, never negative.
func (l Linear) At(n int) float64 { return max(0, l.A+l.B*float64(n)) }

// Curve is a cost by chunk size in nanoseconds, measured at Sizes
// (ascending) as Ns: between two sizes it is the line through their
// points, and beyond the first or the last the line of the nearest two
// extended, never negative. One point is a constant; none is 0.
type Curve struct {
	Sizes []int
	Ns    []float64
}

// LineCurve returns the Curve of l: the same cost at every size.
func LineCurve(l Linear) Curve {
	return Curve{Sizes: []int{0, 1 << 16}, Ns: []float64{l.A, l.A + l.B*(1<<16)}}
}

// At returns the cost of a chunk of n bytes.
func (c Curve) At(n int) float64 {
	k := len(c.Sizes)
	switch {
	case k == 0 || len(c.Ns) != k:
		return 0
	case k == 1:
		return max(0, c.Ns[0])
	}
	i := 1 // the segment [i-1, i] that holds n, or the nearest one
	for i < k-1 && n > c.Sizes[i] {
		i++
	}
	x0, x1 := float64(c.Sizes[i-1]), float64(c.Sizes[i])
	y0, y1 := c.Ns[i-1], c.Ns[i]
	return max(0, y0+(y1-y0)*(float64(n)-x0)/(x1-x0))
}

// check returns an error for a curve At cannot use.
func (c Curve) check() error {
	if len(c.Sizes) != len(c.Ns) {
		return fmt.Errorf("%d sizes for %d costs", len(c.Sizes), len(c.Ns))
	}
	for i, y := range c.Ns {
		if math.IsNaN(y) || math.Abs(y) > 1e9 {
			return fmt.Errorf("%v ns at %d B: out of range", y, c.Sizes[i])
		}
		if c.Sizes[i] < 0 || i > 0 && c.Sizes[i] <= c.Sizes[i-1] {
			return fmt.Errorf("sizes %v: want them ascending, from 0", c.Sizes)
		}
	}
	return nil
}

// ChunkCosts are the CPU costs of moving one chunk, each A + B·size but
// Driver, a Curve.
type ChunkCosts struct {
	// Write is Writable.write() into a _write (its callback included).
	Write Linear
	// Push is Readable.push() of a chunk up to its 'data' event.
	Push Linear
	// Pipe is what moving a chunk from a source to a destination adds
	// (pipe's 'data' handler, or the strategy's loop).
	Pipe Linear
	// Transform is what a Transform adds beyond a write and a pipe hop
	// (_transform's dispatch, its push and callback).
	Transform Linear
	// Join is a paused read() that joins several buffered chunks into one
	// (by the bytes joined): the copy, the allocation, their garbage.
	// Charged where an await-drain loop's read() joins.
	Join Linear
	// Driver is what the node engine pays per chunk a consumer takes
	// beyond the stream calls above and the wait's setImmediate hop: its
	// chunk allocation, its books, their garbage, the polling of the loop
	// that ends each wait (internal/calibration measures it by running the
	// node engine), at the sizes it was measured at: it is not a line in
	// the size (about 2 µs more at 4 KiB than the line through 64 B and 64
	// KiB, in every calibration here). Charged as CPU when a consumer's
	// _write starts.
	Driver Curve
}

// Load is other work on the event loop: for Slice out of every Slice/Busy,
// the loop runs something else and nothing of the cell's. The zero value
// is no load.
type Load struct {
	// Busy is the loop's busy share, in [0, 1).
	Busy float64
	// Slice is the length of each busy slice.
	Slice time.Duration
}

// Enabled reports whether l takes time from the loop.
func (l Load) Enabled() bool { return l.Busy > 0 && l.Slice > 0 }

// Period returns Slice/Busy: a busy slice starts every Period.
func (l Load) Period() time.Duration {
	return time.Duration(math.Round(float64(l.Slice) / l.Busy))
}

// Validate reports the first impossible figure of c, or nil.
func (c *Costs) Validate() error {
	check := func(name string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > float64(time.Minute) {
			return fmt.Errorf("costs: %s = %v: want a finite number of ns in [0, 1m]", name, v)
		}
		return nil
	}
	for _, f := range []struct {
		n string
		v float64
	}{{"nextTick", c.NextTick}, {"immediate", c.Immediate}, {"timer.minDelay", c.Timer.MinDelay}, {"timer.resolution", c.Timer.Resolution}, {"poll.window", c.Poll.Window}, {"producerWait", c.ProducerWait}, {"start.ns", c.Start.Ns}, {"drain", c.Drain}, {"resume", c.Resume}} {
		if err := check(f.n, f.v); err != nil {
			return err
		}
	}
	if w := c.Start.Writes; w < 0 || w > 1<<30 {
		return fmt.Errorf("costs: start.writes = %d: want a count in [0, 2^30]", w)
	}
	if s := c.Poll.Stretch; math.IsNaN(s) || s < 0 || s > 100 {
		return fmt.Errorf("costs: poll.stretch = %v: want a number in [0, 100]", s)
	}
	for i, p := range c.IO {
		if err := check(fmt.Sprintf("io[%d].lag", i), p.Lag); err != nil {
			return err
		}
		if err := check(fmt.Sprintf("io[%d].wait", i), p.Wait); err != nil {
			return err
		}
		if i > 0 && p.Wait <= c.IO[i-1].Wait {
			return fmt.Errorf("costs: io[%d]: waits must ascend", i)
		}
	}
	for i, q := range c.Timer.Overshoot {
		if math.IsNaN(q) || math.Abs(q) > float64(time.Minute) || (i > 0 && q < c.Timer.Overshoot[i-1]) {
			return fmt.Errorf("costs: timer.overshoot[%d] = %v: want ascending quantiles within ±1m", i, q)
		}
	}
	if len(c.Timer.Overshoot) == 1 {
		return fmt.Errorf("costs: timer.overshoot: want 0 or at least 2 quantiles")
	}
	for _, m := range []struct {
		n string
		c ChunkCosts
	}{{"bytes", c.Bytes}, {"objects", c.Objects}} {
		for _, l := range []struct {
			n string
			l Linear
		}{{"write", m.c.Write}, {"push", m.c.Push}, {"pipe", m.c.Pipe}, {"transform", m.c.Transform}, {"join", m.c.Join}} {
			if math.IsNaN(l.l.A) || math.IsNaN(l.l.B) || math.Abs(l.l.A) > 1e9 || math.Abs(l.l.B) > 1e6 {
				return fmt.Errorf("costs: %s.%s = %v + %v/byte: out of range", m.n, l.n, l.l.A, l.l.B)
			}
		}
		if err := m.c.Driver.check(); err != nil {
			return fmt.Errorf("costs: %s.driver: %w", m.n, err)
		}
	}
	for k, p := range c.Parts {
		for _, l := range []Linear{p.Wait, p.CPU, p.Driver} {
			if !(l.A >= 0 && l.A <= float64(time.Minute) && l.B >= 0 && l.B <= 1e6) {
				return fmt.Errorf("costs: parts.%s = %v + %v/byte: out of range", k, l.A, l.B)
			}
		}
		if !(p.Ratio >= 0 && p.Ratio < 1e3) {
			return fmt.Errorf("costs: parts.%s: ratio %v out of range", k, p.Ratio)
		}
	}
	return nil
}
