package harness

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// nodeTimer is setTimeout as calibrated on this machine: whole
// milliseconds, at least 1, and about 0.1 ms late with a spread.
var nodeTimer = engine.TimerModel{MinDelay: 1e6, Resolution: 1e6,
	Overshoot: []float64{60e3, 90e3, 100e3, 120e3, 400e3}}

func testSlices(l engine.Load, tm engine.TimerModel, seed uint64) *timedSlices {
	m := &model{costs: &engine.Costs{Timer: tm}}
	return newTimedSlices(l, m, rand.New(rand.NewPCG(seed, 1)))
}

// Timed slices follow the driver's arithmetic: with a timer that fires on
// the truncated delay (no overshoot), a 2ms slice every 6.667ms starts at
// 6ms (the first timer, 6.667 truncated), then 13ms (the timer set at 8ms
// for 13.333), 20ms (set at 15ms for 20.000001), 26ms (set at 22ms for
// 26.667), ...
func TestTimedSlicesDriverArithmetic(t *testing.T) {
	t.Parallel()
	ts := testSlices(engine.Load{Busy: 0.3, Slice: 2 * time.Millisecond}, engine.TimerModel{MinDelay: 1e6, Resolution: 1e6}, 1)
	want := []time.Duration{6, 13, 20, 26, 33, 40}
	for i, w := range want {
		if ts.start != w*time.Millisecond || ts.end != ts.start+2*time.Millisecond {
			t.Fatalf("slice %d = [%v, %v); want [%v, +2ms)", i+1, ts.start, ts.end, w*time.Millisecond)
		}
		ts.next()
	}
}

// Over a long run the slices take the load's share of the loop, however
// late the timers, and never overlap.
func TestTimedSlicesKeepTheShare(t *testing.T) {
	t.Parallel()
	for _, l := range []engine.Load{
		{Busy: 0.3, Slice: 2 * time.Millisecond},
		{Busy: 0.5, Slice: 5 * time.Millisecond},
		{Busy: 0.1, Slice: 300 * time.Microsecond}, // shorter than the timer's resolution
	} {
		ts := testSlices(l, nodeTimer, 7)
		var busy, prevEnd time.Duration
		const horizon = 20 * time.Second
		for ts.start < horizon {
			if ts.start < prevEnd {
				t.Fatalf("%+v: slice at %v starts before the previous one ended (%v)", l, ts.start, prevEnd)
			}
			busy += ts.end - ts.start
			prevEnd = ts.end
			ts.next()
		}
		share := float64(busy) / float64(horizon)
		// A slice shorter than a timer's millisecond cannot come more
		// often than every ms + slice: the share is at most slice/(1ms+slice).
		want := min(l.Busy, float64(l.Slice)/float64(time.Millisecond+l.Slice))
		if share < 0.97*want || share > 1.03*want {
			t.Errorf("%+v: busy share %.4f; want %.4f within 3%%", l, share, want)
		}
	}
}

// advance skips the slices: work that ends exactly at a slice's start ends
// then, work that reaches a slice resumes after it, work of 0 in a slice
// ends with it.
func TestTimedSlicesAdvance(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	ts := testSlices(engine.Load{Busy: 0.3, Slice: 2 * ms}, engine.TimerModel{MinDelay: 1e6, Resolution: 1e6}, 1)
	// Slices: [6, 8), [13, 15), [20, 22), [26, 28), ... Each call starts
	// where the previous one's result left the clock, or later.
	checkAdvances(t, ts, []advanceCase{
		{0, 6 * ms, 6 * ms},
		{6 * ms, 0, 8 * ms},
		{8 * ms, 5 * ms, 13 * ms},
		{13 * ms, ms, 16 * ms},
		{16 * ms, 10 * ms, 30 * ms}, // 4 before 20, 4 before 26, 2 after 28
	})
}

// advanceCase is a call of advance(t, d) and the time it should return.
type advanceCase struct{ t, d, want time.Duration }

// checkAdvances makes the calls in order on ts.
func checkAdvances(t *testing.T, ts *timedSlices, cases []advanceCase) {
	t.Helper()
	for _, c := range cases {
		if got := ts.advance(c.t, c.d); got != c.want {
			t.Errorf("advance(%v, %v) = %v; want %v", c.t, c.d, got, c.want)
		}
	}
}

