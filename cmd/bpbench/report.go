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

	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/safepath"
	"github.com/bpbench/bpbench/internal/safetext"
)

const reportUsage = `Usage: bpbench report [-o DIR] RESULTS.jsonl|DIR...

Renders the report of finished runs again from their results alone,
without running anything: for each results.jsonl (or folder holding one),
with the run.json beside it, writes results.csv, summary.csv, bench.txt,
plots/, index.html and index.md. Without -o the report is written beside
the results; with -o, into DIR/<scenario>/ (as bpbench run -o does), with
a copy of results.jsonl and run.json so that the folder stands alone.
Several result files of one scenario (the shards of a run made with
--shard, or parts of it) are merged into DIR/<scenario>/ with -o: each
cell once, in plan order. A missing file or a broken line exits 2.

Flags:
`

const reportExamples = `
Examples:
  bpbench report reports/quickstart
  bpbench report -o /tmp/site reports/*/results.jsonl
  bpbench report -o merged shard0/quickstart shard1/quickstart
  benchstat old/quickstart/bench.txt reports/quickstart/bench.txt
`

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("report", flag.ContinueOnError)
	fset.SetOutput(stderr)
	out := fset.String("o", "", "write each report to `DIR`/<scenario name>/ instead of beside its results")
	fset.Usage = func() {
		fmt.Fprint(stderr, reportUsage)
		fset.PrintDefaults()
		fmt.Fprint(stderr, reportExamples)
	}
	// Flags may follow the files: bpbench report reports/x -o site.
	var inputs []string
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return usageError{err}
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
		r, err := loadRun(in, stderr)
		if err != nil {
			return err
		}
		loaded = append(loaded, r)
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
		if len(runs) == 1 {
			if err := reportOne(runs[0], *out, stdout); err != nil {
				return err
			}
			continue
		}
		if *out == "" {
			return usageError{fmt.Errorf("report: %d result files of scenario %s: give -o DIR to merge them into DIR/%s", len(runs), name, name)}
		}
		if err := reportMerged(runs, *out, stdout); err != nil {
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
	if err := report.WriteWith(dir, r.meta, r.recs, report.Options{Warnings: r.warns}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: report in %s\n", r.name, safetext.Line(filepath.Join(dir, report.HTMLName)))
	return nil
}

// reportMerged joins the result files of one scenario (the shards of a run,
// or runs that each finished part of it) into out/<scenario>/: their
// records in plan order, each cell once, and one run.json.
func reportMerged(runs []*loadedRun, out string, stdout io.Writer) error {
	name := runs[0].name
	var meta *results.Meta
	for _, r := range runs {
		if r.meta == nil {
			continue
		}
		if meta == nil {
			m := *r.meta
			meta = &m
			continue
		}
		if r.meta.SHA256 != meta.SHA256 || r.meta.Seed != meta.Seed || r.meta.Engine != meta.Engine {
			return usageError{fmt.Errorf("report: %s and %s are runs of different versions, seeds or engines of %s: they do not merge", runs[0].path, r.path, name)}
		}
		if r.meta.Started.Before(meta.Started) {
			meta.Started = r.meta.Started
		}
		if r.meta.Finished.After(meta.Finished) {
			meta.Finished = r.meta.Finished
		}
		meta.Interrupted = meta.Interrupted || r.meta.Interrupted
		meta.Status = worseStatus(meta.Status, r.meta.Status)
	}
	var recs []results.Record
	var warns []string
	seen := map[results.Key]bool{}
	for _, r := range runs {
		warns = append(warns, r.warns...)
		for _, rec := range r.recs {
			if !seen[rec.Key()] {
				seen[rec.Key()] = true
				recs = append(recs, rec)
			}
		}
	}
	slices.SortStableFunc(recs, func(a, b results.Record) int { return a.Index - b.Index })
	if meta != nil && len(recs) < meta.Cells {
		warns = append(warns, fmt.Sprintf("the merged results hold %d of the plan's %d cells", len(recs), meta.Cells))
	}
	dir, err := safepath.Join(out, name)
	if err != nil {
		return usageError{fmt.Errorf("report: %w", err)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := rewrite(filepath.Join(dir, results.FileName), recs); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if meta != nil {
		if err := results.WriteMeta(dir, meta); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := report.WriteWith(dir, meta, recs, report.Options{Warnings: warns}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d result files merged (%d cells); report in %s\n", name, len(runs), len(recs), filepath.Join(dir, report.HTMLName))
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

// worseStatus returns the end status of a merge of two runs' results: the
// one further from finished.
func worseStatus(a, b string) string {
	rank := map[string]int{results.StatusFinished: 0, results.StatusInterrupted: 1, results.StatusRunning: 2, results.StatusFailed: 3, results.StatusKilled: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
