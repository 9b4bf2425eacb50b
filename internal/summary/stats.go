package summary

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/montanaflynn/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// Warnings that Of attaches to a Stats. They are not fatal: the Stats is
// still usable, with the meaning each one describes.
var (
	// ErrEmpty: no values; every statistic is 0.
	ErrEmpty = errors.New("summary: no values")
	// ErrSingle: one value; there is no spread, the standard deviation is 0
	// and the confidence interval is the value itself.
	ErrSingle = errors.New("summary: one value: no confidence interval")
	// ErrNotFinite: NaN or infinite values were left out.
	ErrNotFinite = errors.New("summary: NaN or infinite values left out")
)

// Confidence is the level of Stats' confidence interval.
const Confidence = 0.95

// Stats summarises the values of one metric over repeats. Every field is
// finite.
type Stats struct {
	// N is the number of (finite) values.
	N int
	// Mean is the arithmetic mean.
	Mean float64
	// Median is the middle value (the mean of the two middle ones for even N).
	Median float64
	// Stddev is the sample standard deviation (n-1 in the denominator), 0
	// when N < 2.
	Stddev float64
	// Min and Max are the smallest and largest values.
	Min, Max float64
	// CI95Lo and CI95Hi bound the 95% confidence interval of the mean,
	// Mean ± t(0.975, N-1)·Stddev/√N. Both equal Mean when N < 2.
	CI95Lo, CI95Hi float64
	// Warnings are ErrEmpty, ErrSingle or ErrNotFinite, when they apply.
	Warnings []error
}

// Of returns the statistics of values. NaN and infinite values are left out
// (with ErrNotFinite); fewer than two values give a Stats without spread
// (with ErrEmpty or ErrSingle) rather than NaN. values is not modified.
func Of(values []float64) Stats {
	var s Stats
	v := make([]float64, 0, len(values))
	for _, x := range values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		v = append(v, x)
	}
	if len(v) < len(values) {
		s.Warnings = append(s.Warnings, ErrNotFinite)
	}
	// Sorted, so that the order of the repeats cannot change a bit of the
	// floating-point sums.
	slices.Sort(v)
	s.N = len(v)
	switch s.N {
	case 0:
		s.Warnings = append(s.Warnings, ErrEmpty)
		return s
	case 1:
		s.Warnings = append(s.Warnings, ErrSingle)
		x := v[0]
		s.Mean, s.Median, s.Min, s.Max, s.CI95Lo, s.CI95Hi = x, x, x, x, x, x
		return s
	}
	// The inputs are finite and at least two: these cannot fail.
	s.Mean, _ = stats.Mean(v)
	s.Median, _ = stats.Median(v)
	s.Stddev, _ = stats.StandardDeviationSample(v)
	s.Min, s.Max = v[0], v[len(v)-1]
	half := TQuantile(0.5+Confidence/2, s.N-1) * s.Stddev / math.Sqrt(float64(s.N))
	s.CI95Lo, s.CI95Hi = s.Mean-half, s.Mean+half
	return s
}

// TQuantile returns the p quantile of Student's t distribution with df
// degrees of freedom: TQuantile(0.975, 4) = 2.776.
func TQuantile(p float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// statsJSON is the JSON form of Stats: warnings as their messages.
type statsJSON struct {
	N        int      `json:"n"`
	Mean     float64  `json:"mean"`
	Median   float64  `json:"median"`
	Stddev   float64  `json:"stddev"`
	Min      float64  `json:"min"`
	Max      float64  `json:"max"`
	CI95Lo   float64  `json:"ci95_lo"`
	CI95Hi   float64  `json:"ci95_hi"`
	Warnings []string `json:"warnings,omitempty"`
}

// MarshalJSON encodes s with lower-case keys and the warnings' messages.
func (s Stats) MarshalJSON() ([]byte, error) {
	j := statsJSON{s.N, s.Mean, s.Median, s.Stddev, s.Min, s.Max, s.CI95Lo, s.CI95Hi, nil}
	for _, w := range s.Warnings {
		j.Warnings = append(j.Warnings, w.Error())
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the messages of this
// package's warnings become its sentinel errors again.
func (s *Stats) UnmarshalJSON(b []byte) error {
	var j statsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("summary: stats: %w", err)
	}
	*s = Stats{N: j.N, Mean: j.Mean, Median: j.Median, Stddev: j.Stddev, Min: j.Min, Max: j.Max, CI95Lo: j.CI95Lo, CI95Hi: j.CI95Hi}
	for _, w := range j.Warnings {
		s.Warnings = append(s.Warnings, warning(w))
	}
	return nil
}

// warning maps a message back to its sentinel.
func warning(msg string) error {
	for _, e := range []error{ErrEmpty, ErrSingle, ErrNotFinite} {
		if e.Error() == msg {
			return e
		}
	}
	return errors.New(msg)
}
