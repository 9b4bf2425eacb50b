package plots

import (
	"fmt"
	"math"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
)

// representatives are the cells whose timelines are drawn, with why: the
// knee, the smallest and the largest highWaterMark of the first group; the
// first and last point otherwise.
func (r *run) representatives() (cells []analysis.Point, why []string) {
	add := func(p analysis.Point, w string) {
		for i, q := range cells {
			if q.Cell == p.Cell {
				why[i] += ", " + w
				return
			}
		}
		cells, why = append(cells, p), append(why, w)
	}
	if r.byHWM {
		g := r.groups[0]
		add(g.Points[0], "smallest highWaterMark")
		if rec := analysis.Recommend(g, analysis.OptionsOf(r.meta)); rec.Cell != "" {
			for _, p := range g.Points {
				if p.Cell == rec.Cell {
					add(p, "knee")
				}
			}
		}
		add(g.Points[len(g.Points)-1], "largest highWaterMark")
		r.addGuarded(add)
		return cells, why
	}
	add(r.points[0], "first point")
	if len(r.points) > 1 {
		add(r.points[len(r.points)-1], "last point")
	}
	r.addGuarded(add)
	return cells, why
}

// addGuarded adds the first point the memory guard stopped (strategy
// ignore's runs, the case a comparison with and without backpressure is
// for): its timeline shows the buffers growing to the guard.
func (r *run) addGuarded(add func(analysis.Point, string)) {
	for _, p := range r.points {
		if p.Guarded > 0 {
			add(p, "stopped by the memory guard")
			return
		}
	}
}

// timelineCharts draws the buffered bytes of the representative cells over
// time (repeat 0, or the first successful one), with the producer's
// highWaterMark and the intervals in which the producer was paused.
func (r *run) timelineCharts() []*chart {
	var out []*chart
	cells, why := r.representatives()
	for i, p := range cells {
		rec := r.firstRecord(p.Cell)
		if rec == nil || len(rec.Result.Timeline) == 0 {
			continue
		}
		res := &rec.Result
		s := series{name: "buffered (whole pipeline)", style: stepLine, color: 0}
		var maxB, end float64
		for _, pt := range res.Timeline {
			s.x = append(s.x, pt.T.Seconds())
			s.y = append(s.y, float64(pt.Bytes))
			maxB = math.Max(maxB, float64(pt.Bytes))
			end = math.Max(end, pt.T.Seconds())
		}
		c := &chart{series: []series{s}}
		if !r.obj && p.HWM > 0 {
			c.hlines = append(c.hlines, hline{y: float64(p.HWM), name: "highWaterMark " + analysis.FormatHWM(p.HWM, false)})
			maxB = math.Max(maxB, float64(p.HWM))
		}
		for _, iv := range res.Paused {
			c.shades = append(c.shades, [2]float64{iv.Start.Seconds(), iv.End.Seconds()})
		}
		c.shadeName = "producer paused"
		c.x = valueAxis(timeLabel, metrics.UnitSeconds, end)
		c.x.max = end
		if end == 0 {
			c.x.max = 1
		}
		c.y = valueAxis("buffered", metrics.UnitBytes, maxB)
		c.y.max *= 1.05
		if n := len(res.Timeline); n > 2*zoomPoints {
			c.below = zoom(c, res.Timeline[zoomPoints].T.Seconds())
		}
		name := analysis.Name(p)
		title := fmt.Sprintf("Buffered bytes over time: %s (%s)", name, why[i])
		if len(r.points) == 1 {
			title = "Buffered bytes over time"
		}
		c.fig = Figure{
			Name:  "timeline-" + fileSafe(name),
			Title: title,
			Caption: fmt.Sprintf("Bytes buffered in the whole pipeline (all stages) during repeat %d of %s, the %s. ", rec.Repeat, name, why[i]) +
				"Shaded: the producer was paused by backpressure. Long runs are decimated: each slice of time keeps its lowest and highest value.",
		}
		if c.below != nil {
			c.fig.Caption += fmt.Sprintf(" Below, the first %s of the run, enlarged.", metrics.Seconds(c.below.x.max))
		}
		if len(c.hlines) > 0 {
			c.fig.Caption += " Dashed: the producer's highWaterMark; the total can exceed it, as each stage buffers up to its own."
		} else if r.obj {
			c.fig.Caption += " In object mode the highWaterMark counts objects, so it is not drawn on this axis of bytes."
		}
		out = append(out, c)
	}
	return out
}

// timeLabel labels the time axis.
const timeLabel = "time since start"

// zoomPoints is how many timeline points the zoomed panel shows, when the
// timeline has more than twice as many.
const zoomPoints = 120

// zoom returns c's first end seconds as a chart of their own.
func zoom(c *chart, end float64) *chart {
	z := &chart{x: c.x, y: c.y, hlines: c.hlines, shadeName: c.shadeName}
	z.fig.Title = "The first " + metrics.Seconds(end)
	z.x = valueAxis(timeLabel, metrics.UnitSeconds, end)
	z.x.max = end
	for _, s := range c.series {
		zs := series{name: s.name, style: s.style, color: s.color}
		for i := range s.x {
			if s.x[i] > end {
				break
			}
			zs.x, zs.y = append(zs.x, s.x[i]), append(zs.y, s.y[i])
		}
		z.series = append(z.series, zs)
	}
	for _, iv := range c.shades {
		if iv[0] < end {
			z.shades = append(z.shades, [2]float64{iv[0], min(iv[1], end)})
		}
	}
	return z
}
