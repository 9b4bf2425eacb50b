package metrics

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

func TestLatencyQuantilesWithin1Percent(t *testing.T) {
	t.Parallel()
	l := newLatency(0)
	for i := 1; i <= 100_000; i++ {
		l.record(time.Duration(i) * time.Millisecond)
	}
	s := l.summary()
	check := func(name string, got, want time.Duration, tol float64) {
		t.Helper()
		if rel := math.Abs(float64(got-want)) / float64(want); rel > tol {
			t.Errorf("%s = %v; want %v within %v%% (off by %.4f%%)", name, got, want, tol*100, rel*100)
		}
	}
	check("p50", s.P50, 50*time.Second, 0.01)
	check("p90", s.P90, 90*time.Second, 0.01)
	check("p99", s.P99, 99*time.Second, 0.01)
	// With 3 digits the histogram is much better than the 1% promised.
	check("p99 (tight)", s.P99, 99*time.Second, 0.001)
	if s.Min != time.Millisecond || s.Max != 100*time.Second || s.Count != 100_000 {
		t.Errorf("min, max, count = %v, %v, %d; want 1ms, 100s, 100000", s.Min, s.Max, s.Count)
	}
	if want := 50_000_500 * time.Microsecond; s.Mean != want {
		t.Errorf("mean = %v; want %v (exact)", s.Mean, want)
	}
}

func TestLatencyCDF(t *testing.T) {
	t.Parallel()
	l := newLatency(0)
	for i := 1; i <= 1000; i++ {
		l.record(time.Duration(i) * time.Microsecond)
	}
	cdf := l.summary().CDF
	if len(cdf) > 128 {
		t.Errorf("CDF has %d points; want a bounded number", len(cdf))
	}
	if cdf[0] != (CDFPoint{0, time.Microsecond}) || cdf[len(cdf)-1] != (CDFPoint{1, time.Millisecond}) {
		t.Errorf("CDF ends = %v, %v; want {0 1µs}, {1 1ms}", cdf[0], cdf[len(cdf)-1])
	}
	for i := 1; i < len(cdf); i++ {
		if cdf[i].Q <= cdf[i-1].Q || cdf[i].Latency < cdf[i-1].Latency {
			t.Fatalf("CDF not monotone at %d: %v then %v", i, cdf[i-1], cdf[i])
		}
	}
	b, _ := json.Marshal(cdf[50])
	var back CDFPoint
	if err := json.Unmarshal(b, &back); err != nil || back != cdf[50] {
		t.Errorf("JSON round trip of %v via %s = %v, %v", cdf[50], b, back, err)
	}
}

func TestLatencyEdgeValues(t *testing.T) {
	t.Parallel()
	l := newLatency(time.Second)
	l.record(-5)
	l.record(3 * time.Second)
	s := l.summary()
	if s.Min != 0 || s.Max != 3*time.Second || l.negative != 1 || l.clamped != 1 {
		t.Errorf("min %v max %v negative %d clamped %d; want 0 3s 1 1", s.Min, s.Max, l.negative, l.clamped)
	}
	if s.P99 > 3*time.Second || s.P99 < time.Second {
		t.Errorf("p99 = %v; want within [1s, 3s]", s.P99)
	}
	if empty := newLatency(0).summary(); empty.Count != 0 || empty.CDF != nil {
		t.Errorf("empty summary = %+v; want zero", empty)
	}
}

func TestLatencyDoesNotAllocate(t *testing.T) {
	r := New(Config{Stages: []string{"source", "sink"}})
	var i time.Duration
	allocs := testing.AllocsPerRun(10_000, func() {
		i++
		r.Latency(i * time.Microsecond)
	})
	if allocs != 0 {
		t.Errorf("Latency: %v allocs per call; want 0", allocs)
	}
}

// TestLatencyMemoryIsConstant records 10M latencies and checks that the heap
// does not grow with them: the histogram has a fixed size.
func TestLatencyMemoryIsConstant(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: records 10M latencies")
	}
	l := newLatency(0)
	size := len(l.counts)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 10_000_000 {
		l.record(time.Duration(i*7919%100_000_000) * time.Nanosecond)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grow := int64(after.HeapAlloc) - int64(before.HeapAlloc); grow > 2<<20 {
		t.Errorf("heap grew by %d bytes over 10M records; want < 2 MiB", grow)
	}
	if after.TotalAlloc-before.TotalAlloc > 1<<20 {
		t.Errorf("allocated %d bytes over 10M records; want ~0", after.TotalAlloc-before.TotalAlloc)
	}
	if len(l.counts) != size || l.count != 10_000_000 {
		t.Errorf("histogram %d buckets (was %d), count %d", len(l.counts), size, l.count)
	}
}

func TestLatencyRunsOfOneValue(t *testing.T) {
	t.Parallel()
	l := newLatency(time.Second)
	for _, d := range []time.Duration{0, 0, 5, 5, 5, 2 * time.Second, 2 * time.Second, 0} {
		l.record(d)
	}
	s := l.summary()
	if s.Count != 8 || l.histogram().TotalCount() != 8 || l.clamped != 2 || s.Min != 0 || s.Max != 2*time.Second {
		t.Errorf("count %d, in histogram %d, clamped %d, min %v, max %v; want 8 8 2 0 2s",
			s.Count, l.histogram().TotalCount(), l.clamped, s.Min, s.Max)
	}
	if s.P50 != 5 {
		t.Errorf("p50 = %v; want 5ns", s.P50)
	}
}

// TestHdrIndex: the counts recorded by bucket index are the counts
// hdrhistogram-go records for the same values, for several highest values.
func TestHdrIndex(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, highest := range []time.Duration{1, 2047, 2048, 4096, time.Millisecond, time.Second, DefaultLatencyMax, 1<<62 + 12345} {
		l := newLatency(highest)
		h := hdr.New(1, int64(highest), latencyDigits)
		for i := range 20000 {
			v := int64(i)
			if i >= 5000 {
				v = rng.Int64N(int64(highest)+1) >> rng.IntN(63)
			}
			v = min(v, int64(highest))
			l.record(time.Duration(v))
			if err := h.RecordValue(v); err != nil {
				t.Fatalf("hdr.RecordValue(%d): %v", v, err)
			}
		}
		want := h.Export().Counts
		got := l.histogram().Export().Counts
		if !slices.Equal(got, want) {
			t.Errorf("highest %v: counts differ from hdrhistogram-go's", highest)
		}
		if len(l.counts) > len(want) {
			t.Errorf("highest %v: %d buckets; hdr has %d", highest, len(l.counts), len(want))
		}
	}
}

// BenchmarkLatency records varying latencies (no two in a row equal).
func BenchmarkLatency(b *testing.B) {
	r := New(Config{})
	var d time.Duration
	b.ReportAllocs()
	for b.Loop() {
		d += 997
		r.Latency(d % (10 * time.Second))
	}
}

// BenchmarkLatencyConstant records the same latency, as a constant-rate
// simulation does.
func BenchmarkLatencyConstant(b *testing.B) {
	r := New(Config{})
	b.ReportAllocs()
	for b.Loop() {
		r.Latency(3 * time.Millisecond)
	}
}
