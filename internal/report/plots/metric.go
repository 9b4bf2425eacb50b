package plots

import (
	"math"
	"slices"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
)

// mainMetrics are the metrics plotted against highWaterMark, with the
// title's words for them.
var mainMetrics = []struct{ name, what string }{
	{metrics.Throughput, "Throughput"},
	{metrics.BufferedPeak, "Peak buffered bytes"},
	{metrics.BufferedMean, "Mean buffered bytes"},
	{metrics.LatencyP99, "99th-percentile latency"},
}

// metricCharts plots each main metric against the highWaterMark (or the
// category axis), one line per group, with 95% CI bars.
func (r *run) metricCharts() []*chart {
	if !r.byHWM && r.xpath == "" {
		return nil // nothing swept: one point, nothing to compare
	}
	var out []*chart
	for _, m := range mainMetrics {
		desc, _ := metrics.Lookup(m.name)
		c := &chart{}
		var maxv, minPos float64 = 0, math.Inf(1)
		var ys []float64
		for gi, g := range r.groups {
			s := series{name: g.Label, style: lineGlyphs, color: gi}
			for _, p := range g.Points {
				st, ok := p.Stats[m.name]
				x := r.xOf(p)
				if !ok || st.N == 0 || math.IsNaN(x) {
					continue
				}
				s.x = append(s.x, x)
				s.y = append(s.y, st.Mean)
				s.lo = append(s.lo, math.Max(0, st.CI95Lo))
				s.hi = append(s.hi, st.CI95Hi)
				maxv = math.Max(maxv, st.CI95Hi)
				ys = append(ys, st.Mean)
				if st.Mean > 0 {
					minPos = math.Min(minPos, st.Mean)
				}
			}
			if !r.byHWM { // category order, not plan order
				sortSeries(&s)
			}
			if len(s.x) > 0 {
				c.series = append(c.series, s)
			}
		}
		if len(c.series) == 0 {
			continue // not measured in this run
		}
		// Sizes that span more than 16x read better on a log axis.
		if desc.Unit == metrics.UnitBytes && maxv/minPos > 16 {
			c.y = log2Axis(m.name+" (log scale)", ys, nil, metrics.Bytes)
			for i := range c.series {
				s := &c.series[i]
				for j := range s.lo {
					s.lo[j] = math.Max(s.lo[j], c.y.min)
				}
			}
		} else {
			c.y = valueAxis(m.name, desc.Unit, maxv)
		}
		base := strings.ReplaceAll(m.name, ".", "-")
		if r.byHWM {
			c.x = r.hwmAxis()
			c.fig = Figure{Name: base + "-vs-hwm", Title: m.what + " against highWaterMark"}
		} else {
			c.x = axis{label: r.xpath, kind: category, min: -0.5, max: float64(len(r.xvals)) - 0.5, ticker: categoryTicks(r.xshown)}
			c.fig = Figure{Name: base + "-vs-" + fileSafe(r.xkey), Title: m.what + " against " + r.xpath}
		}
		c.fig.Caption = desc.Description + " " + r.repeatsText()
		if k := r.groupKeys(); k != "" {
			c.fig.Caption += " One line per value of " + k + "."
		}
		out = append(out, c)
	}
	return out
}

// sortSeries orders a series' points by x.
func sortSeries(s *series) {
	idx := make([]int, len(s.x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case s.x[a] < s.x[b]:
			return -1
		case s.x[a] > s.x[b]:
			return 1
		}
		return 0
	})
	perm := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		out := make([]float64, len(v))
		for i, j := range idx {
			out[i] = v[j]
		}
		return out
	}
	s.x, s.y, s.lo, s.hi = perm(s.x), perm(s.y), perm(s.lo), perm(s.hi)
}
