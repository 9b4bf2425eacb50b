package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/safepath"
	"github.com/bpbench/bpbench/internal/scenario"
	"github.com/bpbench/bpbench/internal/shard"
	"github.com/bpbench/bpbench/internal/stream"
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
  bpbench run --shard auto -o out/shard-$SLURM_ARRAY_TASK_ID scenarios/upload.yaml
`

// runFlags are the flags of bpbench run.
type runFlags struct {
	out      string
	parallel int
	engine   string
	node     string
	timing   string
	repeat   int
	seed     string
	quiet    bool
	resume   bool
	shard    string
	noReport bool
	// calibration is --calibration: a calibration file for sim.
	calibration string
	// repeatSet reports that --repeat was given (0 is then an error, not
	// the scenario's repeat).
	repeatSet bool
	// keep, when set, keeps only the planned cells it accepts (bpbench
	// study: the installed runtimes, the quick study's points).
	keep func(*plan.Cell) bool
	// progressLines prints progress as lines where there is no terminal
	// for the bar (bpbench study).
	progressLines bool
}

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.out, "o", "reports", "write each scenario's results to `DIR`/<scenario name>/")
	fs.IntVar(&f.parallel, "parallel", 0, "run `N` cells at once (default: the number of cores for sim, 1 for realtime and node)")
	fs.StringVar(&f.engine, "engine", "", "run on `ENGINE` (sim, realtime or node) instead of the scenario's")
	fs.StringVar(&f.node, "node", "", "for the node engine: a Node.js `VERSION` (20, 22, 24), bun, deno, or a path, instead of the scenario's")
	fs.StringVar(&f.timing, "timing", "", "for the node engine: `wall` (measure in real time, the default) or ideal (the model's clock: sim's numbers)")
	fs.IntVar(&f.repeat, "repeat", 0, "run every sweep point `N` times instead of the scenario's repeat")
	fs.StringVar(&f.seed, "seed", "", "use `SEED` instead of the scenario's seed")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar (it is shown only when stderr is a terminal)")
	fs.BoolVar(&f.resume, "resume", false, "keep the cells an earlier run of the same scenario finished and run only the others")
	fs.BoolVar(&f.noReport, "no-report", false, "write results only; render them later with bpbench report")
	fs.StringVar(&f.calibration, "calibration", "", "for the sim engine: pay Node's event-loop costs from calibration `FILE`s (bpbench calibrate; comma-separated, one per runtime: a sim cell uses its node:'s), instead of the scenario's calibration")
	fs.StringVar(&f.shard, "shard", "", "run only shard `I/N` of the cells (0 <= I < N; balanced by expected time), or auto, auto/N: the shard a Slurm array, Kubernetes Indexed Job or CI matrix names in the environment (see README)")
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, runExamples)
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{errors.New("run: no scenario files")}
	}
	fs.Visit(func(fl *flag.Flag) { f.repeatSet = f.repeatSet || fl.Name == "repeat" })
	jobs, err := prepareRun(ctx, fs.Args(), &f)
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
	// total is the plan's size before sharding; shard is --shard's, nil
	// without it.
	total int
	shard *results.Shard
	// cals are the calibrations sim cells pay costs from (one per
	// runtime), nil for none; cellCal is each cell's (pickCalibrations).
	cals    []*loadedCalibration
	cellCal []*loadedCalibration
}

// prepareRun parses and plans every file before running any, so that a bad
// file is reported (with all its errors, and those of the other files)
// before minutes of work.
func prepareRun(ctx context.Context, paths []string, f *runFlags) ([]*runJob, error) {
	var errs []error
	var jobs []*runJob
	dirs := map[string]string{}
	var sh *shard.Spec
	if f.shard != "" {
		spec, err := shard.Parse(f.shard, os.LookupEnv)
		if err != nil {
			return nil, usageError{err}
		}
		sh = &spec
	}
	var seed *uint64
	if f.seed != "" {
		v, err := strconv.ParseUint(f.seed, 0, 64)
		if err != nil || v > 1<<53 {
			return nil, usageError{fmt.Errorf("--seed %q: want an integer from 0 to 2^53 (what JSON holds exactly)", f.seed)}
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
	if f.timing != "" && f.timing != string(scenario.Wall) && f.timing != string(scenario.Ideal) {
		return nil, usageError{fmt.Errorf("--timing %q: want wall or ideal", f.timing)}
	}
	for _, path := range paths {
		s, err := scenario.ParseFileContext(ctx, path)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// --calibration, --engine, --node and --timing are resolved as if
		// the file said them (node: 20 makes highWaterMark default Node
		// 20's; a calibration lets sim model real parts).
		var calFlag []string // --calibration's files as written
		if f.calibration != "" {
			var abs []string
			if calFlag, abs, err = calibrationFlag(f.calibration); err == nil {
				s, err = s.OverrideList("calibration", abs)
			}
		}
		for _, o := range [][2]string{{"engine", f.engine}, {"node", f.node}, {"timing", f.timing}} {
			if o[1] != "" && err == nil {
				s, err = s.Override(o[0], o[1])
			}
		}
		if err == nil {
			s, err = nodeProfile(s)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := s.CheckSweptOverride(map[string]string{"engine": f.engine, "node": f.node}); err != nil {
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
		if calFlag != nil {
			c.Calibration = calFlag // read, and named, as given
		}
		cals, err := readCalibrations(c.Calibration)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cells, err := plan.Expand(&c)
		if err == nil && f.keep != nil {
			// Before the checks: a cell left out needs no engine nor
			// calibration.
			cells = slices.DeleteFunc(cells, func(c plan.Cell) bool { return !f.keep(&c) })
		}
		if err == nil {
			plan.Override(cells, scenario.Engine(f.engine), f.node, scenario.Timing(f.timing))
			err = checkEngines(cells)
		}
		if err == nil {
			_, err = pickCalibrations(&c, cells, cals, f.calibration != "")
		}
		if err != nil {
			errs = append(errs, positioned(path, err))
			continue
		}
		total := len(cells)
		var part *results.Shard
		if sh != nil {
			cells, part = shard.Take(cells, *sh)
		}
		dir, err := safepath.Join(f.out, c.Name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: scenario %w", path, err))
			continue
		}
		if other, dup := dirs[dir]; dup {
			errs = append(errs, fmt.Errorf("%s: scenario name %q is also the name of %s; both would write %s", path, c.Name, other, dir))
			continue
		}
		dirs[dir] = path
		cellCal, _ := pickCalibrations(&c, cells, cals, f.calibration != "") // checked above on every cell
		jobs = append(jobs, &runJob{s: &c, cells: cells, dir: dir, total: total, shard: part, cals: cals, cellCal: cellCal})
	}
	if len(errs) > 0 {
		return nil, usageError{errors.Join(errs...)}
	}
	return jobs, nil
}

// nodeProfile makes `default` mean the running Node's default when the
// node engine runs the node on PATH or a path (node: 20 does it in the
// scenario package): the file sets no profile, so the profile is that
// Node's. A node that cannot be found is left for the engine to report.
func nodeProfile(s *scenario.Scenario) (*scenario.Scenario, error) {
	onNode := s.Engine == scenario.Node
	for _, sw := range s.Sweep {
		onNode = onNode || sw.Path == "engine"
		if sw.Path == "node" {
			return s, nil // each point's node: sets its own profile
		}
	}
	if _, err := strconv.Atoi(s.Node); err == nil || !onNode || s.Sets("profile") {
		return s, nil
	}
	b, err := nodeengine.Find(s.Node)
	if err != nil {
		return s, nil
	}
	p := fmt.Sprintf("node%d", nodeengine.Major(b.Version))
	if b.Runtime == nodeengine.Bun || b.Runtime == nodeengine.Deno {
		p = b.Runtime // a bun or deno named by its path
	}
	if _, ok := stream.ProfileByName(p); !ok {
		return s, nil
	}
	return s.Override("profile", p)
}

// checkEngines checks each cell's scenario against its engine, which
// --engine may have changed since parsing.
func checkEngines(cells []plan.Cell) error {
	for i := range cells {
		if err := cells[i].Config.CheckEngine(); err != nil {
			return err
		}
	}
	return nil
}

func knownEngine(name string) bool {
	switch scenario.Engine(name) {
	case scenario.Sim, scenario.Realtime, scenario.Node:
		return true
	}
	return false
}
