package analysis

import (
	"slices"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// Point is one sweep point's summary over its repeats (failed records left out).
type Point struct {
	// Cell is the point's name, e.g. "hwm=16KiB/chunk=4KiB".
	Cell string
	// Params are its coordinates, in sweep order.
	Params []results.Param
	// HWM is the point's highWaterMark, the x axis of its group (see
	// HWMOf): bytes, or objects in object mode.
	HWM int64
	// Repeats is the number of successful repeats summarised.
	Repeats int
	// Guarded is how many of them the memory guard stopped early: their
	// figures cover only the time before.
	Guarded int
	// Stats are the statistics over the repeats, per metric name. A metric
	// missing from some repeats is summarised over those that have it.
	Stats map[string]summary.Stats
}

// Mean returns the mean of the named metric and whether p has it.
func (p *Point) Mean(metric string) (float64, bool) {
	s, ok := p.Stats[metric]
	if !ok || s.N == 0 {
		return 0, false
	}
	return s.Mean, true
}

// Points summarises recs per sweep point, in plan order (by the lowest
// Index among a point's records). Failed records (Error set) are left out;
// a point whose every repeat failed is left out too. HWM is HWMOf the
// point's first record.
func Points(meta *results.Meta, recs []results.Record) []Point {
	type acc struct {
		index   int
		params  []results.Param
		hwm     int64
		samples []summary.Sample
		guard   int
	}
	byCell := map[string]*acc{}
	var cells []string
	for i := range recs {
		r := &recs[i]
		if r.Error != "" {
			continue
		}
		a := byCell[r.Cell]
		if a == nil {
			a = &acc{index: r.Index, params: r.Params, hwm: HWMOf(meta, r)}
			byCell[r.Cell] = a
			cells = append(cells, r.Cell)
		}
		a.index = min(a.index, r.Index)
		a.samples = append(a.samples, summary.Sample{Cell: r.Cell, Metrics: r.Result.Metrics})
		if r.Result.GuardExceeded {
			a.guard++
		}
	}
	slices.SortStableFunc(cells, func(x, y string) int { return byCell[x].index - byCell[y].index })

	out := make([]Point, 0, len(cells))
	for _, cell := range cells {
		a := byCell[cell]
		c := summary.Cells(a.samples...)[0]
		p := Point{
			Cell:    cell,
			Params:  slices.Clone(a.params),
			HWM:     a.hwm,
			Repeats: c.Repeats,
			Guarded: a.guard,
			Stats:   make(map[string]summary.Stats, len(c.Metrics)),
		}
		for _, m := range c.Metrics {
			p.Stats[m.Name] = m.Stats
		}
		out = append(out, p)
	}
	return out
}

// HWMOf returns the highWaterMark r's point is plotted and recommended
// at: the resolved value of its swept highWaterMark (the first swept path
// whose last element is highWaterMark: highWaterMark,
// consumer.highWaterMark, ...), else the producer's resolved highWaterMark.
// Records written before they carried resolved values fall back to the
// swept value's text when it is a plain size (16KiB, 1024), then to
// meta.HighWaterMarks (the producer's); 0 when nothing tells.
func HWMOf(meta *results.Meta, r *results.Record) int64 {
	if p, ok := HWMParam(r.Params); ok {
		if p.Resolved != nil {
			return *p.Resolved
		}
		if n, ok := parseSize(p.Value); ok {
			return n
		}
	} else if h, ok := r.HighWaterMarks["producer"]; ok {
		return h
	}
	if meta != nil {
		if h, ok := meta.HighWaterMarks[r.Cell]; ok {
			return h
		}
	}
	return 0
}

// HWMParam returns the swept highWaterMark of a point, the x axis of its group: its first
// parameter whose path IsHWMPath.
func HWMParam(params []results.Param) (results.Param, bool) {
	for _, p := range params {
		if IsHWMPath(p.Path) {
			return p, true
		}
	}
	return results.Param{}, false
}

// parseSize reads a canonical size: an integer with an optional B, KiB,
// MiB or GiB suffix.
func parseSize(s string) (int64, bool) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n * mult, true
}

// IsHWMPath reports whether a swept path sets a highWaterMark: its last
// dotted element is highWaterMark (highWaterMark, producer.highWaterMark,
// stages.0.highWaterMark).
func IsHWMPath(path string) bool {
	return path[strings.LastIndexByte(path, '.')+1:] == "highWaterMark"
}
