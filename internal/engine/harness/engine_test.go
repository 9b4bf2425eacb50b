package harness

import (
	"context"

	"github.com/bpbench/bpbench/internal/engine"
)

// Engine is sim.Engine (which imports this package) for the tests here:
// RunOn on a virtual clock.
type Engine struct {
	TimelinePoints int
	Costs          *engine.Costs
}

func (e Engine) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	return RunOn(ctx, cfg, Options{TimelinePoints: e.TimelinePoints, Costs: e.Costs})
}
