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
// After each slice the cell's CPU work runs cold (engine.Costs.Resume):
// each ns of it costs two until resume's worth is lost, or the next slice
// comes. A run that is all CPU loses all of resume a slice; one that
// mostly waits loses what little CPU it does, and its waits end on time:
// holding the whole loop for resume instead made the 10 MiB/s consumer of
// two-consumers-16k-load lose a whole slice a period (7.07 MiB/s, where
// the node engine ran 7.97-8.25).
type timedSlices struct {
	slice, period time.Duration
	resume        time.Duration                       // the cold work's loss after each slice
	cold          time.Duration                       // what is left of it after the last slice
	delay         func(d time.Duration) time.Duration // setTimeout's delay for d
	k             int64                               // the current slice's index
	start, end    time.Duration                       // the current slice
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
	ts.end = ts.start + ts.slice
	return ts
}

// next moves to the slice after the current one, its timer set when the
// current one ended; the work after the current one runs cold.
func (ts *timedSlices) next() {
	k := max(ts.k+1, int64((ts.end+ts.period-1)/ts.period))
	ts.k = k
	ts.start = ts.end + ts.delay(max(0, time.Duration(k)*ts.period-ts.end))
	ts.end = ts.start + ts.slice
	ts.cold = ts.resume
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
		if ts.cold > 0 && d > 0 {
			x := min(ts.cold, d)
			ts.cold -= x
			d += x
		}
		if t+d <= ts.start {
			return t + d
		}
		d -= ts.start - t
		t = ts.end
		ts.next()
	}
}
