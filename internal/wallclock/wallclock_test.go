package wallclock

import (
	"context"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

var _ stream.Clock = (*Clock)(nil)

// fake returns a clock on a fake time source whose sleeps overshoot by
// overshoot, like the real machine's.
func fake(overshoot time.Duration) (*Clock, *time.Time) {
	now := time.Unix(0, 0)
	c := &Clock{start: now, now: func() time.Time { return now }}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		now = now.Add(d + overshoot)
		return nil
	}
	return c, &now
}

// TestDeadlinesDoNotDrift: with every sleep overshooting by 1ms, waiting
// for 1000 deadlines 2ms apart ends within one overshoot of the last
// deadline, where per-interval sleeps would be 1s late.
func TestDeadlinesDoNotDrift(t *testing.T) {
	c, _ := fake(time.Millisecond)
	for k := 1; k <= 1000; k++ {
		c.WaitUntil(time.Duration(k) * 2 * time.Millisecond)
	}
	if got, want := c.Now(), 2*time.Second; got < want || got > want+time.Millisecond {
		t.Errorf("Now() = %v after the last deadline; want within [%v, %v]", got, want, want+time.Millisecond)
	}
}

// TestWaitUntilPast returns at once for a deadline already gone.
func TestWaitUntilPast(t *testing.T) {
	c, now := fake(0)
	*now = now.Add(time.Second)
	c.WaitUntil(time.Millisecond)
	if got := c.Now(); got != time.Second {
		t.Errorf("Now() = %v; want 1s (no sleep)", got)
	}
}

// TestLoopOnWallClock runs real timers: each fires no earlier than its
// deadline (no upper bound is asserted: the machine may be slow).
func TestLoopOnWallClock(t *testing.T) {
	l := stream.NewLoop(New(), stream.Node22)
	var fired []time.Duration
	for k := 1; k <= 3; k++ {
		d := time.Duration(k) * time.Millisecond
		l.SetTimeout(d, func() {
			fired = append(fired, l.Now())
			if l.Now() < d {
				t.Errorf("timer %v fired at %v", d, l.Now())
			}
		})
	}
	l.Run(nil)
	if len(fired) != 3 {
		t.Fatalf("fired %d timers; want 3", len(fired))
	}
}

// TestWaitUntilContext returns ctx's error without waiting once ctx is
// done, and nil for a deadline already gone.
func TestWaitUntilContext(t *testing.T) {
	c, _ := fake(time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.WaitUntilContext(ctx, time.Second); err != nil || c.Now() < time.Second {
		t.Fatalf("WaitUntilContext(live ctx, 1s) = %v at %v; want nil at >= 1s", err, c.Now())
	}
	cancel()
	before := c.Now()
	if err := c.WaitUntilContext(ctx, 2*time.Second); err != context.Canceled || c.Now() != before {
		t.Errorf("WaitUntilContext(cancelled, 2s) = %v at %v; want %v at %v", err, c.Now(), context.Canceled, before)
	}
	if err := c.WaitUntilContext(ctx, before); err != nil {
		t.Errorf("WaitUntilContext(cancelled, past) = %v; want nil", err)
	}
}

// TestWaitUntilContextWakes: a real sleep far in the future ends when ctx
// is cancelled (no timing is asserted, only that it returns).
func TestWaitUntilContextWakes(t *testing.T) {
	c := New()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	if err := c.WaitUntilContext(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("WaitUntilContext = %v; want %v", err, context.Canceled)
	}
	// The timer is reused: a later short wait still works.
	if err := c.WaitUntilContext(context.Background(), c.Now()+time.Millisecond); err != nil {
		t.Fatal(err)
	}
}
