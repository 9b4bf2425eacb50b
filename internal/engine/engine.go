package engine

import (
	"context"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Engine runs cells. Run validates cfg and returns the cell's Result, or an
// error for a Config it cannot run. When ctx is cancelled, Run stops soon
// and returns what it measured so far together with ctx.Err(). An Engine
// may be used by several goroutines at once, each Run on its own cell.
type Engine interface {
	Run(ctx context.Context, cfg Config) (Result, error)
}

// Result is one run's measurements: internal/metrics' Result (metrics in
// report order under the catalog's names, GuardExceeded, latency summary,
// bounded timeline and producer-blocked intervals, warnings).
type Result = metrics.Result
