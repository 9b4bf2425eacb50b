package analysis

import "github.com/bpbench/bpbench/internal/results"

// Analysis is what every view of a report (pages, summary.csv, plots) shows
// of a run, computed once: its points, their groups and each group's
// recommended highWaterMark.
type Analysis struct {
	// Points are the run's sweep points (see Points).
	Points []Point
	// Groups are the points grouped by every parameter but the
	// highWaterMark (see Groups).
	Groups []Group
	// Recommendations[i] is Recommend(Groups[i], Options).
	Recommendations []Recommendation
	// Options are the run's recommendation options (OptionsOf).
	Options Options
}

// Analyze computes the analysis of a run. meta may be nil.
func Analyze(meta *results.Meta, recs []results.Record) *Analysis {
	a := &Analysis{Points: Points(meta, recs), Options: OptionsOf(meta)}
	a.Groups = Groups(a.Points)
	a.Recommendations = make([]Recommendation, len(a.Groups))
	for i, g := range a.Groups {
		a.Recommendations[i] = Recommend(g, a.Options)
	}
	return a
}
