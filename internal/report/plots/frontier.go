package plots

import (
	"math"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
)

// frontierChart draws every point's mean throughput against its mean
// buffered.peak, the Pareto frontier, and each group's knee.
func (r *run) frontierChart() *chart {
	all := series{name: "sweep point", style: glyphsOnly, color: -1}
	var peaks []float64
	maxThr := 0.0
	for _, p := range r.points {
		t, ok1 := p.Mean(metrics.Throughput)
		b, ok2 := p.Mean(metrics.BufferedPeak)
		if ok1 && ok2 {
			all.x = append(all.x, b)
			all.y = append(all.y, t)
			peaks = append(peaks, b)
			maxThr = math.Max(maxThr, t)
		}
	}
	if len(all.x) < 2 {
		return nil
	}
	front := series{name: "Pareto frontier", style: lineGlyphs, color: 0}
	for _, p := range analysis.Frontier(r.points) {
		t, _ := p.Mean(metrics.Throughput)
		b, _ := p.Mean(metrics.BufferedPeak)
		front.x = append(front.x, b)
		front.y = append(front.y, t)
	}
	c := &chart{series: []series{all, front}}
	c.x = log2Axis("buffered.peak (log scale)", peaks, nil, metrics.Bytes)
	c.y = valueAxis("throughput", metrics.UnitBytesPerSec, maxThr)
	c.y.max *= 1.1 // room for the knees' labels
	if r.byHWM {
		for _, g := range r.groups {
			rec := analysis.Recommend(g, analysis.OptionsOf(r.meta))
			if rec.Cell == "" {
				continue
			}
			label := "knee: hwm " + analysis.FormatHWM(rec.HWM, r.obj)
			if g.Label != "" {
				label = "knee " + g.Label + ": hwm " + analysis.FormatHWM(rec.HWM, r.obj)
			}
			c.marks = append(c.marks, mark{x: rec.PeakBuffered, y: rec.Throughput, label: label})
		}
	}
	c.fig = Figure{
		Name:  "frontier",
		Title: "Throughput against memory",
		Caption: "Each dot is a sweep point (means over repeats). Points on the Pareto frontier are not beaten on both throughput and peak buffered bytes by any other point; " +
			"up and to the left is better. Circled: the knee of each line, the smallest highWaterMark within 5% of the line's best throughput.",
	}
	if !r.byHWM {
		c.fig.Caption = "Each dot is a sweep point (means over repeats). Points on the Pareto frontier are not beaten on both throughput and peak buffered bytes by any other point; up and to the left is better."
	}
	return c
}
