package compare

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/aclements/go-moremath/stats"
	"golang.org/x/perf/benchmath"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// DefaultMetrics are the metrics compared when Options.Metrics is empty.
var DefaultMetrics = []string{metrics.Throughput, metrics.BufferedPeak, metrics.BufferedMean, metrics.LatencyP99}

// Defaults of Options.
const (
	DefaultAlpha      = 0.05
	DefaultConfidence = 0.95
)

// Options configure Compare. The zero value compares DefaultMetrics at
// DefaultAlpha with DefaultConfidence intervals.
type Options struct {
	// Metrics are the metric names to compare, in table order. A name
	// ending in ".*" (buffered.peak.*) stands for every metric of the
	// results with that prefix: the per-stage ones. Empty means
	// DefaultMetrics.
	Metrics []string
	// Alpha is the significance level of the U test (DefaultAlpha if 0).
	Alpha float64
	// Confidence is the level of the intervals around the medians
	// (DefaultConfidence if 0).
	Confidence float64
}

// Summary is one side of a row: the median of a metric over a cell's
// repeats and its confidence interval.
type Summary struct {
	// Center is the median.
	Center float64 `json:"center"`
	// Lo and Hi bound the confidence interval; they are infinite when
	// there are too few repeats for one.
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
	// N is the number of repeats with the metric.
	N int `json:"n"`
}

// Row is one cell of one metric's table.
type Row struct {
	// Scenario is the scenario's name on side A.
	Scenario string `json:"scenario"`
	// Cell is the cell's name (or, after Split, its name without the split
	// parameter).
	Cell string `json:"cell"`
	// A and B summarise the two sides.
	A Summary `json:"a"`
	B Summary `json:"b"`
	// Delta is the relative change of the medians, B/A - 1: -0.05 is 5%
	// less in B. It is ±Inf when A's median is 0 and B's is not.
	Delta float64 `json:"delta"`
	// P is the U test's p-value: the probability of samples at least this
	// different if both sides came from one distribution.
	P float64 `json:"p"`
	// Significant is P <= Alpha: the change is real, not noise.
	Significant bool `json:"significant"`
	// Warnings are about this row's statistics: too few repeats to detect a
	// difference or to bound the median.
	Warnings []string `json:"warnings,omitempty"`
}

// Worse reports whether the row is a significant change in the metric's bad
// direction (a drop of throughput, a rise of buffered bytes).
func (r Row) Worse(better metrics.Better) bool {
	return r.Significant && (better == metrics.Higher && r.Delta < 0 || better == metrics.Lower && r.Delta > 0)
}

// Better reports whether the row is a significant improvement.
func (r Row) Better(better metrics.Better) bool {
	return r.Significant && (better == metrics.Higher && r.Delta > 0 || better == metrics.Lower && r.Delta < 0)
}

// Table is one metric's comparison, a row per cell present in both sides.
type Table struct {
	// Metric is the metric's name.
	Metric string `json:"metric"`
	// Desc is its catalog entry (unit, direction).
	Desc metrics.Desc `json:"desc"`
	// Rows are in the order of the cells in A.
	Rows []Row `json:"rows"`
}

// Report is the result of Compare.
type Report struct {
	// A and B name the two sides.
	A string `json:"a"`
	B string `json:"b"`
	// ScenariosA and ScenariosB are the scenarios compared, in order.
	ScenariosA []string `json:"scenarios_a"`
	ScenariosB []string `json:"scenarios_b"`
	// Alpha is the significance level used.
	Alpha float64 `json:"alpha"`
	// Tables has one entry per compared metric present in both sides.
	Tables []Table `json:"tables"`
	// OnlyA and OnlyB list the cells found in one side only, as
	// scenario/cell.
	OnlyA []string `json:"only_a,omitempty"`
	OnlyB []string `json:"only_b,omitempty"`
	// Warnings are problems with the inputs: failed cells left out, a
	// metric missing, unreadable last lines.
	Warnings []string `json:"warnings,omitempty"`
}

// MultiScenario reports whether the rows come from more than one scenario,
// so that a row needs its scenario's name to be told apart.
func (r *Report) MultiScenario() bool { return len(r.ScenariosA) > 1 }

