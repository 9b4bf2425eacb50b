package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/runner"
	"github.com/bpbench/bpbench/internal/safetext"
	"github.com/bpbench/bpbench/internal/scenario"
)

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
	// One writer per run folder: a second run into it refuses (exit 2)
	// before it touches results.jsonl or run.json.
	unlock, err := results.Lock(j.dir)
	if err != nil {
		if errors.Is(err, results.ErrLocked) {
			return nil, usageError{fmt.Errorf("%s: %w", j.s.Name, err)}
		}
		return nil, err
	}
	defer unlock()
	path := filepath.Join(j.dir, results.FileName)
	kept, err := j.previous(f.resume, engDesc)
	if err != nil {
		return nil, err
	}
	w, err := results.Create(path, !f.resume)
	if err != nil {
		return nil, err
	}
	par := runner.DefaultParallel(f.parallel, wall)
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
		fmt.Fprintln(stderr, "warning:", safetext.Block(fmt.Sprint(w)))
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "%s: %s on %s, %d at a time → %s\n", j.s.Name, j.describeCells(), engDesc, par, j.dir)
	}
	if len(skip) > 0 {
		fmt.Fprintf(stderr, "%s: resuming: %d cells already done, %d to run\n", j.s.Name, len(skip), todo)
	}
	// A wall-clock engine's first run is not like the others (cold caches,
	// a JIT not warm yet): each one's first cell runs once more, first,
	// and is thrown away.
	var warm []*plan.Cell
	warmed := map[engineKey]bool{}
	for i := range j.cells {
		c := &j.cells[i]
		k := j.keyOf(c.Config)
		if k.engine != scenario.Sim && !warmed[k] && !skip[results.Key{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat}] {
			warmed[k] = true
			warm = append(warm, c)
		}
	}
	if len(warm) > 0 && !f.quiet {
		fmt.Fprintf(stderr, "%s: warm-up: %d cell(s) run first and discarded (one per wall-clock engine)\n", j.s.Name, len(warm))
	}
	prog := newProgress(stderr, f.quiet, f.progressLines, j.s.Name, todo)
	var recs []results.Record
	_, runErr := runner.Run(ctx, j.cells, runner.Options{
		EngineFor: func(c *plan.Cell) (engine.Engine, string) {
			e := engines[j.keyOf(c.Config)]
			return e.eng, string(e.name)
		},
		Parallel: par,
		Skip:     skip,
		Done:     kept,
		WarmUp:   warm,
		Until:    runner.Until{CV: j.s.RepeatUntil.CV, Min: j.s.RepeatUntil.Min},
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
	if sorted := results.SortByPlan(all, j.planned()); !sameKeys(sorted, all) {
		// The wall-clock cells ran (and were written) round by round, and a
		// resumed run appended its cells after the earlier ones: put the
		// file back in plan order, after an interruption too.
		all = sorted
		if err := results.Rewrite(path, all); err != nil && runErr == nil {
			runErr = err
		}
	}
	meta.Finished = time.Now().UTC()
	meta.Interrupted = runErr != nil
	meta.Status = results.EndStatus(runErr)
	if err := results.WriteMeta(j.dir, meta); err != nil && runErr == nil {
		runErr = err
	}
	// The report shows what was kept, after an interruption too.
	page := filepath.Join(j.dir, report.HTMLName)
	var repErr error
	if f.noReport {
		repErr = errors.New("no report (--no-report)")
	} else if repErr = report.WriteWith(j.dir, meta, all, report.Options{By: "bpbench run"}); repErr != nil {
		fmt.Fprintf(stderr, "%s: %s\n", j.s.Name, safetext.Block(repErr.Error()))
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
	report.WriteTable(stdout, j.s.Name, all)
	var problems []string
	failedCells := 0
	for _, r := range all {
		if r.Error != "" {
			failedCells++
			fmt.Fprintf(stderr, "%s/%s#%d: failed: %s\n", r.Scenario, r.Cell, r.Repeat, safetext.Block(r.Error))
		}
	}
	if failedCells > 0 {
		problems = append(problems, fmt.Sprintf("%s: %d of %d cells failed", j.s.Name, failedCells, len(all)))
	}
	for _, w := range report.RecordWarnings(all) {
		fmt.Fprintf(stderr, "%s: warning: %s\n", j.s.Name, safetext.Block(w))
	}
	verdicts := results.Check(meta.Thresholds, all)
	bad := results.Failed(verdicts)
	if len(verdicts) > 0 {
		report.WriteVerdicts(stdout, j.s.Name, verdicts, bad)
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
	if j.shard != nil {
		return fmt.Sprintf("%d cells of %d (shard %d/%d, %d points; %s)", len(j.cells), j.total, j.shard.Index, j.shard.Count, len(points), j.shard.From)
	}
	if u := j.s.RepeatUntil; u.CV > 0 {
		return fmt.Sprintf("up to %d cells (%d points x %d repeats, fewer once a point's throughput varies by %g%% or less after %d)",
			len(j.cells), len(points), j.s.Repeat, 100*u.CV, u.Min)
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
	for i, c := range j.cells {
		k := j.keyOf(c.Config)
		if _, ok := out[k]; ok {
			continue
		}
		e, desc, err := newEngine(c.Config, j.cellCal[i])
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
	timing scenario.Timing
}

func (j *runJob) keyOf(s *scenario.Scenario) engineKey {
	k := engineKey{engine: s.Engine}
	switch {
	case s.Engine == scenario.Node:
		k.node, k.timing = s.Node, s.Timing
	case len(j.cals) > 1:
		k.node = s.Node // sim: the node: picks the calibration
	}
	return k
}

// previous returns the records of an earlier run to keep: with resume, those
// of this scenario's cells with the same seed; without, none.
func (j *runJob) previous(resume bool, engDesc string) ([]results.Record, error) {
	if !resume {
		return nil, nil
	}
	kept, err := results.Resume(j.dir, results.Want{File: j.s.File, SHA256: results.SHA256(j.s.Source), Engine: engDesc, Cells: j.planned()})
	if errors.Is(err, results.ErrResumeMismatch) {
		return nil, usageError{err}
	}
	return kept, err
}

// planned lists the job's cells for results.Resume and SortByPlan.
func (j *runJob) planned() []results.Planned {
	out := make([]results.Planned, len(j.cells))
	for i, c := range j.cells {
		out[i] = results.Planned{Key: results.Key{Scenario: c.Scenario, Cell: c.Name, Repeat: c.Repeat}, Seed: c.Seed, Engine: string(c.Config.Engine)}
	}
	return out
}

// meta is the job's run.json at its start (plan.Meta, with what only the
// run knows).
func (j *runJob) meta(engDesc, nodeDesc string, par int) *results.Meta {
	m := plan.Meta(j.s, j.cells)
	m.Engine = engDesc
	m.Env = environment()
	m.Started = time.Now().UTC()
	m.Status = results.StatusRunning
	m.Parallel = par
	m.Shard = j.shard
	used := map[*loadedCalibration]bool{}
	for _, c := range j.cellCal {
		if c != nil && !used[c] {
			used[c] = true
			if m.Calibration == nil {
				m.Calibration = c.meta
			} else {
				m.Calibrations = append(m.Calibrations, c.meta)
			}
		}
	}
	for _, c := range j.cells {
		if c.Config.Engine == scenario.Node {
			m.Node = nodeDesc
		}
	}
	return m
}

// sameKeys reports whether a and b hold the same cells in the same order.
func sameKeys(a, b []results.Record) bool {
	return slices.EqualFunc(a, b, func(x, y results.Record) bool { return x.Key() == y.Key() })
}
