package plots

import (
	"math"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
)

// cdfCharts draws one latency CDF per group, one line per point (repeat 0,
// or the first successful one).
func (r *run) cdfCharts() []*chart {
	groups := r.groups
	if !r.byHWM && r.xpath == "" {
		groups = []analysis.Group{{Points: r.points}}
	}
	var out []*chart
	for _, g := range groups {
		c := &chart{}
		var lats []float64
		for i, p := range g.Points {
			rec := r.firstRecord(p.Cell)
			if rec == nil || len(rec.Result.Latency.CDF) == 0 {
				continue
			}
			name := analysis.Name(p)
			switch {
			case r.byHWM:
				name = "hwm " + analysis.FormatHWM(p.HWM, r.obj)
			case r.xpath != "":
				name = paramOf(p, r.xpath)
				if n := analysis.ProfileName(p); n != "" {
					name = "hwm " + n + " (" + analysis.FormatHWM(p.HWM, r.obj) + ")"
				}
			}
			s := series{name: name, style: plainLine, color: i}
			for _, q := range rec.Result.Latency.CDF {
				s.x = append(s.x, q.Latency.Seconds())
				s.y = append(s.y, q.Q)
				lats = append(lats, q.Latency.Seconds())
			}
			c.series = append(c.series, s)
		}
		if len(c.series) == 0 {
			continue
		}
		if len(c.series) == 1 {
			c.series[0].name = ""
		}
		// A log axis: small buffers' latencies are microseconds, large
		// ones' hundreds of milliseconds; on a linear axis the first are
		// squashed against zero.
		c.x = logSecondsAxis("chunk latency", lats)
		for i := range c.series {
			for j, x := range c.series[i].x {
				c.series[i].x[j] = math.Max(x, c.x.min)
			}
		}
		c.y = valueAxis("chunks with at most this latency", metrics.UnitFraction, 1)
		c.y.max = 1.02
		c.fig = Figure{
			Name:    "latency-cdf",
			Title:   "Latency distribution",
			Caption: "The fraction of chunks whose latency, from when the producer wanted to send them to when they were consumed, is at most x (one repeat per line), on a log scale. Further left is better.",
		}
		if g.Label != "" {
			c.fig.Name += "-" + fileSafe(g.Label)
			c.fig.Title += ": " + g.Label
		}
		out = append(out, c)
	}
	return out
}

// paramOf is p's parameter at path as a label (key=value as written), ""
// when not swept.
func paramOf(p analysis.Point, path string) string {
	for _, q := range p.Params {
		if q.Path == path {
			return q.Label()
		}
	}
	return ""
}
