// Package sim is the simulated engine: it runs one engine.Config on
// internal/stream, on an event loop with a virtual clock, and measures it.
// The model itself (producer, stages, consumers, what is measured) is
// internal/engine/harness, which the realtime engine runs on the wall
// clock; see its documentation.
//
// A run is deterministic: the same Config (Seed included) gives the same
// Result, byte for byte.
package sim

import (
	"context"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/harness"
)

// Engine runs cells on a virtual clock. The zero value is ready.
type Engine struct {
	// TimelinePoints bounds Result.Timeline; 0 is
	// metrics.DefaultTimelinePoints, negative records no timeline.
	TimelinePoints int
	// Costs, when not nil, is a calibration of Node's event loop (see
	// harness): the run pays for CPU per chunk, handoffs and timers. nil
	// runs the model as before, every handoff free.
	Costs *engine.Costs
}

var _ engine.Engine = Engine{}

// Run runs cfg and returns its Result. It returns an error wrapping
// engine's validation errors for an invalid cfg, and ctx.Err(), with what
// was measured until then, when ctx is cancelled.
func (e Engine) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	return harness.RunOn(ctx, cfg, harness.Options{TimelinePoints: e.TimelinePoints, Costs: e.Costs})
}
