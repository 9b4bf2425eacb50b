package engine

import "context"

// Engine runs cells. Run validates cfg and returns the cell's Result, or an
// error for a Config it cannot run. When ctx is cancelled, Run stops soon
// and returns what it measured so far together with ctx.Err(). An Engine
// may be used by several goroutines at once, each Run on its own cell.
type Engine interface {
	Run(ctx context.Context, cfg Config) (Result, error)
}
