package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/runner"
	"github.com/bpbench/bpbench/internal/scenario"
)

const runUsage = `Usage: bpbench run [flags] SCENARIO.yaml...

Runs every cell (sweep point x repeat) of each scenario and writes, per
scenario, DIR/<name>/results.jsonl (one line per finished cell, in plan
order) and run.json (the scenario text and the environment). Prints a
summary table, and a table of failed thresholds (exit 1). Bad input exits
2; an interrupted run (Ctrl-C, SIGTERM) keeps every finished cell and exits
130: run again with --resume to finish it.

Flags:
`

const runExamples = `
Examples:
  bpbench run scenarios/quickstart.yaml
  bpbench run --repeat 10 --parallel 2 -o /tmp/reports scenarios/*.yaml
  bpbench run --resume scenarios/upload.yaml
`

// runFlags are the flags of bpbench run.
type runFlags struct {
	out      string
	parallel int
	engine   string
	node     string
	repeat   int
	seed     string
	quiet    bool
	resume   bool
	shard    string
	noReport bool
	// repeatSet reports that --repeat was given (0 is then an error, not
	// the scenario's repeat).
	repeatSet bool
}

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.out, "o", "reports", "write each scenario's results to `DIR`/<scenario name>/")
	fs.IntVar(&f.parallel, "parallel", 0, "run `N` cells at once (default: the number of cores for sim, 1 for realtime and node)")
	fs.StringVar(&f.engine, "engine", "", "run on `ENGINE` (sim, realtime or node) instead of the scenario's")
	fs.StringVar(&f.node, "node", "", "for the node engine: a Node.js `VERSION` (20, 22, 24) or a path, instead of the scenario's")
	fs.IntVar(&f.repeat, "repeat", 0, "run every sweep point `N` times instead of the scenario's repeat")
	fs.StringVar(&f.seed, "seed", "", "use `SEED` instead of the scenario's seed")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar (it is shown only when stderr is a terminal)")
	fs.BoolVar(&f.resume, "resume", false, "keep the cells an earlier run of the same scenario finished and run only the others")
	fs.BoolVar(&f.noReport, "no-report", false, "write results only; render them later with bpbench report")
	fs.StringVar(&f.shard, "shard", "", "run only shard `I/N` of the cells (every N-th from the I-th, 0 <= I < N)")
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, runExamples)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{errors.New("run: no scenario files")}
	}
	fs.Visit(func(fl *flag.Flag) { f.repeatSet = f.repeatSet || fl.Name == "repeat" })
	jobs, err := prepareRun(fs.Args(), &f)
	if err != nil {
		return err
	}
	var problems []string
	for _, j := range jobs {
		p, err := j.execute(ctx, &f, stdout, stderr)
		if err != nil {
			return err
		}
		problems = append(problems, p...)
	}
	if len(problems) > 0 {
		return failedError{strings.Join(problems, "; ")}
	}
	return nil
}

// runJob is one scenario to run.
type runJob struct {
	s     *scenario.Scenario
	cells []plan.Cell
	dir   string
	// total is the plan's size before sharding; shard is --shard.
	total int
	shard string
}

