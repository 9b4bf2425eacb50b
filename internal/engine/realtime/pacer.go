package realtime

import (
	"context"
	"time"

	"github.com/bpbench/bpbench/internal/wallclock"
)

// wall is the machine's clock: *wallclock.Clock, or a fake in tests.
type wall interface {
	Now() time.Duration
	WaitUntilContext(ctx context.Context, t time.Duration) error
}

var _ wall = (*wallclock.Clock)(nil)

// pacer is the loop's stream.Clock on the wall. Now() is the model's time:
// the deadline of the timer the loop is running, never the moment the
// machine got round to it. WaitUntil(t) sleeps until the wall reaches t,
// then sets the model's time to t exactly.
//
// So work that schedules relative to Now() (a consumer's next service, a
// stage's cost) is paced from the previous deadline, not from a late
// wake-up: the ~1 ms a sleep overshoots never accumulates. When the machine
// falls behind (a hiccup, or more timers per second than it can run), every
// timer already due runs at once, in deadline order, without sleeping, until
// the loop has caught up: many short timers below the sleep's resolution
// are batched into one wake-up, and rates hold over the run. How far the
// wall got ahead of the deadlines is measured (lag).
//
// Once ctx is done, a wait returns at once and the model's time becomes the
// wall's (the awaited timer fires early; the run stops right after it).
type pacer struct {
	ctx  context.Context
	wall wall
	now  time.Duration
	// maxLag is the most the wall was past a deadline when the loop got to
	// it; maxLagAt is that deadline.
	maxLag, maxLagAt time.Duration
	// cut is set when ctx ended a wait early.
	cut bool
}

// newPacer returns a pacer at model time 0.
func newPacer(ctx context.Context, w wall) *pacer { return &pacer{ctx: ctx, wall: w} }

// Now returns the model's time.
func (p *pacer) Now() time.Duration { return p.now }

// Elapsed returns the wall time since the start (never less than Now()).
// It makes the pacer a harness.Elapser: the run's duration is the time it took.
func (p *pacer) Elapsed() time.Duration { return max(p.wall.Now(), p.now) }

// WaitUntil returns once the wall has reached t and sets the model's time to
// t (it never goes back).
func (p *pacer) WaitUntil(t time.Duration) {
	if t <= p.now {
		return
	}
	if err := p.wall.WaitUntilContext(p.ctx, t); err != nil {
		p.cut = true
		p.now = max(p.now, min(t, p.wall.Now()))
		return
	}
	if lag := p.wall.Now() - t; lag > p.maxLag {
		p.maxLag, p.maxLagAt = lag, t
	}
	p.now = t
}
