package summary

import (
	"math"
	"slices"
)

// CV returns the coefficient of variation of s, Stddev / |Mean|: the
// spread of repeats relative to their size. It is 0 when the mean is 0 or
// there is one value.
func (s Stats) CV() float64 {
	if s.Mean == 0 || s.N < 2 {
		return 0
	}
	return s.Stddev / math.Abs(s.Mean)
}

// Diff returns the difference of the means b - a and the half-width of
// its 95% confidence interval (Welch's, for unequal variances). ok is false
// when either side has fewer than two values: there is no interval then.
func Diff(a, b Stats) (d, half float64, ok bool) {
	d = b.Mean - a.Mean
	if a.N < 2 || b.N < 2 {
		return d, 0, false
	}
	va, vb := a.Stddev*a.Stddev/float64(a.N), b.Stddev*b.Stddev/float64(b.N)
	se := math.Sqrt(va + vb)
	if se == 0 {
		return d, 0, true
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	return d, TQuantile(0.5+Confidence/2, max(int(math.Floor(df)), 1)) * se, true
}

// Outliers returns the indexes of the values outside Tukey's fences
// (below Q1 - 1.5·IQR or above Q3 + 1.5·IQR), in increasing order. Fewer
// than four values have none.
func Outliers(values []float64) []int {
	if len(values) < 4 {
		return nil
	}
	v := slices.Clone(values)
	slices.Sort(v)
	q := func(p float64) float64 { // linear interpolation between order statistics
		x := p * float64(len(v)-1)
		i := int(x)
		if i+1 >= len(v) {
			return v[len(v)-1]
		}
		return v[i] + (x-float64(i))*(v[i+1]-v[i])
	}
	q1, q3 := q(0.25), q(0.75)
	lo, hi := q1-1.5*(q3-q1), q3+1.5*(q3-q1)
	var out []int
	for i, x := range values {
		if x < lo || x > hi {
			out = append(out, i)
		}
	}
	return out
}
