package report

import (
	"fmt"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// MaxCV is the widest spread of a wall-clock point's throughput over its
// repeats (coefficient of variation) that the report trusts without a
// warning.
const MaxCV = 0.10

// noiseWarnings flags the wall-clock points (engine other than sim) whose
// repeats disagree: a spread of throughput wider than MaxCV, and each
// repeat outside Tukey's fences (an outlier, kept in the mean but marked).
func noiseWarnings(recs []results.Record) []string {
	type point struct {
		cell    string
		repeats []int
		values  []float64
	}
	var order []string
	pts := map[string]*point{}
	for _, r := range recs {
		if r.Error != "" || r.Engine == "" || r.Engine == "sim" {
			continue
		}
		v, ok := r.Result.Metrics.Get(metrics.Throughput)
		if !ok {
			continue
		}
		p := pts[r.Cell]
		if p == nil {
			p = &point{cell: r.Cell}
			pts[r.Cell] = p
			order = append(order, r.Cell)
		}
		p.repeats = append(p.repeats, r.Repeat)
		p.values = append(p.values, v)
	}
	var out []string
	for _, name := range order {
		p := pts[name]
		if cv := summary.Of(p.values).CV(); cv > MaxCV {
			out = append(out, fmt.Sprintf("%s: throughput spread too wide to trust: its repeats vary by %.0f%% (coefficient of variation; more than %.0f%%): run more repeats, on a quieter machine (repeatUntil)",
				name, 100*cv, 100*MaxCV))
		}
		var marks []string
		for _, i := range summary.Outliers(p.values) {
			marks = append(marks, fmt.Sprintf("#%d (%s)", p.repeats[i], metrics.Format(metrics.Throughput, p.values[i])))
		}
		if len(marks) > 0 {
			out = append(out, fmt.Sprintf("%s: throughput outliers (outside Tukey's fences of its repeats): %s", name, strings.Join(marks, ", ")))
		}
	}
	return out
}
