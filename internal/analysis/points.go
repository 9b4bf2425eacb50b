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
	// HWM is the producer's resolved highWaterMark
	// (meta.HighWaterMarks[Cell]): bytes, or objects in object mode.
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
// a point whose every repeat failed is left out too. HWM comes from
// meta.HighWaterMarks; when meta is nil or lacks the cell, it is read from
// the point's highWaterMark parameter if that is a plain size (16KiB,
// 1024), and is 0 otherwise.
func Points(meta *results.Meta, recs []results.Record) []Point {
	type acc struct {
		index   int
		params  []results.Param
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
			a = &acc{index: r.Index, params: r.Params}
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
			HWM:     hwmOf(meta, cell, a.params),
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

// hwmOf returns the cell's resolved highWaterMark (see Points).
func hwmOf(meta *results.Meta, cell string, params []results.Param) int64 {
	if meta != nil {
		if h, ok := meta.HighWaterMarks[cell]; ok {
			return h
		}
	}
	for _, p := range params {
		if p.Path == "highWaterMark" {
			if n, ok := parseSize(p.Value); ok {
				return n
			}
		}
	}
	return 0
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