// ErrNoCommonCells is returned by Compare when A and B share no cell.
var ErrNoCommonCells = errors.New("compare: no cell is in both runs")

// cellKey identifies a row.
type cellKey struct{ scenario, cell string }

// group is one cell's repeats on one side.
type group struct {
	key      cellKey
	scenario string // the scenario's name, even when key has none
	samples  []metrics.Metrics
}

// Compare builds the Report of a against b. Records of the same scenario and
// cell are repeats. When each side holds a single scenario and their names
// differ, cells are matched by name alone. Records with an Error are left
// out, with a warning.
func Compare(a, b *Side, opt Options) (*Report, error) {
	if opt.Alpha == 0 {
		opt.Alpha = DefaultAlpha
	}
	if opt.Confidence == 0 {
		opt.Confidence = DefaultConfidence
	}
	names := opt.Metrics
	if len(names) == 0 {
		names = DefaultMetrics
	}
	for _, n := range names {
		if err := CheckMetric(n); err != nil {
			return nil, err
		}
	}
	rep := &Report{A: a.Name, B: b.Name, Alpha: opt.Alpha, ScenariosA: a.Scenarios(), ScenariosB: b.Scenarios()}
	for _, w := range a.Warnings {
		rep.Warnings = append(rep.Warnings, "A: "+w)
	}
	for _, w := range b.Warnings {
		rep.Warnings = append(rep.Warnings, "B: "+w)
	}
	byCell := len(rep.ScenariosA) == 1 && len(rep.ScenariosB) == 1 && rep.ScenariosA[0] != rep.ScenariosB[0]
	ga, wa := groups(a.Records, byCell)
	gb, wb := groups(b.Records, byCell)
	rep.Warnings = append(rep.Warnings, prefixed("A: ", wa)...)
	rep.Warnings = append(rep.Warnings, prefixed("B: ", wb)...)

	inB := map[cellKey]*group{}
	for _, g := range gb {
		inB[g.key] = g
	}
	var pairs [][2]*group
	matched := map[cellKey]bool{}
	for _, g := range ga {
		if h, ok := inB[g.key]; ok {
			pairs = append(pairs, [2]*group{g, h})
			matched[g.key] = true
		} else {
			rep.OnlyA = append(rep.OnlyA, g.key.String())
		}
	}
	for _, g := range gb {
		if !matched[g.key] {
			rep.OnlyB = append(rep.OnlyB, g.key.String())
		}
	}
	if len(pairs) == 0 {
		return rep, ErrNoCommonCells
	}

	thr := benchmath.DefaultThresholds
	thr.CompareAlpha = opt.Alpha
	for _, name := range expand(names, pairs) {
		d, _ := metrics.Lookup(name)
		t := Table{Metric: name, Desc: d}
		missing := 0
		for _, p := range pairs {
			va, vb := values(p[0], name), values(p[1], name)
			if len(va) == 0 || len(vb) == 0 {
				missing++
				continue
			}
			row := compareRow(va, vb, &thr, opt.Confidence)
			row.Scenario, row.Cell = p[0].scenario, p[0].key.cell
			t.Rows = append(t.Rows, row)
		}
		switch {
		case len(t.Rows) == 0:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: not measured in both runs", name))
			continue
		case missing > 0:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: not measured in both runs for %d of %d cells", name, missing, len(pairs)))
		}
		rep.Tables = append(rep.Tables, t)
	}
	return rep, nil
}

