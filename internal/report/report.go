package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results"
)

// Names of the files Write creates in its directory.
const (
	CSVName      = "results.csv"
	SummaryName  = "summary.csv"
	BenchName    = "bench.txt"
	HTMLName     = "index.html"
	MarkdownName = "index.md"
	// SingleName is index.html as one file, its plots inlined, to send.
	SingleName = "report.html"
	PlotsDir   = "plots"
)

// Options are the optional inputs of WriteWith.
type Options struct {
	// Warnings are problems found while reading the results (a line cut
	// short, run.json missing), shown on the page with the records' own.
	Warnings []string
	// By names the command writing the report, for the page's footer:
	// "bpbench run" or "bpbench report" ("bpbench" when empty).
	By string
}

// WriteWith renders the report of a run into dir: results.csv, summary.csv,
// bench.txt, plots/ and index.html with index.md (see the package doc).
// meta may be nil when run.json is missing: the page then lacks the
// scenario's text and environment, and says so. Files are replaced
// atomically; plots/ is emptied first so that no stale figure remains.
func WriteWith(dir string, meta *results.Meta, recs []results.Record, opt Options) error {
	if meta == nil {
		meta = metaFromRecords(recs)
		opt.Warnings = append(opt.Warnings, "run.json is missing: no scenario text, environment or thresholds; highWaterMarks read from the cell names")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var errs []error
	try := func(name string, render func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			errs = append(errs, fmt.Errorf("report: %s: %w", name, err))
			return
		}
		if err := writeFile(filepath.Join(dir, name), b.Bytes()); err != nil {
			errs = append(errs, fmt.Errorf("report: %w", err))
		}
	}
	// The analysis (points, groups, recommendations) is computed once, for
	// summary.csv, the plots and the pages.
	a := analysis.Analyze(meta, recs)
	try(CSVName, func(b *bytes.Buffer) error { return WriteCSV(b, meta, recs) })
	try(SummaryName, func(b *bytes.Buffer) error { return WriteSummaryCSV(b, meta, recs, a) })
	try(BenchName, func(b *bytes.Buffer) error { return WriteBench(b, meta, recs) })

	figs, err := renderFigures(filepath.Join(dir, PlotsDir), meta, recs, a)
	if err != nil {
		// The page is still useful without its plots: say so on it.
		opt.Warnings = append(opt.Warnings, fmt.Sprintf("plots: %v", err))
	}
	p := newPage(meta, recs, a, figs, opt.Warnings)
	p.By = opt.By
	if p.By == "" {
		p.By = "bpbench"
	}
	try(HTMLName, func(b *bytes.Buffer) error { return htmlPage.Execute(b, p) })
	try(MarkdownName, func(b *bytes.Buffer) error { return mdPage.Execute(b, p) })
	try(SingleName, func(b *bytes.Buffer) error {
		single := *p
		single.Single = true
		var err error
		if single.Figures, err = inline(filepath.Join(dir, PlotsDir), p.Figures); err != nil {
			return err
		}
		return htmlPage.Execute(b, &single)
	})
	return errors.Join(errs...)
}

// metaFromRecords makes the little of a Meta that records tell.
func metaFromRecords(recs []results.Record) *results.Meta {
	m := &results.Meta{}
	if len(recs) > 0 {
		m.Scenario, m.Engine = recs[0].Scenario, recs[0].Engine
		seen := map[string]bool{}
		for _, p := range recs[0].Params {
			m.Sweep = append(m.Sweep, results.Axis{Path: p.Path, Key: p.Key})
		}
		for _, r := range recs {
			for i, p := range r.Params {
				if i < len(m.Sweep) && !seen[p.Path+"="+p.Value] {
					seen[p.Path+"="+p.Value] = true
					m.Sweep[i].Values = append(m.Sweep[i].Values, p.Value)
				}
			}
		}
	}
	return m
}

// writeFile replaces path with b atomically: a reader sees the old file or
// the new one, never half of it.
func writeFile(path string, b []byte) error { return renameio.WriteFile(path, b, 0o644) }
