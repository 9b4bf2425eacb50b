package analysis

import (
	"slices"

	"github.com/bpbench/bpbench/internal/results"
)

// Group is the points that share every parameter except the swept
// highWaterMark (the first swept path whose last element is highWaterMark,
// see IsHWMPath; its resolved value is each Point's HWM): one line of a
// "metric against highWaterMark" plot.
type Group struct {
	// Label names the other parameters' values, key=value joined by "/"
	// in sweep order ("chunk=4KiB"), or is "" when nothing else is swept.
	Label string
	// Points are sorted by HWM (points with equal HWM keep plan order).
	Points []Point
}

// Groups splits points into groups, in order of each group's first point.
func Groups(points []Point) []Group {
	var out []Group
	at := map[string]int{}
	for _, p := range points {
		l := Label(p)
		i, ok := at[l]
		if !ok {
			i = len(out)
			at[l] = i
			out = append(out, Group{Label: l})
		}
		out[i].Points = append(out[i].Points, p)
	}
	for i := range out {
		slices.SortStableFunc(out[i].Points, func(a, b Point) int {
			switch {
			case a.HWM < b.HWM:
				return -1
			case a.HWM > b.HWM:
				return 1
			}
			return 0
		})
	}
	return out
}

// Label returns the group label of p: its parameters but the swept
// highWaterMark, by their labels (results.Param.Label, the values as
// written) joined by "/".
func Label(p Point) string {
	var ps []results.Param
	axis, hasAxis := HWMParam(p.Params)
	for _, q := range p.Params {
		if !hasAxis || q.Path != axis.Path {
			ps = append(ps, q)
		}
	}
	return results.Label(ps)
}

// Name is the point's name for people: its parameters' labels, the values
// as written (hwm=16KiB/consumer.rate=3Mbit/s); the cell name when it has
// no parameter.
func Name(p Point) string {
	if n := results.Label(p.Params); n != "" {
		return n
	}
	return p.Cell
}
