package plots

import (
	"math"
	"testing"
)

// TestTicksAtFloatEdges: axes over the values a results file may hold (a
// range far below the values' precision, up to the largest float64, over
// infinity or NaN) get a few ticks at once; scaledTicks once looped over
// billions of ticks there until memory ran out, and pow2Ticks never ended
// on an infinite range.
func TestTicksAtFloatEdges(t *testing.T) {
	ranges := [][2]float64{
		{1e300, 1e300 * (1 + 1e-15)},
		{0, math.MaxFloat64},
		{-math.MaxFloat64, math.MaxFloat64},
		{5e-324, 1e-323},
		{1, math.Inf(1)},
		{math.NaN(), 1},
		{0, 1e-300},
		{1e16, 1e16 + 2},
	}
	for _, r := range ranges {
		for _, div := range []float64{1, 1024, 1e-9} {
			if n := len(scaledTicks{div}.Ticks(r[0], r[1])); n > 300 {
				t.Errorf("scaledTicks{%g}.Ticks(%g, %g): %d ticks", div, r[0], r[1], n)
			}
		}
		if n := len((pow2Ticks{format: func(float64) string { return "" }}).Ticks(r[0], r[1])); n > 300 {
			t.Errorf("pow2Ticks.Ticks(%g, %g): %d ticks", r[0], r[1], n)
		}
	}
	// Ordinary ranges keep their round ticks.
	if n := len(scaledTicks{1}.Ticks(0, 10)); n < 6 {
		t.Errorf("scaledTicks.Ticks(0, 10): %d ticks; want round ones", n)
	}
}
