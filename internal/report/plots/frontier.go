package plots

import (
	"math"
	"slices"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/units"
)

// frontierChart draws every point's mean throughput against its mean
// buffered.peak, the Pareto frontier, and each group's knee.
func (r *run) frontierChart() *chart {
	// One coloured series of dots per group, named as the other lines are.
	groups := r.groups
	if len(groups) == 0 {
		groups = []analysis.Group{{Points: r.points}}
	}
	// In object mode throughput counts objects, as the highWaterMark does.
	thr, unit := metrics.Throughput, metrics.UnitBytesPerSec
	if r.obj && slices.ContainsFunc(r.points, func(p analysis.Point) bool { _, ok := p.Mean(metrics.ThroughputChunks); return ok }) {
		thr, unit = metrics.ThroughputChunks, metrics.UnitChunksPerS
	}
	var dots []series
	var peaks []float64
	maxThr := 0.0
	for gi, g := range groups {
		s := series{name: g.Label, style: glyphsOnly, color: gi}
		if s.name == "" {
			s.name = "sweep point"
		}
		for _, p := range g.Points {
			t, ok1 := p.Mean(thr)
			b, ok2 := p.Mean(metrics.BufferedPeak)
			if ok1 && ok2 {
				s.x = append(s.x, b)
				s.y = append(s.y, t)
				peaks = append(peaks, b)
				maxThr = math.Max(maxThr, t)
			}
		}
		if len(s.x) > 0 {
			dots = append(dots, s)
		}
	}
	if len(peaks) < 2 {
		return nil
	}
	front := series{name: "Pareto frontier", style: plainLine, color: -1}
	for _, p := range analysis.FrontierOn(r.points, thr) {
		t, _ := p.Mean(thr)
		b, _ := p.Mean(metrics.BufferedPeak)
		front.x = append(front.x, b)
		front.y = append(front.y, t)
	}
	c := &chart{series: append([]series{front}, dots...)}
	c.x = log2Axis("buffered.peak (log scale)", peaks, nil, units.Bytes)
	c.y = valueAxis("throughput", unit, maxThr)
	if thr == metrics.ThroughputChunks { // "throughput (k objects/s)"
		c.y.label = strings.Replace(c.y.label, "chunks/s", "objects/s", 1)
	}
	c.y.max *= 1.15 // room for the knees' labels
	if r.byHWM {
		// Knees of several groups at one point share one label; labels
		// of knees close together alternate above and below.
		at := map[[2]float64]int{}
		for i, g := range r.groups {
			rec := r.an.Recommendations[i]
			if rec.Cell == "" {
				continue
			}
			y := rec.Throughput
			if thr == metrics.ThroughputChunks {
				y = r.meanOf(rec.Cell, thr)
			}
			k := [2]float64{rec.PeakBuffered, y}
			if i, ok := at[k]; ok {
				c.marks[i].label += ", " + g.Label
				continue
			}
			at[k] = len(c.marks)
			label := "knee hwm " + analysis.FormatHWM(rec.HWM, r.obj)
			if g.Label != "" {
				label += ": " + g.Label
			}
			c.marks = append(c.marks, mark{x: rec.PeakBuffered, y: y, label: label})
		}
	}
	c.fig = Figure{
		Name:  "frontier",
		Title: "Throughput against memory",
		Caption: "Each dot is a sweep point (means over repeats), coloured by line. Points on the grey Pareto frontier are not beaten on both throughput and peak buffered bytes by any other point; " +
			"up and to the left is better. Circled: the knee of each line, the recommended highWaterMark.",
	}
	if !r.byHWM {
		c.fig.Caption = "Each dot is a sweep point (means over repeats), coloured by line. Points on the grey Pareto frontier are not beaten on both throughput and peak buffered bytes by any other point; up and to the left is better."
	}
	return c
}

// meanOf is the mean of metric at the point of cell, 0 when there is none.
func (r *run) meanOf(cell, metric string) float64 {
	for _, p := range r.points {
		if p.Cell == cell {
			v, _ := p.Mean(metric)
			return v
		}
	}
	return 0
}
