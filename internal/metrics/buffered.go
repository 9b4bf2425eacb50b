package metrics

import (
	"math/bits"
	"time"
)

// u128 is an unsigned 128-bit accumulator for exact areas (byte·ns) and sums
// of nanoseconds: 1 GiB held for 9 s already overflows 64 bits.
type u128 struct{ hi, lo uint64 }

// addMul adds a*b.
func (u *u128) addMul(a, b uint64) {
	hi, lo := bits.Mul64(a, b)
	var c uint64
	u.lo, c = bits.Add64(u.lo, lo, 0)
	u.hi += hi + c
}

// add adds a.
func (u *u128) add(a uint64) {
	var c uint64
	u.lo, c = bits.Add64(u.lo, a, 0)
	u.hi += c
}

// addU128 adds v.
func (u *u128) addU128(v u128) {
	var c uint64
	u.lo, c = bits.Add64(u.lo, v.lo, 0)
	u.hi += v.hi + c
}

// float returns u rounded to the nearest float64 (to within one rounding of
// the high part).
func (u u128) float() float64 { return float64(u.hi)*0x1p64 + float64(u.lo) }

// div returns u / d as a float64, or 0 when d is 0.
func (u u128) div(d uint64) float64 {
	if d == 0 {
		return 0
	}
	if u.hi < d {
		// Exact integer quotient, then the remainder's fraction.
		q, r := bits.Div64(u.hi, u.lo, d)
		return float64(q) + float64(r)/float64(d)
	}
	return u.float() / float64(d)
}

// step is a step function of time: its current value, when the value last
// changed, its peak and the exact area under it so far. A value counts for
// the peak once time moves past it (or at close), so several changes at one
// instant are one step.
type step struct {
	cur  int64
	last time.Duration
	peak int64
	area u128 // byte·ns
}

// set changes the value to v at t, which must not be before s.last (the
// Recorder clamps).
func (s *step) set(t time.Duration, v int64) {
	if t > s.last {
		s.commit(t)
	}
	s.cur = v
}

// commit accounts the current value over [s.last, t) and moves s.last to t.
func (s *step) commit(t time.Duration) {
	s.area.addMul(uint64(s.cur), uint64(t-s.last))
	s.peak = max(s.peak, s.cur)
	s.last = t
}

// close accounts the function up to end (end >= s.last) and lets the final
// value count for the peak even when it holds for no time.
func (s *step) close(end time.Duration) {
	if end > s.last {
		s.commit(end)
	}
	s.peak = max(s.peak, s.cur)
}

// mean returns the time-weighted mean over [0, end], 0 when end is 0.
func (s *step) mean(end time.Duration) float64 {
	return s.area.div(uint64(end))
}
