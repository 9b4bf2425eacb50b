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

	"github.com/bpbench/bpbench/internal/report"
	"github.com/bpbench/bpbench/internal/results"
)

const reportUsage = `Usage: bpbench report [-o DIR] RESULTS.jsonl|DIR...

Renders the report of finished runs again from their results alone,
without running anything: for each results.jsonl (or folder holding one),
with the run.json beside it, writes results.csv, summary.csv, bench.txt,
plots/, index.html and index.md. Without -o the report is written beside
the results; with -o, into DIR/<scenario>/ (as bpbench run -o does), with
a copy of results.jsonl and run.json so that the folder stands alone.
A missing file or a broken line exits 2.

Flags:
`

const reportExamples = `
Examples:
  bpbench report reports/quickstart
  bpbench report -o /tmp/site reports/*/results.jsonl
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
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := reportOne(in, *out, stdout, stderr); err != nil {
			return err
		}
	}
	return nil
}

// reportOne renders the report of one result file or folder.
func reportOne(in, out string, stdout, stderr io.Writer) error {
	path := in
	if st, err := os.Stat(in); err == nil && st.IsDir() {
		path = filepath.Join(in, results.FileName)
	}
	recs, warns, err := results.ReadFile(path)
	if err != nil {
		return usageError{fmt.Errorf("report: %w", err)}
	}
	srcDir := filepath.Dir(path)
	meta, err := results.ReadMeta(srcDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		meta = nil // Write says what is missing on the page
		fmt.Fprintf(stderr, "bpbench: warning: %s: no %s beside it: the report lacks the scenario and environment\n", path, results.MetaName)
	case err != nil:
		return usageError{fmt.Errorf("report: %w", err)}
	}
	for _, w := range warns {
		fmt.Fprintln(stderr, "bpbench: warning:", w)
	}
	dir := srcDir
	if out != "" {
		name := ""
		if meta != nil {
			name = meta.Scenario
		} else if len(recs) > 0 {
			name = recs[0].Scenario
		}
		if name == "" {
			return usageError{fmt.Errorf("report: %s: no scenario name (no %s and no records)", path, results.MetaName)}
		}
		dir = filepath.Join(out, name)
		if err := copyInputs(path, srcDir, dir, meta != nil); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := report.WriteWith(dir, meta, recs, report.Options{Warnings: warns}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: report in %s\n", scenarioName(meta, recs, path), filepath.Join(dir, report.HTMLName))
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
