package harness

import (
	"context"
	"fmt"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// Options replace parts of a run for engines built on this one (realtime
// runs the same producer, stages and consumers on the wall clock). The
// zero value is Engine's run: a virtual clock and size-only chunks.
type Options struct {
	// Clock drives the loop; nil is a new stream.VirtualClock. Times the
	// Recorder sees are the clock's Now(). With a Clock given, ctx is
	// looked at after every timer (not every ctxEvery), since such a clock
	// may sleep between timers.
	//
	// If Clock also implements Elapser, the run's duration is at least its
	// Elapsed() at the end: a clock whose Now() keeps to the deadlines while
	// the machine falls behind them still reports the time the run took.
	Clock stream.Clock
	// Payload, when not nil, makes the producer's chunks in byte mode:
	// Payload(n) must return a chunk of Size n (e.g. stream.BytesChunk of
	// real bytes). nil pushes size-only chunks. Object mode ignores it.
	Payload func(n int) stream.Chunk
	// TimelinePoints is Engine.TimelinePoints.
	TimelinePoints int
	// Costs is Engine.Costs; it applies on the virtual clock only.
	Costs *engine.Costs
}

// An Elapser is a Clock that also tells the real time elapsed since the run
// started, which may run ahead of Now() (see Options.Clock).
type Elapser interface {
	// Elapsed returns the real time since the run started.
	Elapsed() time.Duration
}

// RunOn runs cfg as Engine.Run does, with the parts opts replaces. It
// returns the same errors.
func RunOn(ctx context.Context, cfg engine.Config, opts Options) (engine.Result, error) {
	costs := opts.Costs
	if opts.Clock != nil {
		costs = nil // a wall clock charges its own: no model of a part
	}
	if err := CheckCosts(cfg, costs); err != nil {
		return engine.Result{}, fmt.Errorf("sim: %w", err)
	}
	if opts.Costs != nil {
		if err := opts.Costs.Validate(); err != nil {
			return engine.Result{}, fmt.Errorf("sim: %w", err)
		}
	}
	return newRunOn(ctx, &cfg, opts).execute()
}

// Check returns why the model cannot run cfg, or nil: cfg's own
// validation, or a real Node component (only the node engine has one).
// Several pipelines run on one loop (see group). Engines built on the model call it before
// they start and name themselves in its error.
func Check(cfg engine.Config) error { return CheckCosts(cfg, nil) }

// CheckCosts is Check for a run under costs: a real part costs has a
// model of (Costs.Parts: gzip, gunzip, fs, net, http) runs as that model.
func CheckCosts(cfg engine.Config, costs *engine.Costs) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if part, module := cfg.UnmodelledPart(costs); module {
		return fmt.Errorf("%s is the user's own code; only the node engine runs it (no calibration models a module)", part)
	} else if part != "" {
		return fmt.Errorf("%s is a real Node component; only the node engine runs it, or sim under a calibration of it (bpbench calibrate --node VERSION -o FILE measures it; then calibration: FILE)", part)
	}
	return nil
}