// prepareRun parses and plans every file before running any, so that a bad
// file is reported (with all its errors, and those of the other files)
// before minutes of work.
func prepareRun(paths []string, f *runFlags) ([]*runJob, error) {
	var errs []error
	var jobs []*runJob
	dirs := map[string]string{}
	shardI, shardN, err := parseShard(f.shard)
	if err != nil {
		return nil, usageError{err}
	}
	var seed *uint64
	if f.seed != "" {
		v, err := strconv.ParseUint(f.seed, 0, 64)
		if err != nil {
			return nil, usageError{fmt.Errorf("--seed %q: want a non-negative integer", f.seed)}
		}
		seed = &v
	}
	if f.parallel < 0 {
		return nil, usageError{fmt.Errorf("--parallel %d: want 1 or more (0 or unset: the default)", f.parallel)}
	}
	if f.repeatSet && f.repeat == 0 || f.repeat < 0 || f.repeat > 1000 {
		return nil, usageError{fmt.Errorf("--repeat %d: want 1 to 1000", f.repeat)}
	}
	if f.engine != "" && !knownEngine(f.engine) {
		return nil, usageError{fmt.Errorf("--engine %q: want sim, realtime or node", f.engine)}
	}
	for _, path := range paths {
		s, err := scenario.ParseFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c := *s // the overrides apply to this run only
		if f.repeat > 0 {
			c.Repeat = f.repeat
		}
		if seed != nil {
			c.Seed = *seed
		}
		if f.engine != "" {
			c.Engine = scenario.Engine(f.engine)
		}
		if f.node != "" {
			c.Node = f.node
		}
		cells, err := plan.Expand(&c)
		if err == nil {
			overrideCells(cells, f)
			err = runner.Check(cells)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
			continue
		}
		total := len(cells)
		if shardN > 0 {
			cells = plan.Shard(cells, shardI, shardN)
		}
		dir := filepath.Join(f.out, c.Name)
		if other, dup := dirs[dir]; dup {
			errs = append(errs, fmt.Errorf("%s: scenario name %q is also the name of %s; both would write %s", path, c.Name, other, dir))
			continue
		}
		dirs[dir] = path
		jobs = append(jobs, &runJob{s: &c, cells: cells, dir: dir, total: total, shard: f.shard})
	}
	if len(errs) > 0 {
		return nil, usageError{errors.Join(errs...)}
	}
	return jobs, nil
}

// overrideCells applies --engine and --node to every cell (each point's
// resolved scenario is rebuilt from the file, so the base's overrides do
// not reach it).
func overrideCells(cells []plan.Cell, f *runFlags) {
	if f.engine == "" && f.node == "" {
		return
	}
	copies := map[*scenario.Scenario]*scenario.Scenario{}
	for i := range cells {
		orig := cells[i].Config
		cp, ok := copies[orig]
		if !ok {
			x := *orig
			if f.engine != "" {
				x.Engine = scenario.Engine(f.engine)
			}
			if f.node != "" {
				x.Node = f.node
			}
			cp = &x
			copies[orig] = cp
		}
		cells[i].Config = cp
	}
}

func knownEngine(name string) bool {
	switch scenario.Engine(name) {
	case scenario.Sim, scenario.Realtime, scenario.Node:
		return true
	}
	return false
}

// parseShard parses "I/N"; "" is no sharding (n = 0).
func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want I/N with 0 <= I < N", s)
	}
	return i, n, nil
}

