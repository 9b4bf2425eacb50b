package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/safepath"
)

// Figure is one figure Render wrote, as dir/<Name>.png and dir/<Name>.svg.
type Figure struct {
	// Name is the files' base name, e.g. "throughput-vs-hwm".
	Name string
	// Title is the figure's title, also drawn on it.
	Title string
	// Caption is one or two sentences for a page: what the figure shows and
	// how to read it.
	Caption string
}

// Render writes dir/<Name>.png and dir/<Name>.svg for every figure that
// applies to this run and returns them in page order: the main metrics
// against highWaterMark (or against the first swept field when the
// highWaterMark is not swept), heatmaps of a two-dimensional sweep, the
// throughput/memory frontier, buffered-bytes timelines of representative
// cells and latency CDFs. A run without successful records gives no
// figures and no error. dir must exist.
func Render(dir string, meta *results.Meta, recs []results.Record) ([]Figure, error) {
	charts := charts(meta, recs)
	figs := make([]Figure, 0, len(charts))
	used := map[string]bool{}
	for _, c := range charts {
		// Names made from swept values and cell names: one plain file
		// name each (safepath), two figures never the same file.
		name := safepath.Sanitize(c.fig.Name)
		for k := 2; used[name]; k++ {
			sfx := fmt.Sprintf("-%d", k)
			base := safepath.Sanitize(c.fig.Name)
			for len(base)+len(sfx) > safepath.MaxLen || !utf8.ValidString(base) {
				base = base[:len(base)-1]
			}
			name = safepath.Sanitize(base + sfx)
		}
		used[name] = true
		c.fig.Name = name
		if err := save(dir, c); err != nil {
			return figs, err
		}
		figs = append(figs, c.fig)
	}
	return figs, nil
}

// run is what the chart builders share.
type run struct {
	meta   *results.Meta
	recs   []results.Record
	points []analysis.Point
	obj    bool
	// byHWM is set when the points' highWaterMarks differ: the x axis of
	// the main metrics is then the highWaterMark.
	byHWM bool
	// groups are the lines of the main-metric plots.
	groups []analysis.Group
	// xpath is the swept field on the x axis when !byHWM ("" when nothing
	// is swept), xvals its values in sweep order, xshown them as written.
	xpath, xkey string
	xvals       []string
	xshown      []string
}

// charts builds every chart that applies, in page order.
func charts(meta *results.Meta, recs []results.Record) []*chart {
	if meta == nil {
		meta = &results.Meta{}
	}
	r := &run{meta: meta, recs: recs, points: analysis.Points(meta, recs), obj: meta.ObjectMode}
	if len(r.points) == 0 {
		return nil
	}
	hwms := map[int64]bool{}
	for _, p := range r.points {
		hwms[p.HWM] = true
	}
	// A sweep of profiles (node20, node22, fs) is a list of names, not a
	// scale of sizes: two profiles of one size must not share a spot.
	r.byHWM = len(hwms) > 1 && !analysis.ProfileSweep(r.points)
	if r.byHWM {
		r.groups = analysis.Groups(r.points)
	} else {
		r.pickCategory()
	}
	var out []*chart
	out = append(out, r.metricCharts()...)
	out = append(out, r.heatCharts()...)
	if c := r.frontierChart(); c != nil {
		out = append(out, c)
	}
	out = append(out, r.timelineCharts()...)
	out = append(out, r.cdfCharts()...)
	return out
}

