package metrics

import (
	"encoding/json"
	"fmt"
	"time"
)

// DefaultTimelinePoints is the bound on Result.Timeline when
// Config.TimelinePoints is 0.
const DefaultTimelinePoints = 4096

// Point is a corner of the whole-pipeline buffered step function: from time T
// on, Bytes are buffered (until the next point). It encodes in JSON as the
// pair [T in nanoseconds, Bytes].
type Point struct {
	// T is the time since the cell started.
	T time.Duration
	// Bytes is the total buffered from T on.
	Bytes int64
}

// MarshalJSON encodes p as [t_ns, bytes].
func (p Point) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]int64{int64(p.T), p.Bytes})
}

// UnmarshalJSON decodes [t_ns, bytes].
func (p *Point) UnmarshalJSON(b []byte) error {
	var a [2]int64
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("metrics: timeline point: %w", err)
	}
	p.T, p.Bytes = time.Duration(a[0]), a[1]
	return nil
}

// timeline keeps a bounded, deterministic decimation of a step function.
// Time is cut into buckets of 2^shift ns; each non-empty bucket keeps its
// first lowest and first highest point, so the global peak and the envelope
// of a sawtooth survive. When more than max/2 buckets are in use, the bucket
// width doubles and neighbours merge. The same points give the same result.
type timeline struct {
	limit   int // buckets, max/2
	shift   uint
	buckets []bucket
	// end is where the last bucket ends: a point before it (and so in it,
	// as points come in time order) only widens it. 0 when empty.
	end time.Duration
}

type bucket struct {
	idx    int64
	lo, hi Point
}

func newTimeline(maxPoints int) *timeline {
	limit := max(maxPoints/2, 1)
	return &timeline{limit: limit, buckets: make([]bucket, 0, limit)}
}

// add appends a point; points come in non-decreasing time. The common
// case is a point in the last bucket.
func (tl *timeline) add(p Point) {
	if p.T < tl.end {
		tl.buckets[len(tl.buckets)-1].widen(p)
		return
	}
	tl.open(p)
}

// widen makes b's lowest and highest points cover p.
func (b *bucket) widen(p Point) {
	if p.Bytes < b.lo.Bytes {
		b.lo = p
	}
	if p.Bytes > b.hi.Bytes {
		b.hi = p
	}
}

// open appends a point that starts a new bucket, coarsening first if every
// bucket is in use (after which p may fall in the last bucket after all).
func (tl *timeline) open(p Point) {
	for {
		idx := int64(p.T) >> tl.shift
		if n := len(tl.buckets); n > 0 && tl.buckets[n-1].idx == idx {
			tl.buckets[n-1].widen(p)
			break
		}
		if len(tl.buckets) < tl.limit {
			tl.buckets = append(tl.buckets, bucket{idx: idx, lo: p, hi: p})
			break
		}
		tl.coarsen()
	}
	tl.setEnd()
}

// setEnd sets tl.end after the last bucket changed. On overflow it is
// negative, and every point goes through open.
func (tl *timeline) setEnd() {
	tl.end = time.Duration(tl.buckets[len(tl.buckets)-1].idx+1) << tl.shift
}

// coarsen doubles the bucket width once and merges the buckets that now
// share an index.
func (tl *timeline) coarsen() {
	tl.shift++
	out := tl.buckets[:0]
	for _, b := range tl.buckets {
		b.idx >>= 1
		if n := len(out); n > 0 && out[n-1].idx == b.idx {
			m := &out[n-1]
			if b.lo.Bytes < m.lo.Bytes {
				m.lo = b.lo
			}
			if b.hi.Bytes > m.hi.Bytes {
				m.hi = b.hi
			}
			continue
		}
		out = append(out, b)
	}
	tl.buckets = out
}

// points returns the kept points in time order, at most 2*limit.
func (tl *timeline) points() []Point {
	out := make([]Point, 0, 2*len(tl.buckets))
	for _, b := range tl.buckets {
		switch {
		case b.lo.T == b.hi.T:
			out = append(out, b.hi)
		case b.lo.T < b.hi.T:
			out = append(out, b.lo, b.hi)
		default:
			out = append(out, b.hi, b.lo)
		}
	}
	return out
}

// Interval is a span of time [Start, End). It encodes in JSON as the pair
// [Start in nanoseconds, End in nanoseconds].
type Interval struct {
	// Start is when the interval began, since the cell started.
	Start time.Duration
	// End is when it ended.
	End time.Duration
}

// MarshalJSON encodes iv as [start_ns, end_ns].
func (iv Interval) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]int64{int64(iv.Start), int64(iv.End)})
}

// UnmarshalJSON decodes [start_ns, end_ns].
func (iv *Interval) UnmarshalJSON(b []byte) error {
	var a [2]int64
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("metrics: interval: %w", err)
	}
	iv.Start, iv.End = time.Duration(a[0]), time.Duration(a[1])
	return nil
}

// intervals keeps a bounded list of intervals for shading plots. Intervals
// separated by at most gap are joined; when the list is full, gap doubles
// (from 1 ns) until it is at most half full. Exact totals are kept elsewhere:
// this list is only for drawing.
type intervals struct {
	limit int
	gap   time.Duration
	list  []Interval
}

func newIntervals(limit int) *intervals {
	limit = max(limit, 2)
	return &intervals{limit: limit, list: make([]Interval, 0, limit)}
}

// add appends iv (non-empty, Start not before the previous End).
func (s *intervals) add(iv Interval) {
	if n := len(s.list); n > 0 && iv.Start-s.list[n-1].End <= s.gap {
		s.list[n-1].End = iv.End
		return
	}
	if len(s.list) == s.limit {
		s.coarsen()
		s.add(iv)
		return
	}
	s.list = append(s.list, iv)
}

func (s *intervals) coarsen() {
	for len(s.list) > s.limit/2 {
		s.gap = max(2*s.gap, 1)
		out := s.list[:0]
		for _, iv := range s.list {
			if n := len(out); n > 0 && iv.Start-out[n-1].End <= s.gap {
				out[n-1].End = iv.End
				continue
			}
			out = append(out, iv)
		}
		s.list = out
	}
}

func (s *intervals) all() []Interval { return append([]Interval(nil), s.list...) }
