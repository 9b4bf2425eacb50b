package engine

import (
	"math"
	"math/bits"
	"time"
)

// histSubBits sets the histogram's resolution: values below 2^(histSubBits+1)
// ns are counted exactly, larger ones in buckets 2^-histSubBits of their
// value wide (relative error below 0.1%).
const histSubBits = 10

const (
	histSub   = 1 << histSubBits
	histRows  = 64 - histSubBits
	histExact = 2 * histSub
)

// Histogram counts durations in constant memory: a log-linear histogram
// (exact below 2 µs, then 1024 buckets per power of two) with an exact
// count, sum, min and max. Rows are allocated when first used, so a narrow
// distribution costs a few KiB. The zero value is empty and ready.
type Histogram struct {
	rows     [histRows][]uint64
	count    uint64
	sum      [2]uint64 // 128-bit sum of nanoseconds
	min, max time.Duration
}

// bucket returns v's row and column.
func bucket(v uint64) (row, col int) {
	if v < histExact {
		return 0, int(v)
	}
	e := bits.Len64(v) - histSubBits - 1 // v>>e is in [histSub, 2histSub)
	return e, int(v>>uint(e)) - histSub
}

// Record adds d; a negative d counts as 0.
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	v := uint64(d)
	row, col := bucket(v)
	r := h.rows[row]
	if r == nil {
		n := histSub
		if row == 0 {
			n = histExact
		}
		r = make([]uint64, n)
		h.rows[row] = r
	}
	r[col]++
	if h.count == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.count++
	var c uint64
	h.sum[0], c = bits.Add64(h.sum[0], v, 0)
	h.sum[1] += c
}

// Count returns the number of values recorded.
func (h *Histogram) Count() uint64 { return h.count }

// Min and Max return the exact extremes (0 when empty).
func (h *Histogram) Min() time.Duration { return h.min }

// Max returns the largest value recorded.
func (h *Histogram) Max() time.Duration { return h.max }

// Mean returns the exact mean, truncated to the nanosecond (0 when empty).
func (h *Histogram) Mean() time.Duration {
	if h.count == 0 {
		return 0
	}
	// The quotient is the mean, below 2^63, so the high word is < count.
	q, _ := bits.Div64(h.sum[1], h.sum[0], h.count)
	return time.Duration(q)
}

// Quantile returns the value below which a fraction q of the values lie:
// the midpoint of the bucket holding the ⌈q·count⌉-th value, clamped to
// [Min, Max]. q ≤ 0 gives Min, q ≥ 1 Max; 0 when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.count == 0 {
		return 0
	}
	if q <= 0 {
		return h.min
	}
	if q >= 1 {
		return h.max
	}
	rank := uint64(math.Ceil(q * float64(h.count)))
	rank = max(rank, 1)
	var seen uint64
	for row, r := range h.rows {
		for col, n := range r {
			if n == 0 {
				continue
			}
			seen += n
			if seen >= rank {
				return min(max(bucketMid(row, col), h.min), h.max)
			}
		}
	}
	return h.max
}

func bucketMid(row, col int) time.Duration {
	if row == 0 {
		return time.Duration(col)
	}
	lo := uint64(col+histSub) << uint(row)
	return time.Duration(lo + (uint64(1)<<uint(row)-1)/2)
}
