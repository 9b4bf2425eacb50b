package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestHistogramQuantiles(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	var h Histogram
	var all []time.Duration
	var sum time.Duration
	for range 100000 {
		// Log-uniform from 1 ns to 100 s.
		d := time.Duration(math.Exp(rng.Float64() * math.Log(100e9)))
		h.Record(d)
		all = append(all, d)
		sum += d
	}
	slices.Sort(all)
	for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 0.999} {
		want := all[int(math.Ceil(q*float64(len(all))))-1]
		got := h.Quantile(q)
		diff := math.Abs(float64(got - want))
		if err := diff / float64(want); err > 0.001 && diff > 1 {
			t.Errorf("Quantile(%v) = %v; want %v (relative error %.4f)", q, got, want, err)
		}
	}
	if h.Min() != all[0] || h.Max() != all[len(all)-1] {
		t.Errorf("Min, Max = %v, %v; want %v, %v", h.Min(), h.Max(), all[0], all[len(all)-1])
	}
	if want := sum / time.Duration(len(all)); h.Mean() != want {
		t.Errorf("Mean() = %v; want %v", h.Mean(), want)
	}
	if h.Count() != 100000 {
		t.Errorf("Count() = %d", h.Count())
	}
}

func TestHistogramEdges(t *testing.T) {
	t.Parallel()
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 {
		t.Fatal("empty histogram: want zeros")
	}
	h.Record(-5) // counts as 0
	h.Record(1<<63 - 1)
	if h.Min() != 0 || h.Max() != 1<<63-1 {
		t.Errorf("Min, Max = %v, %v", h.Min(), h.Max())
	}
	if got := h.Quantile(1); got != 1<<63-1 {
		t.Errorf("Quantile(1) = %v", got)
	}
	var one Histogram
	one.Record(1234567)
	for _, q := range []float64{0, 0.5, 0.99, 1} {
		if got := one.Quantile(q); got != 1234567 {
			t.Errorf("one value: Quantile(%v) = %v; want it exactly (clamped)", q, got)
		}
	}
}

// Memory stays bounded however many values: a row per power of two used.
func TestHistogramBounded(t *testing.T) {
	t.Parallel()
	var h Histogram
	for i := range 1_000_000 {
		h.Record(time.Duration(1_000_000 + i%1000))
	}
	rows := 0
	for _, r := range h.rows {
		if r != nil {
			rows++
		}
	}
	if rows > 2 {
		t.Errorf("%d rows for values in [1ms, 1.001ms); want at most 2", rows)
	}
}