// The case that needed timed slices: a consumer whose three services fill
// the free stretch between exactly periodic slices to 20µs ends its third
// in the next slice every period and loses a whole slice each time. On the
// driver's timers the slices wobble, and it often gets a fourth chunk
// through: the calibrated run is faster, and still slower than no load.
func TestTimedSlicesBreakTheLockstep(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB)},
		Stop:      engine.Stop{Bytes: 16 * MiB},
		Consumers: []engine.Consumer{{Name: "slow", Rate: 10 * MiB}},
		Strategy:  engine.StrategyPipe,
		Seed:      3,
	}
	free := metric(t, runCosts(t, cfg, &engine.Costs{Timer: nodeTimer}), metrics.Throughput)
	cfg.Load = engine.Load{Busy: 0.3, Slice: 2 * time.Millisecond}
	periodic := metric(t, mustRun(t, cfg), metrics.Throughput)
	timed := metric(t, runCosts(t, cfg, &engine.Costs{Timer: nodeTimer}), metrics.Throughput)
	t.Logf("throughput: free %.4g, periodic slices %.4g, timed slices %.4g", free, periodic, timed)
	// Periodic: three 1.5625ms services per 6.667ms period.
	if want := 3 * 16 * KiB / 6.667e-3; !within(periodic, want, 0.01) {
		t.Errorf("periodic slices: %.4g B/s; want 3 chunks a period, %.4g", periodic, want)
	}
	if !(timed > 1.05*periodic && timed < 0.95*free) {
		t.Errorf("timed slices: %.4g B/s; want between periodic %.4g and free %.4g, 5%% off each", timed, periodic, free)
	}
	// A consumer that mostly waits loses little to the cold work after a
	// slice (Resume): holding the loop for it instead brought the lockstep
	// back (7.6e6 B/s: the slices plus the hold left too little free
	// stretch).
	cold := metric(t, runCosts(t, cfg, &engine.Costs{Timer: nodeTimer, Resume: 500e3}), metrics.Throughput)
	if !(cold > 1.05*periodic && cold > 0.97*timed && cold <= timed) {
		t.Errorf("timed slices with a 500µs resume: %.4g B/s; want at most %.4g (without it) and within 3%% of it, and 5%% above periodic %.4g", cold, timed, periodic)
	}
}

// Costs.Resume makes the CPU work after each slice run cold: each ns costs
// two until resume's worth is lost. The slices keep the driver's schedule
// (the starts are those without it), and a wait that ends after a slice
// (work of 0) is not held.
func TestTimedSlicesResume(t *testing.T) {
	t.Parallel()
	us := time.Microsecond
	l := engine.Load{Busy: 0.3, Slice: 2 * time.Millisecond}
	tm := engine.TimerModel{MinDelay: 1e6, Resolution: 1e6}
	plain := testSlices(l, tm, 5)
	m := &model{costs: &engine.Costs{Timer: tm, Resume: 300e3}}
	cold := newTimedSlices(l, m, rand.New(rand.NewPCG(5, 1)))
	for i := range 50 {
		if cold.start != plain.start || cold.end != plain.end {
			t.Fatalf("slice %d: [%v, %v) with resume, [%v, %v) without; want the same", i+1, cold.start, cold.end, plain.start, plain.end)
		}
		cold.next()
		plain.next()
	}
	// Slices [6, 8), [13, 15) ms: after the first, 100µs of work takes
	// 200, the next 500 take 700 (100 of resume left), then 100 take 100;
	// a wake in the slice ends with it; after the second slice, cold again.
	cold = newTimedSlices(l, m, rand.New(rand.NewPCG(5, 1)))
	ms := time.Millisecond
	checkAdvances(t, cold, []advanceCase{
		{0, ms, ms},
		{8 * ms, 100 * us, 8*ms + 200*us},
		{8*ms + 200*us, 500 * us, 8*ms + 900*us},
		{8*ms + 900*us, 100 * us, 9 * ms},
		{14 * ms, 0, 15 * ms},
		{15 * ms, 400 * us, 15*ms + 700*us},
	})
}

// A cell that is all CPU under load loses each slice and all of resume
// after it: it takes W / (1 - (slice+resume)/period), where W is its
// unloaded time.
func TestResumeCost(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(4 * KiB)},
		Stop:      engine.Stop{Chunks: 20000},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	}
	cpu := engine.ChunkCosts{Write: engine.Linear{A: 10e3}}
	free := metric(t, runCosts(t, cfg, &engine.Costs{Bytes: cpu, Timer: nodeTimer}), metrics.Duration)
	cfg.Load = engine.Load{Busy: 0.3, Slice: 2 * time.Millisecond}
	period := float64(cfg.Load.Period())
	for _, resume := range []float64{0, 500e3} {
		got := metric(t, runCosts(t, cfg, &engine.Costs{Bytes: cpu, Timer: nodeTimer, Resume: resume}), metrics.Duration)
		want := free / (1 - (2e6+resume)/period)
		if !within(got, want, 0.03) {
			t.Errorf("resume %v ns: the loaded run took %.4fs; want %.4fs (unloaded %.4fs over the free share), within 3%%", resume, got, want, free)
		}
	}
}
