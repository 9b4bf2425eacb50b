package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/bpbench/bpbench/internal/merge"
	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/safepath"
	"github.com/bpbench/bpbench/internal/safetext"
)

const reportUsage = `Usage: bpbench report [-o DIR] [--allow-missing] RESULTS.jsonl|DIR...

Renders the report of finished runs again from their results alone,
without running anything: for each results.jsonl (or folder holding one),
with the run.json beside it, writes results.csv, summary.csv, bench.txt,
plots/, index.html and index.md. Without -o the report is written beside
the results; with -o, into DIR/<scenario>/ (as bpbench run -o does), with
a copy of results.jsonl and run.json so that the folder stands alone. A
DIR may also be a run's -o folder: each scenario folder in it is read.

Several result files of one scenario (the shards of a run made with
--shard) are merged into DIR/<scenario>/ with -o, in plan order. The merge
refuses (exit 2) parts of different runs (scenario text, seed, repeat,
engine or bpbench version), two parts with the same cell, and cells
missing from the plan, naming them; --allow-missing renders a partial
report that says what is missing. The merged run.json lists every part
with the machine it ran on. A missing file or a broken line exits 2.

Flags:
`

const reportExamples = `
Examples:
  bpbench report reports/quickstart
  bpbench report -o /tmp/site reports/*/results.jsonl
  bpbench report -o merged shard0/quickstart shard1/quickstart
  bpbench report -o merged out/shard-*
  benchstat old/quickstart/bench.txt reports/quickstart/bench.txt
`

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("report", flag.ContinueOnError)
	fset.SetOutput(stderr)
	out := fset.String("o", "", "write each report to `DIR`/<scenario name>/ instead of beside its results")
	allowMissing := fset.Bool("allow-missing", false, "merge shards even when cells of the plan are missing; the report names them")
	fset.Usage = func() {
		fmt.Fprint(stderr, reportUsage)
		fset.PrintDefaults()
		fmt.Fprint(stderr, reportExamples)
	}
	// Flags may follow the files: bpbench report reports/x -o site.
	var inputs []string
	for {
		if help, err := parseFlags(fset, args); help || err != nil {
			return err
		}
		if fset.NArg() == 0 {
			break
		}
		inputs = append(inputs, fset.Arg(0))
		args = fset.Args()[1:]
	}
	if len(inputs) == 0 {
		fset.Usage()
		return usageError{errors.New("report: no result files")}
	}
	var loaded []*loadedRun
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		rs, err := loadRuns(in, stderr)
		if err != nil {
			return err
		}
		loaded = append(loaded, rs...)
	}
	// Results of one scenario given more than once (the shards of a run)
	// are merged into one report.
	var order []string
	byName := map[string][]*loadedRun{}
	for _, r := range loaded {
		if _, ok := byName[r.name]; !ok {
			order = append(order, r.name)
		}
		byName[r.name] = append(byName[r.name], r)
	}
	for _, name := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		runs := byName[name]
		// One shard alone with -o is a merge too: it says what is missing.
		if len(runs) == 1 && (*out == "" || runs[0].meta == nil || runs[0].meta.Shard == nil) {
			if err := reportOne(runs[0], *out, stdout); err != nil {
				return err
			}
			continue
		}
		if *out == "" {
			return usageError{fmt.Errorf("report: %d result files of scenario %s: give -o DIR to merge them into DIR/%s", len(runs), name, name)}
		}
		if err := reportMerged(runs, *out, *allowMissing, stdout); err != nil {
			return err
		}
	}
	return nil
}

// loadedRun is one result file, read.
type loadedRun struct {
	path, srcDir string
	recs         []results.Record
	meta         *results.Meta // nil without run.json
	warns        []string
	name         string // the scenario's name
}

// loadRuns reads a result file, a folder holding one, or a run's -o folder
// holding a folder per scenario.
func loadRuns(in string, stderr io.Writer) ([]*loadedRun, error) {
	if st, err := os.Stat(in); err == nil && st.IsDir() {
		if _, err := os.Stat(filepath.Join(in, results.FileName)); errors.Is(err, fs.ErrNotExist) {
			subs, _ := filepath.Glob(filepath.Join(in, "*", results.FileName))
			var out []*loadedRun
			for _, p := range subs {
				r, err := loadRun(filepath.Dir(p), stderr)
				if err != nil {
					return nil, err
				}
				out = append(out, r)
			}
			if len(out) > 0 {
				return out, nil
			}
		}
	}
	r, err := loadRun(in, stderr)
	if err != nil {
		return nil, err
	}
	return []*loadedRun{r}, nil
}

