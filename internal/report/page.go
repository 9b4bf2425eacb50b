package report

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// page is everything index.html and index.md show, as text ready to print:
// the templates only lay it out.
type page struct {
	// Title is the scenario's name; Description its one line.
	Title, Description string
	// Status says that the run was interrupted or had no results; "" when
	// it is complete.
	Status string
	// Recommendations are one per group of points; RecommendNote says how
	// they are chosen.
	Recommendations []recommendation
	RecommendNote   string
	// Figures are the plots, in plots.Render's order.
	Figures []figure
	// Axes head the parameter columns of Rows; Columns the metric ones,
	// and ProcessColumns those of the process table (wall-clock engines:
	// heap, RSS, GC, CPU), empty when none was measured.
	Axes           []string
	Columns        []column
	ProcessColumns []column
	// Glossary says what every metric shown means.
	Glossary []column
	// Rows are the sweep points in plan order.
	Rows []pointRow
	// Engines compares the engines point by point, when the run swept
	// engine:; nil otherwise.
	Engines *engineTable
	// Thresholds head the verdict table's columns; Verdict sums it up.
	Thresholds []string
	Verdict    string
	VerdictOK  bool
	Verdicts   []verdictRow
	// Failed are the failed records; Warnings every non-fatal problem.
	Failed   []failedRow
	Warnings []string
	// Env describes the run: what, where, when.
	Env []keyValue
	// Shards are the parts a merged run was joined from; nil otherwise.
	Shards []shardRow
	// File and Source are the scenario file's path and text.
	File   string
	Source string `text:"block"`
	// Files are the report's other files, for links.
	Files []string
	// By names the command that wrote the page ("bpbench run"); Single is
	// set on the single-file page (report.html).
	By     string
	Single bool
}

type recommendation struct {
	Text, TradeOff, Cell string
	// Code is Node code of several lines.
	Code string `text:"block"`
}

type column struct {
	// Head is the metric's name, Hint its description and direction.
	Head, Hint string
}

type pointRow struct {
	Cell          string
	Params        []string
	Repeats       string
	Values        []cellValue
	ProcessValues []cellValue
	// HasProcess is set when the point has a process figure (its engine
	// measures them).
	HasProcess  bool
	Recommended bool
}

// cellValue is a mean and half its 95% confidence interval ("" when there
// is no spread), ready to print.
type cellValue struct {
	Mean, CI string
}

// String is "10MiB/s ± 12KiB/s".
func (v cellValue) String() string {
	if v.CI == "" {
		return v.Mean
	}
	return v.Mean + " ± " + v.CI
}

type verdictRow struct {
	Cell  string
	Cells []verdictCell
}

type verdictCell struct {
	Pass bool
	Text string
}

type failedRow struct {
	Cell, Error string
}

type keyValue struct {
	Key, Value string
}

// tableMetrics are the metrics of the points table, when measured;
// processMetrics those of the process table, which only the wall-clock
// engines measure.
var (
	tableMetrics = []string{
		metrics.Throughput, metrics.BufferedPeak, metrics.BufferedMean, metrics.BacklogPeak,
		metrics.LatencyP50, metrics.LatencyP99, metrics.ProducerStalled, metrics.WritesFalse,
	}
	processMetrics = []string{metrics.HeapPeak, metrics.RSSPeak, metrics.GCCount, metrics.GCCycles, metrics.GCPause,
		metrics.CPUPerChunk, metrics.EventLoopP50, metrics.EventLoopP99}
)

