package harness

import (
	"context"

	"github.com/bpbench/bpbench/internal/engine"
)

// newRun is newRunOn with only a timeline size (the tests' shorthand).
func newRun(ctx context.Context, cfg *engine.Config, points int) *run {
	return newRunOn(ctx, cfg, Options{TimelinePoints: points})
}