// execute runs the job's cells and writes its files. It returns the
// problems that make the run fail (exit 1): failed cells, failed threshold
// checks.
func (j *runJob) execute(ctx context.Context, f *runFlags, stdout, stderr io.Writer) ([]string, error) {
	engines, err := j.engines()
	if err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", j.s.File, err)}
	}
	var names, nodes []string
	wall, onNode := false, false
	for _, e := range engines {
		names = append(names, e.desc)
		wall = wall || e.name != scenario.Sim
		if e.name == scenario.Node {
			onNode = true
			nodes = append(nodes, e.desc)
		}
	}
	slices.Sort(nodes)
	if f.node != "" && !onNode {
		fmt.Fprintf(stderr, "%s: warning: --node has no effect: no cell runs on engine node (use --engine node)\n", j.s.Name)
	}
	slices.Sort(names)
	engDesc := strings.Join(names, ", ")
	if err := os.MkdirAll(j.dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(j.dir, results.FileName)
	kept, err := j.previous(path, f.resume, engDesc)
	if err != nil {
		return nil, err
	}
	w, err := results.Create(path, !f.resume)
	if err != nil {
		return nil, err
	}
	par := f.parallel
	if par < 1 {
		par = runtime.GOMAXPROCS(0)
		if wall {
			par = 1 // wall-clock engines measure time: cells must not compete for the cores
		}
	}
	meta := j.meta(engDesc, strings.Join(nodes, ", "), par)
	if err := results.WriteMeta(j.dir, meta); err != nil {
		w.Close()
		return nil, err
	}
	skip := map[results.Key]bool{}
	for _, r := range kept {
		skip[r.Key()] = true
	}
	todo := len(j.cells) - len(skip)
	for _, w := range j.s.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "%s: %s on %s, %d at a time → %s\n", j.s.Name, j.describeCells(), engDesc, par, j.dir)
	}
	if len(skip) > 0 {
		fmt.Fprintf(stderr, "%s: resuming: %d cells already done, %d to run\n", j.s.Name, len(skip), todo)
	}
	prog := newProgress(stderr, f.quiet, j.s.Name, todo)
	var recs []results.Record
	_, runErr := runner.Run(ctx, j.cells, runner.Options{
		EngineFor: func(c *plan.Cell) (engine.Engine, string) {
			e := engines[keyOf(c.Config)]
			return e.eng, string(e.name)
		},
		Parallel: par,
		Skip:     skip,
		Emit: func(r *results.Record) error {
			recs = append(recs, *r)
			return w.Write(r)
		},
		Progress: prog.update,
	})
	prog.finish()
	if err := w.Close(); err != nil && runErr == nil {
		runErr = err
	}
	all := append(kept, recs...)
	if len(kept) > 0 && len(recs) > 0 {
		// A resumed run appended its cells after the earlier ones: put the
		// file back in plan order.
		all = sortByPlan(all, j.cells)
		if err := rewrite(path, all); err != nil && runErr == nil {
			runErr = err
		}
	}
	meta.Finished = time.Now().UTC()
	meta.Interrupted = runErr != nil
	if err := results.WriteMeta(j.dir, meta); err != nil && runErr == nil {
		runErr = err
	}
	// The report shows what was kept, after an interruption too.
	page := filepath.Join(j.dir, report.HTMLName)
	var repErr error
	if f.noReport {
		repErr = errors.New("no report (--no-report)")
	} else if repErr = report.Write(j.dir, meta, all); repErr != nil {
		fmt.Fprintf(stderr, "%s: %v\n", j.s.Name, repErr)
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			fmt.Fprintf(stderr, "%s: interrupted: %d of %d cells done, kept in %s; run again with --resume to finish\n",
				j.s.Name, len(all), len(j.cells), path)
			if repErr == nil {
				fmt.Fprintf(stderr, "%s: report of those in %s\n", j.s.Name, page)
			}
		}
		return nil, runErr
	}
	printSummary(stdout, j.s.Name, all)
	var problems []string
	failedCells := 0
	for _, r := range all {
		if r.Error != "" {
			failedCells++
			fmt.Fprintf(stderr, "%s/%s#%d: failed: %s\n", r.Scenario, r.Cell, r.Repeat, r.Error)
		}
	}
	if failedCells > 0 {
		problems = append(problems, fmt.Sprintf("%s: %d of %d cells failed", j.s.Name, failedCells, len(all)))
	}
	for _, w := range report.RecordWarnings(all) {
		fmt.Fprintf(stderr, "%s: warning: %s\n", j.s.Name, w)
	}
	verdicts := results.Check(meta.Thresholds, all)
	bad := results.Failed(verdicts)
	if len(verdicts) > 0 {
		printVerdicts(stdout, j.s.Name, verdicts, bad)
	}
	if len(bad) > 0 {
		problems = append(problems, fmt.Sprintf("%s: %d threshold checks failed", j.s.Name, len(bad)))
	}
	fmt.Fprintf(stdout, "%s: results in %s\n", j.s.Name, path)
	switch {
	case f.noReport:
	case repErr != nil:
		return problems, repErr
	default:
		fmt.Fprintf(stdout, "%s: report in %s\n", j.s.Name, page)
	}
	return problems, nil
}

// describeCells says how many cells the job runs: "36 cells (12 points x 3
// repeats)", or for a shard "18 cells of 36 (shard 0/2)".
func (j *runJob) describeCells() string {
	points := map[string]bool{}
	for _, c := range j.cells {
		points[c.Name] = true
	}
	if j.total > len(j.cells) {
		return fmt.Sprintf("%d cells of %d (shard %s, %d points)", len(j.cells), j.total, j.shard, len(points))
	}
	return fmt.Sprintf("%d cells (%d points x %d repeats)", len(j.cells), len(points), j.s.Repeat)
}

