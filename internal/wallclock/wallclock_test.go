package wallclock

import (
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
	c.sleep = func(d time.Duration) { now = now.Add(d + overshoot) }
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