// newPage assembles the page of a run from its analysis a (computed when
// nil).
func newPage(meta *results.Meta, recs []results.Record, a *analysis.Analysis, figs []figure, warnings []string) *page {
	p := &page{
		Title:       meta.Scenario,
		Description: meta.Description,
		Figures:     figs,
		File:        meta.File,
		Source:      meta.Source,
		Files:       []string{SingleName, results.FileName, results.MetaName, CSVName, SummaryName, BenchName},
	}
	if p.Title == "" {
		p.Title = "bpbench report"
	}
	switch {
	case meta.Status == results.StatusKilled:
		p.Status = fmt.Sprintf("Cut short: the run was killed (SIGKILL, out of memory, a full disk?) before it could record its end; %d of %d cells finished and this report shows those. Run again with --resume to finish.", len(recs), meta.Cells)
	case meta.Status == results.StatusRunning:
		p.Status = fmt.Sprintf("Still running: %d of %d cells finished so far; this report shows those.", len(recs), meta.Cells)
	case meta.Status == results.StatusFailed:
		p.Status = fmt.Sprintf("Failed: the run stopped on an error of its own; %d of %d cells finished and this report shows those.", len(recs), meta.Cells)
	case len(recs) == 0:
		p.Status = "No results: the run finished no cell."
	case meta.Interrupted:
		p.Status = fmt.Sprintf("Interrupted: %d of %d cells finished; this report shows those. Run again with --resume to finish.", len(recs), meta.Cells)
	case len(meta.Shards) > 0 && len(recs) < meta.Cells:
		p.Status = fmt.Sprintf("Partial: %d of %d cells, merged with --allow-missing; the warnings name the missing ones.", len(recs), meta.Cells)
	}
	if a == nil {
		a = analysis.Analyze(meta, recs)
	}
	points := a.Points
	recommended := map[string]bool{}
	p.RecommendNote = recommendNote(a.Options.Objective)
	for _, r := range a.Recommendations {
		p.Recommendations = append(p.Recommendations, recommendation{Text: r.Text, TradeOff: r.TradeOff, Code: r.Code, Cell: r.Cell})
		if r.Cell != "" {
			recommended[r.Cell] = true
		}
	}
	p.pointsTable(meta, recs, points, recommended)
	p.Engines = engineComparison(points)
	p.verdicts(meta, recs)
	for _, r := range recs {
		if r.Error != "" {
			p.Failed = append(p.Failed, failedRow{Cell: fmt.Sprintf("%s#%d", r.Cell, r.Repeat), Error: r.Error})
		}
	}
	p.Warnings = append(slices.Clone(warnings), RecordWarnings(recs)...)
	p.Env = environment(meta)
	p.Shards = shardRows(meta)
	escapeText(reflect.ValueOf(p), false)
	return p
}

// pointsTable fills the table of points: parameters, repeats and the mean
// ± half the 95% confidence interval of the main metrics, in human units.
func (p *page) pointsTable(meta *results.Meta, recs []results.Record, points []analysis.Point, recommended map[string]bool) {
	axes := axisPaths(meta, recs)
	p.Axes = axes
	if len(axes) == 0 {
		p.Axes = []string{"cell"}
	}
	tm := tableMetrics
	if meta.ObjectMode { // objects per second: highWaterMarks count objects
		tm = append([]string{metrics.ThroughputChunks}, tm[1:]...)
	}
	measured := func(ms []string) []string {
		var out []string
		for _, m := range ms {
			for _, pt := range points {
				if _, ok := pt.Mean(m); ok {
					out = append(out, m)
					break
				}
			}
		}
		return out
	}
	cols, pcols := measured(tm), measured(processMetrics)
	p.Columns, p.ProcessColumns = columns(cols), columns(pcols)
	p.Glossary = append(slices.Clone(p.Columns), p.ProcessColumns...)
	repeats := map[string]int{}
	for _, r := range recs {
		repeats[r.Cell]++
	}
	for _, pt := range points {
		row := pointRow{Cell: pt.Cell, Recommended: recommended[pt.Cell]}
		if len(axes) == 0 {
			row.Params = []string{pt.Cell}
		}
		for _, a := range axes {
			row.Params = append(row.Params, shownValue(pt.Params, a))
		}
		row.Repeats = strconv.Itoa(pt.Repeats)
		if n := repeats[pt.Cell]; n > pt.Repeats {
			row.Repeats += fmt.Sprintf(" (%d failed)", n-pt.Repeats)
		}
		for _, m := range cols {
			v := meanCI(m, pt.Stats[m])
			if meta.ObjectMode && (m == metrics.BacklogPeak || m == metrics.BacklogMean) {
				v = objectsCI(pt.Stats[m]) // the backlog counts objects
			}
			if meta.ObjectMode {
				v.Mean = strings.ReplaceAll(v.Mean, "chunks/s", "objects/s")
				v.CI = strings.ReplaceAll(v.CI, "chunks/s", "objects/s")
			}
			row.Values = append(row.Values, v)
		}
		for _, m := range pcols {
			v := meanCI(m, pt.Stats[m])
			row.ProcessValues = append(row.ProcessValues, v)
			row.HasProcess = row.HasProcess || v.Mean != "–"
		}
		p.Rows = append(p.Rows, row)
	}
}

