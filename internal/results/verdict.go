package results

import (
	"github.com/bpbench/bpbench/internal/summary"
)

// Verdict is one threshold checked on one sweep point: the mean of the
// metric over the point's repeats against the condition.
type Verdict struct {
	// Cell is the point's name.
	Cell string `json:"cell"`
	// Threshold is the condition.
	Threshold Threshold `json:"threshold"`
	// Value is the metric's mean over the repeats; Missing reports that no
	// repeat measured it (a failed cell), which fails the condition.
	Value   float64 `json:"value"`
	Missing bool    `json:"missing,omitempty"`
	// Pass reports whether the condition holds.
	Pass bool `json:"pass"`
}

// Check evaluates every threshold on every point of recs, in the order of
// the points' first records, thresholds in the order given. A failed
// record (Error set) counts as missing its metrics.
func Check(thresholds []Threshold, recs []Record) []Verdict {
	if len(thresholds) == 0 {
		return nil
	}
	var samples []summary.Sample
	for i := range recs {
		r := &recs[i]
		s := summary.Sample{Cell: r.Cell}
		if r.Error == "" {
			s.Metrics = r.Result.Metrics
		}
		samples = append(samples, s)
	}
	var out []Verdict
	for _, c := range summary.Cells(samples...) {
		for _, t := range thresholds {
			v := Verdict{Cell: c.Name, Threshold: t}
			if st, ok := c.Get(t.Metric); ok && st.N > 0 {
				v.Value, v.Pass = st.Mean, t.Pass(st.Mean)
			} else {
				v.Missing = true
			}
			out = append(out, v)
		}
	}
	return out
}

// Failed returns the verdicts that did not pass.
func Failed(vs []Verdict) []Verdict {
	var out []Verdict
	for _, v := range vs {
		if !v.Pass {
			out = append(out, v)
		}
	}
	return out
}
