// Package wallclock is the real-time stream.Clock: the loop's timers fire at
// absolute deadlines on the machine's clock. Each wait sleeps until the
// deadline itself, not for an interval, so the ~1 ms a sleep overshoots on
// this kind of machine never accumulates: a consumer paced chunk by chunk
// keeps its configured rate. It is the only place bpbench's engines read
// real time. A Clock is not safe for concurrent use (neither is a Loop).
package wallclock

import (
	"context"
	"time"
)

// Clock measures time since New and sleeps until absolute deadlines.
type Clock struct {
	start time.Time
	// sleep sleeps for d, or less when ctx is done first (then it returns
	// ctx's error).
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
	timer *time.Timer // reused by sleepTimer
}

// New returns a clock whose zero is now.
func New() *Clock {
	c := &Clock{start: time.Now(), now: time.Now}
	c.sleep = c.sleepTimer
	return c
}

// Now returns the time elapsed since New.
func (c *Clock) Now() time.Duration { return c.now().Sub(c.start) }

// WaitUntil sleeps until Now() >= t. It returns at once for a past t.
func (c *Clock) WaitUntil(t time.Duration) {
	_ = c.WaitUntilContext(context.Background(), t)
}

// WaitUntilContext is WaitUntil that gives up once ctx is done: it returns
// nil when Now() >= t, or ctx's error, at once, when ctx is done first
// (even for a past t, it returns nil: nothing to wait for).
func (c *Clock) WaitUntilContext(ctx context.Context, t time.Duration) error {
	for {
		d := t - c.Now()
		if d <= 0 {
			return nil
		}
		if err := c.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// sleepTimer sleeps on one reused timer (Go ≥ 1.23 timers may be Reset
// without draining).
func (c *Clock) sleepTimer(ctx context.Context, d time.Duration) error {
	if ctx.Done() == nil {
		time.Sleep(d)
		return nil
	}
	if c.timer == nil {
		c.timer = time.NewTimer(d)
	} else {
		c.timer.Reset(d)
	}
	select {
	case <-c.timer.C:
		return nil
	case <-ctx.Done():
		c.timer.Stop()
		return ctx.Err()
	}
}