// pickCategory chooses the x axis when the highWaterMark does not vary:
// the first swept field with several values (else the first), and groups
// the points by the other fields.
func (r *run) pickCategory() {
	axes := r.meta.Sweep
	if len(axes) == 0 { // an older run.json: take the records' parameters
		seen := map[string]int{}
		for _, p := range r.points {
			for _, q := range p.Params {
				i, ok := seen[q.Path]
				if !ok {
					i = len(axes)
					seen[q.Path] = i
					axes = append(axes, results.Axis{Path: q.Path, Key: q.Key})
				}
				if !contains(axes[i].Values, q.Value) {
					axes[i].Values = append(axes[i].Values, q.Value)
				}
			}
		}
	}
	if len(axes) == 0 {
		return
	}
	ax := axes[0]
	for _, a := range axes {
		if len(a.Values) > 1 {
			ax = a
			break
		}
	}
	for _, a := range axes { // swept profiles first
		if analysis.IsHWMPath(a.Path) && len(a.Values) > 1 {
			ax = a
			break
		}
	}
	r.xpath, r.xkey, r.xvals = ax.Path, ax.Key, ax.Values
	r.xshown = slices.Clone(ax.Values)
	for _, p := range r.points {
		for _, q := range p.Params {
			if i := slices.Index(r.xvals, q.Value); q.Path == ax.Path && i >= 0 {
				r.xshown[i] = q.Shown()
			}
		}
	}
	at := map[string]int{}
	for _, p := range r.points {
		var others []results.Param
		for _, q := range p.Params {
			if q.Path != ax.Path {
				others = append(others, q)
			}
		}
		l := results.Label(others)
		i, ok := at[l]
		if !ok {
			i = len(r.groups)
			at[l] = i
			r.groups = append(r.groups, analysis.Group{Label: l})
		}
		r.groups[i].Points = append(r.groups[i].Points, p)
	}
}

// xOf returns p's position on the main metrics' x axis.
func (r *run) xOf(p analysis.Point) float64 {
	if r.byHWM {
		return float64(p.HWM)
	}
	for _, q := range p.Params {
		if q.Path == r.xpath {
			for i, v := range r.xvals {
				if v == q.Value {
					return float64(i)
				}
			}
		}
	}
	return math.NaN()
}

// hwmText renders a highWaterMark as a tick label.
func (r *run) hwmText(v float64) string {
	if r.obj {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return analysis.FormatHWM(int64(v), false)
}

// hwmAxisLabel is the x axis label of highWaterMark plots.
func (r *run) hwmAxisLabel() string {
	if r.obj {
		return "highWaterMark (objects, log scale)"
	}
	return "highWaterMark (log scale)"
}

// hwmAxis is the log2 highWaterMark axis over the points, ticked at their
// highWaterMarks.
func (r *run) hwmAxis() axis {
	var vs []float64
	for _, p := range r.points {
		vs = append(vs, float64(p.HWM))
	}
	return log2Axis(r.hwmAxisLabel(), vs, vs, r.hwmText)
}

// repeatsText describes the repeats behind the points' means.
func (r *run) repeatsText() string {
	lo, hi := math.MaxInt, 0
	for _, p := range r.points {
		lo, hi = min(lo, p.Repeats), max(hi, p.Repeats)
	}
	switch {
	case hi <= 1:
		return "One run per point, so no confidence interval."
	case lo == hi:
		return fmt.Sprintf("Each point is the mean of %d repeats; the bars span the 95%% confidence interval of the mean.", hi)
	}
	return fmt.Sprintf("Each point is the mean of %d to %d repeats (failed runs left out); the bars span the 95%% confidence interval of the mean.", lo, hi)
}

// groupKeys names what distinguishes the groups ("chunk"), "" with one
// group.
func (r *run) groupKeys() string {
	if len(r.groups) < 2 {
		return ""
	}
	var keys []string
	params := r.groups[0].Points[0].Params
	axis, _ := analysis.HWMParam(params)
	for _, q := range params {
		if (r.byHWM && q.Path != axis.Path) || (!r.byHWM && q.Path != r.xpath) {
			keys = append(keys, q.Path)
		}
	}
	return strings.Join(keys, ", ")
}

// fileSafe turns a cell or label into a file-name part: hwm=1KiB/chunk=4KiB
// becomes hwm-1KiB-chunk-4KiB.
func fileSafe(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.' || c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// firstRecord returns the successful record of cell with the lowest
// repeat, or nil.
func (r *run) firstRecord(cell string) *results.Record {
	var best *results.Record
	for i := range r.recs {
		rec := &r.recs[i]
		if rec.Cell == cell && rec.Error == "" && (best == nil || rec.Repeat < best.Repeat) {
			best = rec
		}
	}
	return best
}
