// Package wallclock is the real-time stream.Clock: the loop's timers fire at
// absolute deadlines on the machine's clock. Each wait sleeps until the
// deadline itself, not for an interval, so the ~1 ms a sleep overshoots on
// this kind of machine never accumulates: a consumer paced chunk by chunk
// keeps its configured rate. It is the only place bpbench's engines read
// real time. A Clock is not safe for concurrent use (neither is a Loop).
package wallclock

import "time"

// Clock measures time since New and sleeps until absolute deadlines.
type Clock struct {
	start time.Time
	sleep func(time.Duration)
	now   func() time.Time
}

// New returns a clock whose zero is now.
func New() *Clock { return &Clock{start: time.Now(), sleep: time.Sleep, now: time.Now} }

// Now returns the time elapsed since New.
func (c *Clock) Now() time.Duration { return c.now().Sub(c.start) }

// WaitUntil sleeps until Now() >= t. It returns at once for a past t.
func (c *Clock) WaitUntil(t time.Duration) {
	for {
		d := t - c.Now()
		if d <= 0 {
			return
		}
		c.sleep(d)
	}
}