// cellEngine is an engine a job's cells run on.
type cellEngine struct {
	name scenario.Engine
	eng  engine.Engine
	desc string // for people: "sim", "node v22.23.3 (/path/to/node)"
}

// engines returns the engines the job's cells ask for (a scenario may
// sweep engine:), each made once.
func (j *runJob) engines() (map[engineKey]cellEngine, error) {
	out := map[engineKey]cellEngine{}
	for _, c := range j.cells {
		k := keyOf(c.Config)
		if _, ok := out[k]; ok {
			continue
		}
		e, desc, err := newEngine(c.Config)
		if err != nil {
			return nil, err
		}
		out[k] = cellEngine{name: c.Config.Engine, eng: e, desc: desc}
	}
	return out, nil
}

// engineKey tells engines apart: the engine, and for node which Node (a
// scenario may sweep node: too).
type engineKey struct {
	engine scenario.Engine
	node   string
}

func keyOf(s *scenario.Scenario) engineKey {
	k := engineKey{engine: s.Engine}
	if s.Engine == scenario.Node {
		k.node = s.Node
	}
	return k
}

// previous returns the records of an earlier run to keep: with resume, those
// of this scenario's cells with the same seed; without, none.
func (j *runJob) previous(path string, resume bool, engDesc string) ([]results.Record, error) {
	if !resume {
		return nil, nil
	}
	recs, warns, err := results.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--resume: %w", err)
	}
	refuse := func(why string) error {
		return usageError{fmt.Errorf("--resume: %s was written %s; run without --resume to start over (or with another -o)", path, why)}
	}
	if m, err := results.ReadMeta(j.dir); err == nil {
		if m.SHA256 != hashOf(j.s.Source) {
			return nil, refuse("for another version of " + j.s.File)
		}
		if m.Engine != engDesc {
			return nil, refuse(fmt.Sprintf("on %s, not %s", m.Engine, engDesc))
		}
	}
	type want struct {
		seed   uint64
		engine string
	}
	plan := map[results.Key]want{}
	for _, c := range j.cells {
		plan[results.Key{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat}] = want{c.Seed, string(c.Config.Engine)}
	}
	var kept []results.Record
	seen := map[results.Key]bool{}
	for _, r := range recs {
		k := r.Key()
		w, ok := plan[k]
		switch {
		case !ok:
			return nil, refuse(fmt.Sprintf("with cell %s#%d, which this run does not have (other --repeat or --shard?)", r.Cell, r.Repeat))
		case w.seed != r.Seed:
			return nil, refuse("with another seed (--seed?)")
		case w.engine != r.Engine:
			return nil, refuse(fmt.Sprintf("with cell %s on %s, not %s (--engine?)", r.Cell, r.Engine, w.engine))
		}
		if r.Error == "" && !seen[k] {
			seen[k] = true
			kept = append(kept, r)
		}
	}
	if len(warns) > 0 || len(kept) != len(recs) {
		// Drop the cut-short line and the failed cells, to run them again.
		if err := rewrite(path, kept); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

func (j *runJob) meta(engDesc, nodeDesc string, par int) *results.Meta {
	s := j.s
	m := &results.Meta{
		Scenario:    s.Name,
		File:        s.File,
		Description: s.Description,
		Source:      string(s.Source),
		SHA256:      hashOf(s.Source),
		Engine:      engDesc,
		Profile:     s.Profile.Name,
		Strategy:    string(s.Strategy),
		Seed:        s.Seed,
		Repeat:      s.Repeat,
		Cells:       len(j.cells),
		Env:         environment(),
		Started:     time.Now().UTC(),
		Parallel:    par,
		ObjectMode:  s.Producer.ObjectMode,
	}
	for _, c := range j.cells {
		if c.Config.Engine == scenario.Node {
			m.Node = nodeDesc
			break
		}
	}
	keys := plan.Keys(s.Sweep)
	for _, sw := range s.Sweep {
		a := results.Axis{Path: sw.Path, Key: keys[sw.Path]}
		for _, v := range sw.Values {
			a.Values = append(a.Values, v.Text)
		}
		m.Sweep = append(m.Sweep, a)
	}
	for _, t := range s.Thresholds {
		m.Thresholds = append(m.Thresholds, results.Threshold{Metric: t.Metric, Op: t.Op, Value: t.Value, Text: t.Text})
	}
	m.HighWaterMarks = map[string]int64{}
	for _, c := range j.cells {
		m.HighWaterMarks[c.Name] = c.Config.Producer.HighWaterMark.Value
	}
	return m
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sortByPlan orders records as the plan orders their cells.
func sortByPlan(recs []results.Record, cells []plan.Cell) []results.Record {
	pos := map[results.Key]int{}
	for i, c := range cells {
		pos[results.Key{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat}] = i
	}
	out := make([]results.Record, len(cells))
	has := make([]bool, len(cells))
	for _, r := range recs {
		if i, ok := pos[r.Key()]; ok {
			out[i], has[i] = r, true
		}
	}
	var sorted []results.Record
	for i := range out {
		if has[i] {
			sorted = append(sorted, out[i])
		}
	}
	return sorted
}

// rewrite replaces path with recs, atomically.
func rewrite(path string, recs []results.Record) error {
	tmp := path + ".tmp"
	w, err := results.Create(tmp, true)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			w.Close()
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// summaryMetrics are the columns of the summary table.
var summaryMetrics = []struct{ name, unit string }{
	{"throughput", "B/s"},
	{"buffered.peak", "B"},
	{"buffered.mean", "B"},
	{"latency.p99", "s"},
	{"producer.stalled", ""},
}

// printSummary prints one line per sweep point: the mean of the main
// metrics over its repeats.
func printSummary(w io.Writer, name string, recs []results.Record) {
	type acc struct {
		n     int
		sum   []float64
		bad   int
		guard int
	}
	var order []string
	by := map[string]*acc{}
	for _, r := range recs {
		a := by[r.Cell]
		if a == nil {
			a = &acc{sum: make([]float64, len(summaryMetrics))}
			by[r.Cell] = a
			order = append(order, r.Cell)
		}
		if r.Error != "" {
			a.bad++
			continue
		}
		a.n++
		if r.Result.GuardExceeded {
			a.guard++
		}
		for i, m := range summaryMetrics {
			v, _ := r.Result.Metrics.Get(m.name)
			a.sum[i] += v
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t", name)
	for _, m := range summaryMetrics {
		fmt.Fprintf(tw, "%s\t", m.name)
	}
	fmt.Fprintln(tw, "runs\t")
	for _, cell := range order {
		a := by[cell]
		fmt.Fprintf(tw, "%s\t", cell)
		for i, m := range summaryMetrics {
			if a.n == 0 {
				fmt.Fprint(tw, "-\t")
				continue
			}
			fmt.Fprintf(tw, "%s\t", formatValue(a.sum[i]/float64(a.n), m.unit))
		}
		runs := strconv.Itoa(a.n)
		if a.bad > 0 {
			runs += fmt.Sprintf(" (%d failed)", a.bad)
		}
		if a.guard > 0 {
			runs += fmt.Sprintf(" (%d hit guard)", a.guard)
		}
		fmt.Fprintf(tw, "%s\t\n", runs)
	}
	tw.Flush()
}

// printVerdicts prints the failed threshold checks, or a line saying all
// passed.
func printVerdicts(w io.Writer, name string, all, bad []results.Verdict) {
	if len(bad) == 0 {
		fmt.Fprintf(w, "%s: all %d threshold checks passed\n", name, len(all))
		return
	}
	fmt.Fprintf(w, "%s: %d of %d threshold checks FAILED:\n", name, len(bad), len(all))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "cell\tmetric\tcondition\tmeasured (mean)\t")
	for _, v := range bad {
		got := "not measured"
		if !v.Missing {
			got = formatMetric(v.Threshold.Metric, v.Value)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", v.Cell, v.Threshold.Metric, strings.TrimSpace(v.Threshold.Text), got)
	}
	tw.Flush()
}