// compareRow summarises and tests one cell's values of one metric.
func compareRow(va, vb []float64, thr *benchmath.Thresholds, confidence float64) Row {
	sa := benchmath.NewSample(va, thr)
	sb := benchmath.NewSample(vb, thr)
	ma := benchmath.AssumeNothing.Summary(sa, confidence)
	mb := benchmath.AssumeNothing.Summary(sb, confidence)
	c := benchmath.AssumeNothing.Compare(sa, sb)
	row := Row{
		A:           Summary{ma.Center, ma.Lo, ma.Hi, len(va)},
		B:           Summary{mb.Center, mb.Lo, mb.Hi, len(vb)},
		Delta:       delta(ma.Center, mb.Center),
		P:           c.P,
		Significant: c.P <= c.Alpha,
	}
	// benchmath warns of too few repeats only when the samples differ; the
	// warning here holds whatever the values, so that equal samples too
	// say the test could not have seen a change.
	if minP := uTestMinP(len(va), len(vb)); minP > c.Alpha {
		row.Warnings = append(row.Warnings, fmt.Sprintf("too few repeats: with n=%d+%d the U test cannot reach p<=%v however much the runs differ (need >= %d a side)", len(va), len(vb), c.Alpha, minRepeats(c.Alpha)))
	}
	var warns []error
	warns = append(warns, ma.Warnings...)
	warns = append(warns, mb.Warnings...)
	warns = append(warns, c.Warnings...)
	seen := map[string]bool{}
	for _, w := range warns {
		// Two sides with one identical value throughout are simply equal;
		// too few repeats is said above.
		if w == nil || errors.Is(w, stats.ErrSamplesEqual) || strings.Contains(w.Error(), "to detect a difference") || seen[w.Error()] {
			continue
		}
		seen[w.Error()] = true
		row.Warnings = append(row.Warnings, w.Error())
	}
	return row
}

// uTestMinP is the smallest two-sided p-value a Mann–Whitney U test can give
// for samples of n1 and n2 values: when they do not overlap at all, 2 of
// the C(n1+n2, n1) orderings are as extreme.
func uTestMinP(n1, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return 1
	}
	c := 1.0 // C(n1+n2, n1), built as a product of ratios
	for i := 1; i <= n1; i++ {
		c = c * float64(n2+i) / float64(i)
	}
	return math.Min(1, 2/c)
}

// minRepeats is the smallest n such that n against n repeats can be
// significant at alpha.
func minRepeats(alpha float64) int {
	n := 1
	for uTestMinP(n, n) > alpha && n < 1000 {
		n++
	}
	return n
}

// delta is b/a - 1, with a zero a giving ±Inf (or 0 when b is 0 too).
func delta(a, b float64) float64 {
	switch {
	case a == b:
		return 0
	case a == 0:
		return math.Inf(int(math.Copysign(1, b)))
	}
	return (b - a) / math.Abs(a)
}

// groups gathers records into cells, in order of first appearance; byCell
// drops the scenario from the key. Failed records are left out and counted
// in the warnings.
func groups(recs []results.Record, byCell bool) ([]*group, []string) {
	var out []*group
	idx := map[cellKey]*group{}
	failed := 0
	for i := range recs {
		r := &recs[i]
		if r.Error != "" {
			failed++
			continue
		}
		k := cellKey{r.Scenario, r.Cell}
		if byCell {
			k.scenario = ""
		}
		g := idx[k]
		if g == nil {
			g = &group{key: k, scenario: r.Scenario}
			idx[k] = g
			out = append(out, g)
		}
		g.samples = append(g.samples, r.Result.Metrics)
	}
	var warns []string
	if failed > 0 {
		warns = append(warns, fmt.Sprintf("%d failed cells left out", failed))
	}
	return out, warns
}

// String is "scenario/cell", or the cell alone when matching by cell.
func (k cellKey) String() string {
	if k.scenario == "" {
		return k.cell
	}
	return k.scenario + "/" + k.cell
}

// values returns the metric's values over g's repeats that have it.
func values(g *group, name string) []float64 {
	var v []float64
	for _, m := range g.samples {
		if x, ok := m.Get(name); ok {
			v = append(v, x)
		}
	}
	return v
}

// expand replaces every "prefix.*" in names by the metrics of the compared
// records with that prefix, in the records' order, and drops duplicates.
func expand(names []string, pairs [][2]*group) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range names {
		prefix, ok := strings.CutSuffix(n, "*")
		if !ok {
			add(n)
			continue
		}
		for _, p := range pairs {
			for _, s := range p[0].samples {
				for _, m := range s {
					if strings.HasPrefix(m.Name, prefix) {
						add(m.Name)
					}
				}
			}
		}
	}
	return out
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}
