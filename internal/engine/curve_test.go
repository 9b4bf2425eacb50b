package engine

import (
	"math"
	"strings"
	"testing"
)

// A Curve is the line through its two nearest points: inside, between the
// sizes it holds; outside, the nearest segment extended, never below 0.
func TestCurveAt(t *testing.T) {
	t.Parallel()
	c := Curve{Sizes: []int{64, 4096, 65536}, Ns: []float64{1000, 3000, 2000}}
	for _, tt := range []struct {
		n    int
		want float64
	}{
		{64, 1000}, {4096, 3000}, {65536, 2000}, // the points
		{2080, 2000},               // halfway up the first segment
		{34816, 2500},              // halfway down the second
		{0, 1000 - 64*2000.0/4032}, // the first segment extended
		{65536 + 61440, 1000},      // the last extended
		{1 << 30, 0},               // ... never below 0
	} {
		if got := c.At(tt.n); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("At(%d) = %v; want %v", tt.n, got, tt.want)
		}
	}
	if got := (Curve{Sizes: []int{4096}, Ns: []float64{700}}).At(1); got != 700 {
		t.Errorf("one point: At(1) = %v; want 700", got)
	}
	if got := (Curve{}).At(4096); got != 0 {
		t.Errorf("no points: At = %v; want 0", got)
	}
	l := Linear{A: 5000, B: 0.25}
	for _, n := range []int{0, 1, 4096, 1 << 16, 1 << 24} {
		if got, want := LineCurve(l).At(n), l.At(n); math.Abs(got-want) > 1e-6 {
			t.Errorf("LineCurve(%+v).At(%d) = %v; want the line's %v", l, n, got, want)
		}
	}
}

// Validate refuses a curve At cannot use.
func TestCurveValidate(t *testing.T) {
	t.Parallel()
	ok := Costs{}
	ok.Bytes.Driver = Curve{Sizes: []int{0, 64, 4096}, Ns: []float64{0, 1, 2}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good curve: %v", err)
	}
	for _, c := range []Curve{
		{Sizes: []int{64, 4096}, Ns: []float64{1}},
		{Sizes: []int{4096, 64}, Ns: []float64{1, 2}},
		{Sizes: []int{64, 64}, Ns: []float64{1, 2}},
		{Sizes: []int{-1, 64}, Ns: []float64{1, 2}},
		{Sizes: []int{64}, Ns: []float64{math.NaN()}},
		{Sizes: []int{64}, Ns: []float64{2e9}},
	} {
		costs := Costs{}
		costs.Bytes.Driver = c
		if err := costs.Validate(); err == nil || !strings.Contains(err.Error(), "bytes.driver") {
			t.Errorf("%+v: Validate: %v; want an error naming bytes.driver", c, err)
		}
	}
}
