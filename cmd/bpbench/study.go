package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/nodedefaults"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/study"
)

const studyUsage = `Usage: bpbench study [-o DIR] [--quick] [--runtimes LIST] SCENARIO.yaml...
       bpbench study --page-only [-o DIR]
       bpbench study --predict-only [-o DIR]

Runs a study of 16KiB against 64KiB: records the machine, calibrates sim
on every installed runtime (DIR/calibration/<runtime>.json), runs every
scenario on the node engine into DIR/<scenario>/ (the normal report of
each), runs calibrated sim on the same cells where sim can run them
(DIR/predictions/<runtime>/<scenario>/), and writes the study page:
DIR/index.html and DIR/README.md with DIR/plots/, its findings computed
from the data (Welch's t-test over the repeats). A runtime that is not
installed is skipped with the command that installs it. --page-only
writes the page again from DIR/study.json and the results, running
nothing. --predict-only calibrates again every runtime DIR's study
measured (the same versions), runs calibrated sim's predictions again and
writes the page, keeping the node engine's measurements: minutes, where
the whole study takes half an hour or more.

Flags:
`

const studyExamples = `
Examples:
  bpbench study scenarios/study/*.yaml                  (make study)
  bpbench study --quick -o /tmp/study scenarios/study/*.yaml   (make study-quick)
  bpbench study --page-only -o reports/study
  bpbench study --predict-only -o reports/study
`

// studyRuntimes are the runtimes a study measures by default.
var studyRuntimes = []string{"20", "22", "24", "bun", "deno"}

func studyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", filepath.Join("reports", "study"), "write the study into `DIR`")
	quick := fs.Bool("quick", false, "a quick study that proves the pipeline: one repeat, every runtime at 1 pipeline and the first at 100, the smallest sweep of the rest; calibrations of one run, without the real parts")
	rts := fs.String("runtimes", strings.Join(studyRuntimes, ","), "the runtimes to measure, a comma-separated `LIST` (a scenario's other node: values are skipped)")
	pageOnly := fs.Bool("page-only", false, "write the page again from DIR's results, running nothing")
	predictOnly := fs.Bool("predict-only", false, "calibrate DIR's runtimes again and rerun only calibrated sim's predictions and the page, keeping the node engine's measurements")
	fs.Usage = func() {
		fmt.Fprint(stderr, studyUsage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, studyExamples)
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *pageOnly && *predictOnly {
		return usageError{errors.New("study: --page-only and --predict-only: choose one")}
	}
	if *pageOnly {
		if fs.NArg() > 0 {
			return usageError{errors.New("study: --page-only takes no scenario files")}
		}
		return writeStudyPage(*out, stdout)
	}
	if *predictOnly {
		if fs.NArg() > 0 {
			return usageError{errors.New("study: --predict-only takes no scenario files (it predicts the cells DIR/study.json lists)")}
		}
		return repredict(ctx, *out, stdout, stderr)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{errors.New("study: no scenario files")}
	}
	// Every file must parse before anything runs (minutes of calibration).
	if _, err := prepareRun(ctx, fs.Args(), &runFlags{out: *out}); err != nil {
		return err
	}
	st := &studyRun{out: *out, quick: *quick, stdout: stdout, stderr: stderr, start: time.Now()}
	st.man = study.Manifest{Machine: study.ReadMachine(st.start), Bpbench: environment().Bpbench, Quick: *quick}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	st.logf("machine: %s, %d cores, kernel %s, load %s", st.man.Machine.CPU, st.man.Machine.Cores, st.man.Machine.Kernel, st.man.Machine.LoadBefore)
	st.findRuntimes(ctx, strings.Split(*rts, ","))
	if err := st.calibrate(ctx); err != nil {
		return err
	}
	var problems []string
	for i, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := st.scenario(ctx, i, len(fs.Args()), path)
		if err != nil {
			return err
		}
		problems = append(problems, p...)
	}
	st.man.Machine.LoadAfter = study.LoadAvg()
	st.man.Machine.Finished = time.Now().UTC().Truncate(time.Second)
	if err := study.WriteManifest(*out, &st.man); err != nil {
		return err
	}
	st.logf("done: load %s before, %s after", st.man.Machine.LoadBefore, st.man.Machine.LoadAfter)
	if err := writeStudyPage(*out, stdout); err != nil {
		return err
	}
	if len(problems) > 0 {
		return failedError{"study: " + strings.Join(problems, "; ")}
	}
	return nil
}

