package engine

import "time"

// DefaultTimelinePoints bounds Result.Timeline when
// RecorderConfig.TimelinePoints is 0 (and Result.Paused at half of it).
const DefaultTimelinePoints = 4096

// timeline keeps a bounded, deterministic decimation of a step function's
// corners. Time is cut into buckets of 2^shift ns; each bucket keeps its
// first lowest and first highest point, so the peak and the envelope of a
// sawtooth survive. When there are more than limit buckets, the width
// doubles and neighbours merge.
type timeline struct {
	limit   int
	shift   uint
	buckets []tlBucket
}

type tlBucket struct {
	idx    int64
	lo, hi Point
}

func newTimeline(points int) *timeline {
	return &timeline{limit: max(points/2, 1)}
}

// add appends a corner; corners come in increasing time.
func (tl *timeline) add(p Point) {
	idx := int64(p.T) >> tl.shift
	if n := len(tl.buckets); n > 0 && tl.buckets[n-1].idx == idx {
		b := &tl.buckets[n-1]
		if p.Bytes < b.lo.Bytes {
			b.lo = p
		}
		if p.Bytes > b.hi.Bytes {
			b.hi = p
		}
		return
	}
	tl.buckets = append(tl.buckets, tlBucket{idx, p, p})
	for len(tl.buckets) > tl.limit {
		tl.coarsen()
	}
}

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

// points returns the kept corners in time order.
func (tl *timeline) points() []Point {
	out := make([]Point, 0, 2*len(tl.buckets))
	for _, b := range tl.buckets {
		switch {
		case b.lo == b.hi:
			out = append(out, b.lo)
		case b.lo.T < b.hi.T:
			out = append(out, b.lo, b.hi)
		default:
			out = append(out, b.hi, b.lo)
		}
	}
	return out
}

// intervals keeps at most limit intervals in time order. Touching intervals
// merge; past the limit, the smallest gap that still separates two
// intervals doubles (from 1 µs) and closer neighbours merge.
type intervals struct {
	limit int
	gap   time.Duration
	list  []Interval
}

func newIntervals(limit int) *intervals { return &intervals{limit: max(limit, 1)} }

// add appends [start, end); intervals come in time order, not overlapping.
func (s *intervals) add(iv Interval) {
	if iv.End <= iv.Start {
		return
	}
	if n := len(s.list); n > 0 && iv.Start-s.list[n-1].End <= s.gap {
		s.list[n-1].End = iv.End
		return
	}
	s.list = append(s.list, iv)
	for len(s.list) > s.limit {
		s.gap = max(2*s.gap, time.Microsecond)
		out := s.list[:1]
		for _, x := range s.list[1:] {
			if last := &out[len(out)-1]; x.Start-last.End <= s.gap {
				last.End = x.End
				continue
			}
			out = append(out, x)
		}
		s.list = out
	}
}

func (s *intervals) all() []Interval { return append([]Interval(nil), s.list...) }