// columns heads the table columns of metrics ms, with their meanings.
func columns(ms []string) []column {
	var out []column
	for _, m := range ms {
		c := column{Head: m}
		if d, ok := metrics.Lookup(m); ok {
			c.Hint = d.Description
			if d.Better != metrics.Neutral {
				c.Hint += " (" + d.Better.String() + " is better)"
			}
		}
		out = append(out, c)
	}
	return out
}

// meanCI renders the mean and half the 95% confidence interval ("10MiB/s",
// "12KiB/s"); no interval when there is no spread (or only rounding noise,
// below a millionth of the mean); "–" when not measured.
func meanCI(metric string, s summary.Stats) cellValue {
	if s.N == 0 {
		return cellValue{Mean: "–"}
	}
	v := cellValue{Mean: metrics.Format(metric, s.Mean)}
	if half := (s.CI95Hi - s.CI95Lo) / 2; half > 1e-6*math.Abs(s.Mean) {
		v.CI = metrics.Format(metric, half)
	}
	return v
}

// objectsCI is meanCI for a count of objects: "364 objects".
func objectsCI(s summary.Stats) cellValue {
	if s.N == 0 {
		return cellValue{Mean: "–"}
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) + " objects" }
	v := cellValue{Mean: f(s.Mean)}
	if half := (s.CI95Hi - s.CI95Lo) / 2; half > 1e-6*math.Abs(s.Mean) {
		v.CI = f(half)
	}
	return v
}

// verdicts fills the threshold table: one row per point, one column per
// threshold.
func (p *page) verdicts(meta *results.Meta, recs []results.Record) {
	vs := results.Check(meta.Thresholds, recs)
	if len(vs) == 0 {
		return
	}
	for _, t := range meta.Thresholds {
		p.Thresholds = append(p.Thresholds, t.Metric+" "+strings.TrimSpace(t.Text))
	}
	bad := len(results.Failed(vs))
	p.VerdictOK = bad == 0
	if bad == 0 {
		p.Verdict = fmt.Sprintf("All %d threshold checks passed.", len(vs))
	} else {
		p.Verdict = fmt.Sprintf("%d of %d threshold checks failed.", bad, len(vs))
	}
	at := map[string]int{}
	for _, v := range vs {
		i, ok := at[v.Cell]
		if !ok {
			i = len(p.Verdicts)
			at[v.Cell] = i
			p.Verdicts = append(p.Verdicts, verdictRow{Cell: v.Cell})
		}
		c := verdictCell{Pass: v.Pass}
		mark := "✗ fail"
		if v.Pass {
			mark = "✓ pass"
		}
		if v.Missing {
			c.Text = mark + ": not measured"
		} else {
			c.Text = mark + ": " + metrics.Format(v.Threshold.Metric, v.Value)
		}
		p.Verdicts[i].Cells = append(p.Verdicts[i].Cells, c)
	}
}

// recordWarnings lists the records' warnings, each message once with the
// cells it came from, and the cells stopped by the memory guard.
// RecordWarnings gathers the records' warnings, the memory guard's among
// them, each once with the cells it came from (the first few named).
func RecordWarnings(recs []results.Record) []string {
	var order []string
	cells := map[string][]string{}
	add := func(msg, cell string) {
		if _, ok := cells[msg]; !ok {
			order = append(order, msg)
		}
		cells[msg] = append(cells[msg], cell)
	}
	for _, r := range recs {
		cell := fmt.Sprintf("%s#%d", r.Cell, r.Repeat)
		if r.Result.GuardExceeded {
			add("memory guard exceeded: the run was stopped early, its figures cover only the time before", cell)
		}
		for _, w := range r.Result.Warnings {
			add(w, cell)
		}
	}
	out := make([]string, 0, len(order))
	for _, msg := range order {
		c := cells[msg]
		const show = 4
		list := strings.Join(c[:min(len(c), show)], ", ")
		if len(c) > show {
			list += fmt.Sprintf(" and %d more", len(c)-show)
		}
		out = append(out, fmt.Sprintf("%s (%s)", msg, list))
	}
	return append(out, noiseWarnings(recs)...)
}