// loadRun reads a result file or a folder holding one, with its run.json.
func loadRun(in string, stderr io.Writer) (*loadedRun, error) {
	path := in
	if st, err := os.Stat(in); err == nil && st.IsDir() {
		path = filepath.Join(in, results.FileName)
	}
	recs, warns, err := results.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("report: %w", err)}
	}
	// A run killed before its end leaves its wall-clock cells in the order
	// they ran, round by round: read them in plan order.
	slices.SortStableFunc(recs, func(a, b results.Record) int { return a.Index - b.Index })
	r := &loadedRun{path: path, srcDir: filepath.Dir(path), recs: recs, warns: warns}
	r.meta, err = results.ReadMeta(r.srcDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.meta = nil // Write says what is missing on the page
		fmt.Fprintf(stderr, "bpbench: warning: %s: no %s beside it: the report lacks the scenario and environment\n", safetext.Line(path), results.MetaName)
	case err != nil:
		return nil, usageError{fmt.Errorf("report: %w", err)}
	}
	for _, w := range warns {
		fmt.Fprintln(stderr, "bpbench: warning:", safetext.Block(w))
	}
	if r.meta != nil && r.meta.Status == results.StatusKilled {
		fmt.Fprintf(stderr, "bpbench: warning: %s: the run was killed before it recorded its end: %d of %d cells finished; run it again with --resume to finish\n", safetext.Line(r.srcDir), len(recs), r.meta.Cells)
	}
	r.name = scenarioName(r.meta, recs, "")
	if r.name == "" {
		return nil, usageError{fmt.Errorf("report: %s: no scenario name (no %s and no records)", path, results.MetaName)}
	}
	// The name becomes a folder with -o: bpbench run writes only plain
	// names, so another is a damaged or hostile file.
	if err := safepath.Check(r.name); err != nil {
		return nil, usageError{fmt.Errorf("report: %s: scenario %w", path, err)}
	}
	for i := range recs {
		if recs[i].Scenario != r.name {
			return nil, usageError{fmt.Errorf("report: %s: records of scenarios %q and %q: one result file holds one scenario", path, r.name, recs[i].Scenario)}
		}
	}
	return r, nil
}

// reportOne renders the report of one result file.
func reportOne(r *loadedRun, out string, stdout io.Writer) error {
	dir := r.srcDir
	if out != "" {
		var err error
		if dir, err = safepath.Join(out, r.name); err != nil {
			return usageError{fmt.Errorf("report: %w", err)}
		}
		if err := copyInputs(r.path, r.srcDir, dir, r.meta != nil); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := report.WriteWith(dir, r.meta, r.recs, report.Options{Warnings: r.warns, By: "bpbench report"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: report in %s\n", r.name, safetext.Line(filepath.Join(dir, report.HTMLName)))
	return nil
}

// reportMerged joins the result files of one scenario (the shards of a
// run) into out/<scenario>/: their records in plan order and one run.json
// listing the shards, after internal/merge's checks.
func reportMerged(runs []*loadedRun, out string, allowMissing bool, stdout io.Writer) error {
	name := runs[0].name
	in := make([]merge.Input, len(runs))
	for i, r := range runs {
		in[i] = merge.Input{Path: r.srcDir, Meta: r.meta, Records: r.recs, Warnings: r.warns}
	}
	m, err := merge.Merge(in, merge.Options{AllowMissing: allowMissing})
	if err != nil {
		return usageError{fmt.Errorf("report: %w", err)}
	}
	dir, err := safepath.Join(out, name)
	if err != nil {
		return usageError{fmt.Errorf("report: %w", err)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := results.Rewrite(filepath.Join(dir, results.FileName), m.Records); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := results.WriteMeta(dir, m.Meta); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := report.WriteWith(dir, m.Meta, m.Records, report.Options{Warnings: m.Warnings, By: "bpbench report"}); err != nil {
		return err
	}
	partial := ""
	if m.MissingCount > 0 {
		partial = fmt.Sprintf(", %d missing", m.MissingCount)
	}
	fmt.Fprintf(stdout, "%s: %d result files merged (%d cells%s); report in %s\n", name, len(runs), len(m.Records), partial, filepath.Join(dir, report.HTMLName))
	return nil
}

// copyInputs copies the result file (and run.json) into dir, unless dir is
// where they are.
func copyInputs(path, srcDir, dir string, hasMeta bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a, errA := filepath.Abs(srcDir)
	b, errB := filepath.Abs(dir)
	if errA == nil && errB == nil && a == b {
		return nil
	}
	files := [][2]string{{path, filepath.Join(dir, results.FileName)}}
	if hasMeta {
		files = append(files, [2]string{filepath.Join(srcDir, results.MetaName), filepath.Join(dir, results.MetaName)})
	}
	for _, f := range files {
		data, err := os.ReadFile(f[0])
		if err != nil {
			return err
		}
		if err := os.WriteFile(f[1], data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// scenarioName names a report in messages.
func scenarioName(meta *results.Meta, recs []results.Record, path string) string {
	switch {
	case meta != nil && meta.Scenario != "":
		return meta.Scenario
	case len(recs) > 0:
		return recs[0].Scenario
	}
	return path
}
