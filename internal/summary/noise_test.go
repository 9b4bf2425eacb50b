package summary

import (
	"math"
	"slices"
	"testing"
)

func TestCV(t *testing.T) {
	if got := Of([]float64{9, 10, 11}).CV(); math.Abs(got-0.1) > 1e-12 {
		t.Errorf("CV(9, 10, 11) = %v; want 0.1", got)
	}
	if got := Of([]float64{5}).CV(); got != 0 {
		t.Errorf("CV(5) = %v; want 0", got)
	}
}

func TestDiff(t *testing.T) {
	a, b := Of([]float64{10, 11, 12, 13, 14}), Of([]float64{20, 21, 22, 23, 24})
	d, half, ok := Diff(a, b)
	// Equal variances and sizes: Welch's df is 8, t(0.975, 8) = 2.306,
	// se = sqrt(2.5/5 + 2.5/5) = 1.
	if !ok || d != 10 || math.Abs(half-2.306) > 0.001 {
		t.Errorf("Diff = %v ± %v (%v); want 10 ± 2.306", d, half, ok)
	}
	if _, _, ok := Diff(Of([]float64{1}), b); ok {
		t.Error("Diff with one value on a side: ok; want no interval")
	}
}

func TestOutliers(t *testing.T) {
	if got := Outliers([]float64{10, 10.2, 9.9, 10.1, 14, 10}); !slices.Equal(got, []int{4}) {
		t.Errorf("Outliers = %v; want [4]", got)
	}
	if got := Outliers([]float64{1, 100, 1000}); got != nil {
		t.Errorf("three values: %v; want none", got)
	}
}
