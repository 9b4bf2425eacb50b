package metrics

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// DefaultLatencyMax is the largest latency the histogram resolves when
// Config.LatencyMax is 0. Larger latencies still count, at this value, in the
// quantiles (latency.max and latency.mean stay exact) and add a warning.
const DefaultLatencyMax = 24 * time.Hour

// latencyDigits is the histogram's precision in significant decimal digits:
// 3 digits is a relative error below 0.1%, in about 300 KiB per Recorder for a
// 1 ns .. 24 h range.
const latencyDigits = 3

// CDFPoint is one point of the latency distribution: a fraction Q of the
// chunks had a latency of at most Latency. It encodes in JSON as the pair
// [Q, Latency in nanoseconds].
type CDFPoint struct {
	// Q is the cumulative fraction, in [0, 1].
	Q float64
	// Latency is the latency at quantile Q.
	Latency time.Duration
}

// MarshalJSON encodes c as [q, latency_ns].
func (c CDFPoint) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]any{c.Q, int64(c.Latency)})
}

// UnmarshalJSON decodes [q, latency_ns].
func (c *CDFPoint) UnmarshalJSON(b []byte) error {
	var a [2]float64 // exact: latencies below 2^53 ns (104 days)
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("metrics: cdf point: %w", err)
	}
	c.Q, c.Latency = a[0], time.Duration(a[1])
	return nil
}

// cdfPercents are the quantiles of Result.Latency.CDF, in percent: every
// percent, then the tail a log-scale plot needs.
var cdfPercents = func() []float64 {
	p := make([]float64, 0, 108)
	for i := 0; i < 100; i++ {
		p = append(p, float64(i))
	}
	return append(p, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 99.9999, 100)
}()

// Latencies summarises the per-chunk latencies of a cell.
type Latencies struct {
	// Count is the number of latencies recorded.
	Count int64 `json:"count"`
	// Min, Max and Mean are exact.
	Min  time.Duration `json:"min_ns"`
	Max  time.Duration `json:"max_ns"`
	Mean time.Duration `json:"mean_ns"`
	// P50, P90 and P99 come from the histogram (relative error < 0.1%),
	// clamped to [Min, Max].
	P50 time.Duration `json:"p50_ns"`
	P90 time.Duration `json:"p90_ns"`
	P99 time.Duration `json:"p99_ns"`
	// CDF is the distribution at fixed quantiles (at most about 110 points),
	// empty when Count is 0.
	CDF []CDFPoint `json:"cdf,omitempty"`
}

// latency accumulates per-chunk latencies in constant memory. It counts
// them in the buckets of an HdrHistogram of latencyDigits digits (the same
// bucket index hdrhistogram-go computes; see hdrIndex) in a plain array, and
// builds the histogram from those counts only in summary: recording is a
// shift and an increment, and the quantiles are exactly the histogram's.
type latency struct {
	counts   []int64 // per hdr bucket, up to the bucket of highest
	highest  int64
	count    int64
	sum      u128
	min, max time.Duration
	top      time.Duration // min(max, highest): within's upper bound
	negative int64         // latencies below 0, recorded as 0
	clamped  int64         // latencies above highest, recorded at highest
}

// The geometry of hdr.New(1, highest, latencyDigits): unit magnitude 0 (the
// lowest value is 1 ns) and 2^(hdrHalfMagnitude+1) sub-buckets, the smallest
// power of two of at least 2·10^latencyDigits.
const (
	hdrHalfMagnitude = 10 // log2(2048) - 1, for latencyDigits = 3
	hdrSubBucketMask = 1<<(hdrHalfMagnitude+1) - 1
)

// hdrIndex returns the index in the histogram's counts of v >= 0: the
// hdrhistogram-go countsIndexFor of the geometry above.
func hdrIndex(v int64) int {
	bucket := 64 - bits.LeadingZeros64(uint64(v|hdrSubBucketMask)) - (hdrHalfMagnitude + 1)
	sub := int(v >> uint(bucket))
	return (bucket+1)<<hdrHalfMagnitude + sub - 1<<hdrHalfMagnitude
}

func newLatency(highest time.Duration) *latency {
	if highest <= 0 {
		highest = DefaultLatencyMax
	}
	return &latency{counts: make([]int64, hdrIndex(int64(highest))+1), highest: int64(highest)}
}

// record adds one latency. It does not allocate.
func (l *latency) record(d time.Duration) {
	if d < 0 {
		l.negative++
		d = 0
	}
	l.count++
	l.sum.add(uint64(d))
	if l.count == 1 || d < l.min {
		l.min = d
	}
	if d > l.max {
		l.max = d
		l.top = min(d, time.Duration(l.highest))
	}
	v := int64(d)
	if v > l.highest {
		l.clamped++
		v = l.highest
	}
	l.counts[hdrIndex(v)]++
}

// within is record for a latency in [l.min, l.top]: it is not negative (min
// never is), changes neither bound (with no latency yet, min = max = 0 = d,
// which record would set to d again) and is not clamped (top ≤ highest).
func (l *latency) within(d time.Duration) {
	l.count++
	l.sum.add(uint64(d))
	l.counts[hdrIndex(int64(d))]++
}

// histogram returns the HdrHistogram of the counts so far.
func (l *latency) histogram() *hdr.Histogram {
	return hdr.Import(&hdr.Snapshot{
		LowestTrackableValue:  1,
		HighestTrackableValue: l.highest,
		SignificantFigures:    latencyDigits,
		Counts:                l.counts,
	})
}

// summary computes the quantiles and the CDF.
func (l *latency) summary() Latencies {
	s := Latencies{Count: l.count}
	if l.count == 0 {
		return s
	}
	s.Min, s.Max = l.min, l.max
	s.Mean = time.Duration(l.sum.div(uint64(l.count)) + 0.5)
	h := l.histogram()
	vals := h.ValueAtPercentilesSlice(cdfPercents)
	s.CDF = make([]CDFPoint, len(cdfPercents))
	for i, p := range cdfPercents {
		s.CDF[i] = CDFPoint{Q: p / 100, Latency: l.clamp(vals[i])}
	}
	q := h.ValueAtPercentilesSlice([]float64{50, 90, 99})
	s.P50, s.P90, s.P99 = l.clamp(q[0]), l.clamp(q[1]), l.clamp(q[2])
	s.CDF[0].Latency, s.CDF[len(s.CDF)-1].Latency = l.min, l.max
	return s
}

// clamp brings a histogram value (a bucket's highest equivalent value) back
// into the exact [min, max] range.
func (l *latency) clamp(v int64) time.Duration {
	return min(max(time.Duration(v), l.min), l.max)
}