// environment lists what was run, on what, when.
func environment(m *results.Meta) []keyValue {
	var kv []keyValue
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, keyValue{k, v})
		}
	}
	add("Scenario", m.Scenario)
	add("File", m.File)
	engine := m.Engine
	if m.Node != "" && !strings.Contains(engine, m.Node) { // the engine may name it already
		engine += " (Node.js " + m.Node + ")"
	}
	add("Engine", engine)
	switch m.Timing {
	case "wall":
		add("Timing", "wall: node cells measured in real time (Node's lateness included)")
	case "ideal":
		add("Timing", "ideal: node cells on the model's clock (sim's numbers; a semantics check, not a speed measurement)")
	}
	for _, c := range append([]*results.Calibration{m.Calibration}, m.Calibrations...) {
		if c == nil {
			continue
		}
		label := "Calibration"
		if len(m.Calibrations) > 0 && c.Runtime != "" {
			label += " (sim cells at node " + c.Runtime + ")" // one per runtime
		}
		add(label, c.File)
		for _, f := range c.Figures {
			add(label+": "+f[0], f[1])
		}
	}
	add("Stream profile", m.Profile)
	add("Strategy", m.Strategy)
	if m.Repeat > 0 {
		add("Seed", strconv.FormatUint(m.Seed, 10))
		add("Cells", fmt.Sprintf("%d (%d repeats of each point, %d at a time)", m.Cells, m.Repeat, m.Parallel))
	}
	if s := m.Shard; s != nil {
		add("Shard", fmt.Sprintf("%d/%d: %d of the plan's %d cells (%s)", s.Index, s.Count, m.Cells, s.PlanCells, s.From))
	}
	if len(m.Shards) > 0 {
		add("Merged from", fmt.Sprintf("%d parts (see Shards; the machine below is the first part's)", len(m.Shards)))
	}
	add("Host", m.Env.Host)
	add("Go", m.Env.Go)
	add("bpbench", m.Env.Bpbench)
	if m.Env.OS != "" {
		add("OS/arch", m.Env.OS+"/"+m.Env.Arch)
	}
	add("CPU", m.Env.CPU)
	if m.Env.Cores > 0 {
		add("Cores", strconv.Itoa(m.Env.Cores))
	}
	if !m.Started.IsZero() {
		add("Started", m.Started.UTC().Format(time.RFC3339))
	}
	if !m.Finished.IsZero() {
		add("Finished", fmt.Sprintf("%s (%s)", m.Finished.UTC().Format(time.RFC3339), m.Finished.Sub(m.Started).Round(time.Millisecond)))
	}
	add("Run ended", m.Status)
	add("Scenario SHA-256", m.SHA256)
	return kv
}

// recommendNote explains how the recommendations are chosen.
func recommendNote(o analysis.Objective) string {
	m, tol := o.Metric, o.Tolerance
	if m == "" {
		m = metrics.Throughput
	}
	if tol <= 0 {
		tol = analysis.Tolerance
	}
	return fmt.Sprintf("Per group of points that differ only in highWaterMark: the smallest highWaterMark whose mean %s is within %s%% of the group's best (set by the scenario's recommend: {objective, tolerance}). The code sets it on the streams the sweep set it on.",
		m, strconv.FormatFloat(100*tol, 'f', -1, 64))
}

// shownValue is the value of the parameter at path as the scenario wrote
// it.
func shownValue(params []results.Param, path string) string {
	for _, p := range params {
		if p.Path == path {
			return p.Shown()
		}
	}
	return ""
}
