package realtime

import (
	"context"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

// fakeWall is a wall whose sleeps overshoot by overshoot and which jumps
// ahead by hiccup at the sleep number hiccupAt.
type fakeWall struct {
	now, overshoot   time.Duration
	sleeps, hiccupAt int
	hiccup           time.Duration
}

func (w *fakeWall) Now() time.Duration { return w.now }

func (w *fakeWall) WaitUntilContext(ctx context.Context, t time.Duration) error {
	if w.now >= t {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	w.sleeps++
	w.now = t + w.overshoot
	if w.sleeps == w.hiccupAt {
		w.now += w.hiccup
	}
	return nil
}

// chain runs n timers on l, each set 2 ms after the previous one fired
// (SetTimeout, relative to Now, as a consumer times its next service).
func chain(l *stream.Loop, n int) {
	var next func()
	k := 0
	next = func() {
		if k++; k < n {
			l.SetTimeout(2*time.Millisecond, next)
		}
	}
	l.SetTimeout(2*time.Millisecond, next)
	l.Run(nil)
}

// Relative timers do not drift: with every sleep 1 ms late, 1000 timers
// each 2 ms after the previous end 1 ms after 2 s on the wall (a clock whose
// Now() were the wake-up time would end 1 s late), and the model's time is
// exactly 2 s.
func TestPacerDoesNotDrift(t *testing.T) {
	w := &fakeWall{overshoot: time.Millisecond}
	p := newPacer(context.Background(), w)
	chain(stream.NewLoop(p, stream.Node22), 1000)
	if p.Now() != 2*time.Second || w.now != 2*time.Second+time.Millisecond {
		t.Errorf("model %v, wall %v; want 2s, 2.001s", p.Now(), w.now)
	}
	if p.maxLag != time.Millisecond || p.Elapsed() != w.now {
		t.Errorf("maxLag %v, Elapsed %v; want 1ms, %v", p.maxLag, p.Elapsed(), w.now)
	}
}

// After a 100 ms hiccup the timers already due run without sleeping until
// the loop has caught up, and the lag is measured.
func TestPacerCatchesUp(t *testing.T) {
	w := &fakeWall{hiccupAt: 10, hiccup: 100 * time.Millisecond}
	p := newPacer(context.Background(), w)
	chain(stream.NewLoop(p, stream.Node22), 1000)
	if p.Now() != 2*time.Second || w.now != 2*time.Second {
		t.Errorf("model %v, wall %v; want 2s, 2s (caught up)", p.Now(), w.now)
	}
	if want := 1000 - 100/2; w.sleeps != want {
		t.Errorf("%d sleeps; want %d (50 timers ran without sleeping)", w.sleeps, want)
	}
	if p.maxLag != 100*time.Millisecond || p.maxLagAt != 20*time.Millisecond {
		t.Errorf("maxLag %v at %v; want 100ms at 20ms (the sleep that hiccupped)", p.maxLag, p.maxLagAt)
	}
}

// Once ctx is done a wait returns at once, the model's time taking the
// wall's (not the far deadline's).
func TestPacerCancelled(t *testing.T) {
	w := &fakeWall{now: 5 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := newPacer(ctx, w)
	p.WaitUntil(time.Hour)
	if !p.cut || p.Now() != 5*time.Millisecond || w.now != 5*time.Millisecond {
		t.Errorf("cut %v, model %v, wall %v; want true, 5ms, 5ms", p.cut, p.Now(), w.now)
	}
	p.WaitUntil(time.Millisecond) // in the past: nothing
	if p.Now() != 5*time.Millisecond {
		t.Errorf("model %v after a past deadline; want 5ms", p.Now())
	}
}
