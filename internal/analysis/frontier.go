package analysis

import (
	"slices"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Frontier returns the Pareto-optimal points for mean throughput (higher is
// better) against mean buffered.peak (lower is better), sorted by
// buffered.peak, then by throughput from the highest, then in the given
// order. A point is left out when another has at least its throughput and at
// most its peak, and is strictly better on one of them; points equal on
// both are all kept. Points lacking either metric are left out.
func Frontier(points []Point) []Point { return FrontierOn(points, metrics.Throughput) }

// FrontierOn is Frontier with throughput measured by thr (throughput.chunks:
// objects per second in object mode).
func FrontierOn(points []Point, thr string) []Point {
	type tp struct {
		p         Point
		thr, peak float64
	}
	var all []tp
	for _, p := range points {
		t, ok1 := p.Mean(thr)
		b, ok2 := p.Mean(metrics.BufferedPeak)
		if ok1 && ok2 {
			all = append(all, tp{p, t, b})
		}
	}
	var out []tp
	for i, a := range all {
		dominated := false
		for j, b := range all {
			if i != j && b.thr >= a.thr && b.peak <= a.peak && (b.thr > a.thr || b.peak < a.peak) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b tp) int {
		switch {
		case a.peak < b.peak:
			return -1
		case a.peak > b.peak:
			return 1
		case a.thr > b.thr:
			return -1
		case a.thr < b.thr:
			return 1
		}
		return 0
	})
	res := make([]Point, len(out))
	for i, a := range out {
		res[i] = a.p
	}
	return res
}