// repredict is bpbench study --predict-only: the study in dir calibrated
// and predicted again, its measurements kept.
func repredict(ctx context.Context, dir string, stdout, stderr io.Writer) error {
	m, err := study.ReadManifest(dir)
	if err != nil {
		return err
	}
	st := &studyRun{out: dir, quick: m.Quick, stdout: stdout, stderr: stderr, start: time.Now(), man: *m, installed: map[string]bool{}}
	for i := range st.man.Runtimes {
		rt := &st.man.Runtimes[i]
		if rt.Missing != "" {
			continue
		}
		// The predictions are of the versions measured: a runtime
		// installed since in another version would predict other cells.
		b, err := nodeengine.Find(rt.Name)
		if err != nil {
			return fmt.Errorf("study: --predict-only: runtime %s (%s) measured in %s is not installed now: %w", rt.Name, rt.Version, dir, err)
		}
		if b.Name() != rt.Version {
			return fmt.Errorf("study: --predict-only: runtime %s is %s now, but %s measured %s: run the whole study again", rt.Name, b.Name(), dir, rt.Version)
		}
		st.installed[rt.Name] = true
		if st.first == "" {
			st.first = rt.Name
		}
		rt.Calibration, rt.CalibrationError = "", ""
	}
	st.logf("predicting %s again: load %s", dir, study.LoadAvg())
	if err := st.calibrate(ctx); err != nil {
		return err
	}
	for i := range st.man.Scenarios {
		if err := ctx.Err(); err != nil {
			return err
		}
		sr := &st.man.Scenarios[i]
		sr.Predictions, sr.NoPrediction = map[string]string{}, ""
		f := runFlags{out: st.out, keep: st.keep("")}
		jobs, err := prepareRun(ctx, []string{sr.File}, &f)
		if err != nil {
			return fmt.Errorf("study: --predict-only: %w", err)
		}
		if len(jobs[0].cells) == 0 {
			continue // none of its runtimes measured: nothing to predict
		}
		t0 := time.Now()
		st.predict(ctx, jobs[0], sr)
		st.logf("[%d/%d] %s: predicted in %s", i+1, len(st.man.Scenarios), sr.Name, time.Since(t0).Round(time.Second))
		if err := study.WriteManifest(st.out, &st.man); err != nil {
			return err
		}
	}
	if err := study.WriteManifest(st.out, &st.man); err != nil {
		return err
	}
	return writeStudyPage(dir, stdout)
}

// writeStudyPage loads the study in dir and writes its page.
func writeStudyPage(dir string, stdout io.Writer) error {
	s, err := study.Load(dir)
	if err != nil {
		return err
	}
	if err := study.Write(s); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "study: page in %s and %s\n", filepath.Join(dir, study.Page), filepath.Join(dir, study.Readme))
	return nil
}

// studyRun is one bpbench study in progress.
type studyRun struct {
	out            string
	quick          bool
	stdout, stderr io.Writer
	start          time.Time
	man            study.Manifest
	// installed are the runtimes found, by name.
	installed map[string]bool
	// first is the first installed runtime (the quick study's one at 100
	// pipelines).
	first string
}

// logf prints a progress line with the time since the study started.
func (st *studyRun) logf(format string, args ...any) {
	fmt.Fprintf(st.stderr, "study [%s]: %s\n", time.Since(st.start).Round(time.Second), fmt.Sprintf(format, args...))
}

// findRuntimes looks for each runtime; a missing one is skipped with the
// command that installs it.
func (st *studyRun) findRuntimes(ctx context.Context, names []string) {
	st.installed = map[string]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		rt := study.Runtime{Name: name}
		b, err := nodeengine.Find(name)
		if err != nil {
			install := "make nodes"
			if name == nodeengine.Bun || name == nodeengine.Deno {
				install = "make runtimes"
			}
			rt.Missing = "not installed (" + install + ")"
			st.logf("skipping %s: %v; install it with %s", name, err, install)
		} else {
			rt.Version, rt.Path = b.Name(), b.Path
			if d, err := nodedefaults.Read(ctx, b.Path); err == nil {
				rt.Defaults = &d
			}
			st.installed[name] = true
			if st.first == "" {
				st.first = name
			}
			st.logf("runtime %s: %s", name, rt.Version)
		}
		st.man.Runtimes = append(st.man.Runtimes, rt)
	}
}

// calibrate runs bpbench calibrate on every installed runtime.
func (st *studyRun) calibrate(ctx context.Context) error {
	dir := filepath.Join(st.out, "calibration")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range st.man.Runtimes {
		rt := &st.man.Runtimes[i]
		if rt.Missing != "" {
			continue
		}
		rel := filepath.Join("calibration", rt.Name+".json")
		args := []string{"--node", rt.Name, "-o", filepath.Join(st.out, rel)}
		if st.quick {
			// A quick study proves the pipeline: calibrations of one run,
			// without the real parts (a real part's cells then get no
			// prediction, and say why).
			args = append(args, "--repeats", "1", "--parts=false")
		}
		st.logf("calibrating %s", rt.Version)
		if err := calibrateCmd(ctx, args, io.Discard, st.stderr); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			rt.CalibrationError = err.Error()
			st.logf("calibration of %s failed: %v (its cells get no prediction)", rt.Name, err)
			continue
		}
		rt.Calibration = rel
	}
	return study.WriteManifest(st.out, &st.man)
}

