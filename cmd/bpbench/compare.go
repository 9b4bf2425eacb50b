package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bpbench/bpbench/internal/compare"
)

const compareUsage = `Usage: bpbench compare [flags] A B
       bpbench compare --split KEY=A,B [flags] RESULTS

Compares two runs: for every cell in both and every chosen metric, the
median over repeats on each side (± its 95% confidence interval), the
change, and whether it is significant (Mann-Whitney U test, p <= 0.05;
"~" when not). A and B are results.jsonl files, a scenario's folder, or
an -o folder of scenario folders (every scenario present in both is
compared). Two different scenarios compare cell by cell when their cell
names match. With --split, one run is divided along a swept parameter.

The U test needs at least 4 repeats a side to call anything significant;
fewer give a warning. With --fail-on, exits 1 when a gated metric changes
significantly and beyond its tolerance in the given direction (a rule
without a sign, throughput:5%, gates the metric's bad direction), and 3
when a gate could not have failed: too few repeats for the U test, or a
metric in neither run (the message says how many repeats are needed). Bad
input exits 2.

Flags:
`

const compareExamples = `
Examples:
  bpbench compare old/quickstart new/quickstart
  bpbench compare --fail-on throughput:-5%,buffered.peak:+10% base/ reports/
  bpbench compare --metrics throughput,buffered.peak.* --format md -o cmp.md a.jsonl b.jsonl
  bpbench compare --split hwm=node20,node22 reports/defaults
`

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	metricList := fs.String("metrics", strings.Join(compare.DefaultMetrics, ","), "compare the comma-separated `METRICS` (buffered.peak.* for every stage)")
	failOn := fs.String("fail-on", "", "exit 1 when a `METRIC:±N%` rule is broken by a significant change (throughput:-5%,buffered.peak:+10%), 3 when too few repeats to tell")
	format := fs.String("format", "text", "output `FORMAT`: text or md (markdown, for CI comments)")
	out := fs.String("o", "", "write the comparison to `FILE` instead of stdout")
	alpha := fs.Float64("alpha", compare.DefaultAlpha, "significance level of the U test")
	split := fs.String("split", "", "compare one run's cells with parameter KEY=A against those with KEY=B (`KEY=A,B`: hwm=node20,node22)")
	fs.Usage = func() {
		fmt.Fprint(stderr, compareUsage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, compareExamples)
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	want := 2
	if *split != "" {
		want = 1
	}
	if fs.NArg() != want {
		fs.Usage()
		return usageError{fmt.Errorf("compare: want %d result paths, got %d", want, fs.NArg())}
	}
	if *format != "text" && *format != "md" {
		return usageError{fmt.Errorf("--format %q: want text or md", *format)}
	}
	if *alpha <= 0 || *alpha >= 1 {
		return usageError{fmt.Errorf("--alpha %v: want a level between 0 and 1", *alpha)}
	}
	opt := compare.Options{Alpha: *alpha}
	for _, m := range strings.Split(*metricList, ",") {
		if m = strings.TrimSpace(m); m != "" {
			if err := compare.CheckMetric(m); err != nil {
				return usageError{fmt.Errorf("--metrics: %w", err)}
			}
			opt.Metrics = append(opt.Metrics, m)
		}
	}
	gates, err := compare.ParseGates(*failOn)
	if err != nil {
		return usageError{fmt.Errorf("--fail-on %w", err)}
	}
	for _, g := range gates { // a gated metric is always compared
		if !contains(opt.Metrics, g.Metric) {
			opt.Metrics = append(opt.Metrics, g.Metric)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	a, b, err := loadSides(fs.Args(), *split)
	if err != nil {
		return usageError{err}
	}
	rep, err := compare.Compare(a, b, opt)
	if errors.Is(err, compare.ErrNoCommonCells) {
		return usageError{fmt.Errorf("%s and %s have no cell in common (A: %s; B: %s)", a.Name, b.Name, strings.Join(rep.ScenariosA, ", "), strings.Join(rep.ScenariosB, ", "))}
	}
	if err != nil {
		return usageError{err}
	}

	var buf bytes.Buffer
	md := *format == "md"
	if md {
		err = compare.WriteMarkdown(&buf, rep)
	} else {
		err = compare.WriteText(&buf, rep)
	}
	if err != nil {
		return err
	}
	verdict := rep.Check(gates)
	if len(gates) > 0 {
		if err := compare.WriteVerdict(&buf, verdict, md); err != nil {
			return err
		}
	}
	if *out != "" {
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "comparison written to %s\n", *out)
		if !verdict.Passed() {
			compare.WriteVerdict(stderr, verdict, false)
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	switch {
	case len(verdict.Failures) > 0:
		return failedError{fmt.Sprintf("%d --fail-on checks failed", len(verdict.Failures))}
	case len(verdict.Undecided) > 0:
		return undecidedError{fmt.Sprintf("%d --fail-on gates could not have failed: too few repeats or no such metric", len(verdict.Undecided))}
	}
	return nil
}

// loadSides loads A and B, or splits the one path along --split.
func loadSides(paths []string, split string) (*compare.Side, *compare.Side, error) {
	if split != "" {
		key, va, vb, err := compare.ParseSplit(split)
		if err != nil {
			return nil, nil, err
		}
		s, err := compare.Load(paths[0])
		if err != nil {
			return nil, nil, err
		}
		return compare.Split(s, key, va, vb)
	}
	a, err := compare.Load(paths[0])
	if err != nil {
		return nil, nil, err
	}
	b, err := compare.Load(paths[1])
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
