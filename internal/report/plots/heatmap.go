package plots

import (
	"math"
	"slices"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
)

// heatCharts draws throughput and buffered.peak over highWaterMark × the
// other swept field(s), when both vary.
func (r *run) heatCharts() []*chart {
	if len(r.groups) < 2 || !r.byHWM && r.xpath == "" {
		return nil
	}
	var cols []string
	var colOf func(p analysis.Point) int
	xlabel := "highWaterMark" + unitNote(r.obj)
	if r.byHWM {
		var hwms []int64
		for _, p := range r.points {
			hwms = append(hwms, p.HWM)
		}
		slices.Sort(hwms)
		hwms = slices.Compact(hwms)
		cols = make([]string, len(hwms))
		for i, h := range hwms {
			cols[i] = analysis.FormatHWM(h, r.obj)
		}
		colOf = func(p analysis.Point) int { return slices.Index(hwms, p.HWM) }
	} else { // the category axis: profile names, or another field's values
		cols = r.xshown
		colOf = func(p analysis.Point) int {
			if x := r.xOf(p); !math.IsNaN(x) {
				return int(x)
			}
			return -1
		}
		if !analysis.IsHWMPath(r.xpath) {
			xlabel = r.xpath
		}
	}
	// Rows from the top: the first group on top, as in a table.
	n := len(r.groups)
	rows := make([]string, n)
	single := true
	for _, g := range r.groups {
		single = single && !strings.Contains(g.Label, "/")
	}
	for gi, g := range r.groups {
		l := g.Label
		if _, v, ok := strings.Cut(l, "="); ok && single {
			l = v
		}
		rows[n-1-gi] = l
	}
	ylabel := r.groupKeys()

	var out []*chart
	for _, m := range []struct{ name, what string }{
		{metrics.Throughput, "Throughput"},
		{metrics.BufferedPeak, "Peak buffered bytes"},
	} {
		desc, _ := metrics.Lookup(m.name)
		h := &heat{cols: cols, rows: rows, higherIsBetter: desc.Better == metrics.Higher}
		h.z = make([][]float64, n)
		h.text = make([][]string, n)
		any := false
		lo, hi := math.Inf(1), 0.0
		for gi, g := range r.groups {
			ri := n - 1 - gi
			h.z[ri] = make([]float64, len(cols))
			h.text[ri] = make([]string, len(cols))
			for ci := range cols {
				h.z[ri][ci] = math.NaN()
				h.text[ri][ci] = "–"
			}
			for _, p := range g.Points {
				ci := colOf(p)
				v, ok := p.Mean(m.name)
				if ci < 0 || !ok || !math.IsNaN(h.z[ri][ci]) {
					continue
				}
				h.z[ri][ci] = v
				h.text[ri][ci] = metrics.Format(m.name, v)
				any = true
				if v > 0 {
					lo = math.Min(lo, v)
				}
				hi = math.Max(hi, v)
			}
		}
		if !any {
			continue
		}
		h.logScale = desc.Unit == metrics.UnitBytes && hi/lo > 16
		c := &chart{heat: h}
		c.x = axis{label: xlabel, kind: category, min: -0.5, max: float64(len(cols)) - 0.5, ticker: categoryTicks(cols)}
		c.y = axis{label: ylabel, kind: category, min: -0.5, max: float64(n) - 0.5, ticker: categoryTicks(rows)}
		better := "darker is better (lower)"
		if h.higherIsBetter {
			better = "darker is better (higher)"
		}
		scaleNote := ""
		if h.logScale {
			scaleNote = " Colours follow a log scale."
		}
		c.fig = Figure{
			Name:    "heatmap-" + strings.ReplaceAll(m.name, ".", "-"),
			Title:   m.what + ": " + strings.TrimSuffix(xlabel, unitNote(r.obj)) + " × " + ylabel,
			Caption: desc.Description + " Mean over repeats, one cell per sweep point; " + better + "." + scaleNote,
		}
		out = append(out, c)
	}
	return out
}

// unitNote is the x axis unit of a categorical highWaterMark axis.
func unitNote(obj bool) string {
	if obj {
		return " (objects)"
	}
	return ""
}