// keep is the filter of the study's cells: the installed runtimes and, in a
// quick study, its few points (every runtime at 1 pipeline, the first one
// also at more; of every other swept field the first value). rt, when set,
// keeps only that runtime's. It sees the cells in plan order: make a new
// one per plan.
func (st *studyRun) keep(rt string) func(*plan.Cell) bool {
	first := map[string]string{}
	return func(c *plan.Cell) bool {
		for _, q := range c.Point {
			if _, ok := first[q.Path]; !ok {
				first[q.Path] = q.Value // the first cell has every first value
			}
		}
		node := c.Config.Node
		n, swept := c.Point.Get("node")
		if swept {
			node = n.Value
			if !st.installed[node] {
				return false
			}
		}
		if rt != "" && node != rt {
			return false
		}
		if !st.quick {
			return true
		}
		if n, ok := c.Point.Get("pipelines"); ok && n.Value != "1" && node != st.first {
			return false
		}
		for _, q := range c.Point {
			switch q.Path {
			case "node", "pipelines", "highWaterMark", "stop.duration", "engine":
				continue
			}
			if q.Value != first[q.Path] {
				return false
			}
		}
		return true
	}
}

// scenario runs one scenario and then calibrated sim on its cells.
func (st *studyRun) scenario(ctx context.Context, i, n int, path string) ([]string, error) {
	f := runFlags{out: st.out, keep: st.keep(""), progressLines: true}
	if st.quick {
		f.repeat, f.repeatSet = 1, true
	}
	jobs, err := prepareRun(ctx, []string{path}, &f)
	if err != nil {
		return nil, err
	}
	j := jobs[0]
	sr := study.ScenarioRun{Name: j.s.Name, File: path, Predictions: map[string]string{}}
	for _, stg := range j.s.Stages {
		if stg.Kind != "" && stg.Kind != "model" {
			sr.Parts = append(sr.Parts, stg.Kind)
		}
	}
	for _, c := range j.s.Consumers {
		if c.Kind != "" && c.Kind != "model" {
			sr.Parts = append(sr.Parts, c.Kind)
		}
	}
	var problems []string
	if len(j.cells) == 0 {
		sr.Error = "no cell to run: none of its runtimes is installed"
		st.logf("[%d/%d] %s: skipped: %s", i+1, n, j.s.Name, sr.Error)
	} else {
		t0 := time.Now()
		st.logf("[%d/%d] %s: %d cells (at most; repeats stop early when steady)", i+1, n, j.s.Name, len(j.cells))
		p, err := j.execute(ctx, &f, st.stdout, st.stderr)
		if err == nil && len(p) > 0 && ctx.Err() == nil {
			// A cell that failed (a runtime's driver that died) is run
			// once more: --resume runs only the missing and failed cells.
			st.logf("[%d/%d] %s: %s; running the failed cells once more", i+1, n, j.s.Name, strings.Join(p, "; "))
			f.resume, f.keep = true, st.keep("")
			if jobs, err = prepareRun(ctx, []string{path}, &f); err != nil {
				return nil, err
			}
			p, err = jobs[0].execute(ctx, &f, st.stdout, st.stderr)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			sr.Error = err.Error()
			problems = append(problems, j.s.Name+": "+err.Error())
		}
		if len(p) > 0 {
			sr.Error = strings.Join(p, "; ")
			problems = append(problems, p...)
		}
		st.logf("[%d/%d] %s: measured in %s", i+1, n, j.s.Name, time.Since(t0).Round(time.Second))
		st.predict(ctx, j, &sr)
	}
	st.man.Scenarios = append(st.man.Scenarios, sr)
	return problems, study.WriteManifest(st.out, &st.man)
}

// predict runs calibrated sim on the scenario's cells, per runtime with its
// own calibration, where sim can run them; otherwise it says why not.
func (st *studyRun) predict(ctx context.Context, j *runJob, sr *study.ScenarioRun) {
	for _, sw := range j.s.Sweep {
		if sw.Path == "engine" {
			return // the scenario runs sim beside node itself
		}
	}
	var reasons []string
	for _, rt := range st.man.Runtimes {
		if rt.Missing != "" {
			continue
		}
		if rt.Calibration == "" {
			reasons = append(reasons, rt.Name+": no calibration")
			continue
		}
		out := filepath.Join(st.out, "predictions", rt.Name)
		// One repeat a point: calibrated sim is deterministic, and the
		// study's fixed-size cells draw the same at every seed; the
		// measurement's repeats were for the machine's noise.
		f := runFlags{out: out, engine: "sim", calibration: filepath.Join(st.out, rt.Calibration), keep: st.keep(rt.Name), quiet: true, noReport: true, repeat: 1, repeatSet: true}
		if st.quick {
			f.repeat, f.repeatSet = 1, true
		}
		jobs, err := prepareRun(ctx, []string{sr.File}, &f)
		if err != nil {
			sr.NoPrediction = "sim cannot run it yet: " + firstLine(err.Error())
			st.logf("%s: no prediction: %s", sr.Name, sr.NoPrediction)
			return
		}
		if len(jobs[0].cells) == 0 {
			continue
		}
		if _, err := jobs[0].execute(ctx, &f, io.Discard, io.Discard); err != nil {
			reasons = append(reasons, rt.Name+": "+firstLine(err.Error()))
			continue
		}
		sr.Predictions[rt.Name] = filepath.Join("predictions", rt.Name, sr.Name)
	}
	if len(sr.Predictions) == 0 && len(reasons) > 0 {
		sr.NoPrediction = strings.Join(reasons, "; ")
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
