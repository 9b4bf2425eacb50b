package realtime

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/harness"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/wallclock"
)

// Defaults of Engine's zero fields.
const (
	// DefaultSampleEvery is how often the heap and RSS are sampled.
	DefaultSampleEvery = 5 * time.Millisecond
	// DefaultLagWarn is the lag beyond which a run warns that it fell
	// behind its deadlines for a while, even if it caught up.
	DefaultLagWarn = 50 * time.Millisecond
	// RateTolerance is the shortfall (a fraction of the duration the run
	// ended behind its schedule) beyond which the configured rates were not
	// achieved and the run says so.
	RateTolerance = 0.02
)

// Engine runs cells on the wall clock. The zero value is ready. An Engine
// may run several cells at once, but they then share the machine and the
// process: heap, RSS, GC and CPU figures include each other's.
type Engine struct {
	// TimelinePoints bounds Result.Timeline, as sim.Engine's.
	TimelinePoints int
	// SampleEvery is how often heap and RSS are sampled; 0 is
	// DefaultSampleEvery.
	SampleEvery time.Duration
	// LagWarn is the lag that draws a warning; 0 is DefaultLagWarn.
	LagWarn time.Duration
}

var _ engine.Engine = Engine{}

// errWallTime is the cause of a run stopped on the wall at its duration.
var errWallTime = errors.New("realtime: stop.duration reached on the wall clock")

// Run runs cfg in real time and returns its Result: sim's metrics, on the
// wall clock, plus heap.peak and Extra. It returns an error wrapping
// engine's validation errors for an invalid cfg, and ctx.Err(), with what
// was measured until then, when ctx is cancelled.
func (e Engine) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	if err := harness.Check(cfg); err != nil {
		return engine.Result{}, fmt.Errorf("realtime: %w", err)
	}
	runtime.GC() // start from the live heap, not the last run's garbage
	// The loop runs on this goroutine, alone on its thread, so the thread's
	// CPU time is the streams' own work (with GC assists), not the
	// sampler's or another cell's.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	gc0 := readUint64(gcCycles)
	var gcs0 debug.GCStats
	debug.ReadGCStats(&gcs0)
	user0, sys0, cpuOK := threadCPU()
	smp := startSampler(orDefault(e.SampleEvery, DefaultSampleEvery))
	wall := wallclock.New()
	// A model that falls behind reaches stop.duration late: stop it on the
	// wall a little after (timed from just after the clock's zero).
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if d := cfg.Stop.Duration; d > 0 {
		runCtx, cancel = context.WithTimeoutCause(ctx, wallLimit(d), errWallTime)
	}
	defer cancel()
	clock := newPacer(runCtx, wall)
	res, err := harness.RunOn(runCtx, cfg, harness.Options{Clock: clock, Payload: payload, TimelinePoints: e.TimelinePoints})
	heap, rss, rssOK := smp.finish()
	user1, sys1, _ := threadCPU()
	gc1 := readUint64(gcCycles)
	var gcs1 debug.GCStats
	debug.ReadGCStats(&gcs1)

	wallCut := err != nil && ctx.Err() == nil && errors.Is(context.Cause(runCtx), errWallTime)
	if wallCut {
		err = nil
	}
	if err != nil && ctx.Err() == nil {
		return res, fmt.Errorf("realtime: %w", err)
	}
	if len(res.Metrics) == 0 {
		return res, err
	}

	res.Metrics = insert(res.Metrics, metrics.Metric{Name: metrics.HeapPeak, Value: float64(heap)})
	res.Metrics = append(res.Metrics, metrics.Metric{Name: ClockLagMax, Value: clock.maxLag.Seconds()})
	if cpuOK {
		user, sys := user1-user0, sys1-sys0
		res.Metrics = append(res.Metrics, metrics.Metric{Name: CPUUser, Value: user.Seconds()}, metrics.Metric{Name: CPUSystem, Value: sys.Seconds()})
		if chunks, _ := res.Metrics.Get(metrics.ChunksProduced); chunks > 0 {
			res.Metrics = append(res.Metrics, metrics.Metric{Name: CPUPerChunk, Value: (user + sys).Seconds() / chunks})
		}
	}
	res.Metrics = append(res.Metrics, metrics.Metric{Name: GCCount, Value: float64(gc1 - gc0)},
		metrics.Metric{Name: GCPause, Value: max(gcs1.PauseTotal-gcs0.PauseTotal, 0).Seconds()})
	if rssOK {
		res.Metrics = append(res.Metrics, metrics.Metric{Name: RSSPeak, Value: float64(rss)})
	}
	res.Warnings = append(res.Warnings, e.warnings(&cfg, clock, wallCut, res)...)
	return res, err
}

// warnings says when the wall clock could not follow the model.
func (e Engine) warnings(cfg *engine.Config, p *pacer, wallCut bool, res engine.Result) []string {
	var w []string
	dur, _ := res.Metrics.Get(metrics.Duration)
	end := time.Duration(math.Round(dur * 1e9))
	lagEnd := max(end-p.now, 0) // the wall's lead over the model at the end
	switch {
	case wallCut:
		w = append(w, fmt.Sprintf("realtime: rate not achieved: the machine could not keep up; stopped on the wall clock at %v with the model only at %v (stop.duration %v), so rates fall about %.0f%% short of the configured ones",
			end.Round(time.Millisecond), p.now.Round(time.Microsecond), cfg.Stop.Duration, 100*shortfall(lagEnd, end)))
	case float64(lagEnd) > RateTolerance*float64(end):
		why := "the machine could not keep up"
		if lagEnd <= shortRun {
			why = "the run is too short for the wall clock's resolution"
		}
		w = append(w, fmt.Sprintf("realtime: rate not achieved: %s; the run ended %v behind its schedule (%.1f%% of %v), so rates fall about that much short of the configured ones",
			why, lagEnd.Round(time.Microsecond), 100*shortfall(lagEnd, end), end.Round(time.Millisecond)))
	}
	if lim := orDefault(e.LagWarn, DefaultLagWarn); p.maxLag > lim && len(w) == 0 {
		w = append(w, fmt.Sprintf("realtime: the loop fell up to %v behind its deadlines (at %v); in that stretch events ran late on the wall and were caught up in bursts",
			p.maxLag.Round(time.Microsecond), p.maxLagAt.Round(time.Microsecond)))
	}
	return w
}

// shortRun is the end lag that one sleep's overshoot explains: below it, a
// run that ended more than RateTolerance behind was simply too short.
const shortRun = 5 * time.Millisecond

// shortfall is the fraction of the duration end the run was behind: the
// achieved rates are the configured ones times 1 - shortfall.
func shortfall(lag, end time.Duration) float64 {
	if end <= 0 {
		return 0
	}
	return float64(lag) / float64(end)
}

// wallLimit is when a run of duration d is stopped on the wall: late enough
// that a run on schedule ends by itself, early enough to be prompt.
func wallLimit(d time.Duration) time.Duration { return d + d/50 + 10*time.Millisecond }

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
