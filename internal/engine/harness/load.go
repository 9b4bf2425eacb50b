package harness

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
)

// streamLoad is the PCG stream of a calibrated load's timer draws.
const streamLoad = 1 << 23

// busySlices is when the loop runs other work (Load): stretches in which
// no CPU work of the cell progresses.
type busySlices interface {
	// advance returns when CPU work of length d started at t ends, the
	// slices skipped. Work that ends exactly when a slice starts ends
	// then; work of length 0 that starts in a slice ends when it does. t
	// is never before the previous call's result: the clock moved there.
	advance(t, d time.Duration) time.Duration
}

// periodicSlices are slices at [k·Every, k·Every+For) for k ≥ 1: the load
// of an uncalibrated run, exactly periodic.
type periodicSlices struct{ s engine.Stalls }

func (p periodicSlices) advance(t, d time.Duration) time.Duration { return advance(t, d, p.s) }

// timedSlices are the slices the node engine's driver makes: each starts
// on a setTimeout toward its ideal start (k·period), set when the previous
// one ended, and so it starts when that timer fires (the calibration's
// TimerModel: setTimeout rounds its delay down to whole milliseconds and
// fires a little after), then busy-waits for slice. A slice that would
// start before the previous one ended starts at the next k past it. The
// starts wobble around k·period by up to a millisecond: with exactly
// periodic slices, work whose cycle fits the free stretch to a few
// microseconds ran in lockstep with the load and lost a whole slice every
// period, where the node engine loses one only now and then.
//
// Each slice also holds the cell's work for resume past its end
// (engine.Costs.Resume): the next slice's timer is set when the busy-wait
// ends, as the driver does, but the cell's work goes on only after resume.
type timedSlices struct {
	slice, period time.Duration
	resume        time.Duration                       // held past each slice's end
	delay         func(d time.Duration) time.Duration // setTimeout's delay for d
	k             int64                               // the current slice's index
	start, end    time.Duration                       // the current slice's hold: its busy-wait and resume
}

// newTimedSlices returns l's slices under the timer model of m, its draws
// from rng.
func newTimedSlices(l engine.Load, m *model, rng *rand.Rand) *timedSlices {
	ts := &timedSlices{slice: l.Slice, period: l.Period()}
	if m.costs != nil {
		ts.resume = durationMax(math.Round(m.costs.Resume))
	}
	ts.delay = func(d time.Duration) time.Duration { return m.timerDelay(d, rng) }
	ts.k = 1
	ts.start = ts.delay(ts.period)
	ts.end = ts.start + ts.slice + ts.resume
	return ts
}

// next moves to the slice after the current one, its timer set when the
// current one's busy-wait ended.
func (ts *timedSlices) next() {
	done := ts.start + ts.slice
	k := max(ts.k+1, int64((done+ts.period-1)/ts.period))
	ts.k = k
	ts.start = done + ts.delay(max(0, time.Duration(k)*ts.period-done))
	ts.end = ts.start + ts.slice + ts.resume
}

func (ts *timedSlices) advance(t, d time.Duration) time.Duration {
	for {
		for ts.end <= t {
			ts.next()
		}
		if t >= ts.start {
			t = ts.end // in a slice: nothing runs until its end
			ts.next()
			continue
		}
		if t+d <= ts.start {
			return t + d
		}
		d -= ts.start - t
		t = ts.end
		ts.next()
	}
}
