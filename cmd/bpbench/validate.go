package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/safetext"
	"github.com/bpbench/bpbench/internal/scenario"
)

const validateUsage = `Usage: bpbench validate SCENARIO.yaml...

Checks scenario files and reports every error of every file, each as
file:line:col: what is wrong. Exits 2 when any file has an error.

Example:
  bpbench validate scenarios/*.yaml
`

func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, err := parseFiles("validate", validateUsage, "scenario files", args, stderr)
	if fs == nil {
		return err
	}
	bad := 0
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := scenario.ParseFileContext(ctx, path)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			bad++
			fmt.Fprintln(stdout, safetext.Block(err.Error()))
			continue
		}
		for _, w := range s.Warnings {
			fmt.Fprintln(stdout, "warning:", safetext.Block(fmt.Sprint(w)))
		}
		cells, err := plan.Expand(s)
		if err != nil {
			bad++
			fmt.Fprintln(stdout, safetext.Block(positioned(path, err).Error()))
			continue
		}
		fmt.Fprintf(stdout, "%s: ok, %s\n", path, plural(len(cells), "cell"))
	}
	if bad > 0 {
		return usageError{fmt.Errorf("%d of %d scenario files have errors", bad, fs.NArg())}
	}
	return nil
}

const listUsage = `Usage: bpbench list SCENARIO.yaml...

Prints the cells each scenario expands to: one line per cell with its
name (benchstat-friendly key=value/...), repeat and seed.

Example:
  bpbench list scenarios/quickstart.yaml
`

func runList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, err := parseFiles("list", listUsage, "scenario files", args, stderr)
	if fs == nil {
		return err
	}
	for _, path := range fs.Args() {
		s, err := scenario.ParseFileContext(ctx, path)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return usageError{err}
		}
		cells, err := plan.Expand(s)
		if err != nil {
			return usageError{positioned(path, err)}
		}
		for _, c := range cells {
			fmt.Fprintf(stdout, "%s/%s\trepeat=%d\tseed=%d\n", c.Scenario, c.Name, c.Repeat, c.Seed)
		}
	}
	return nil
}

// positioned prefixes err with the file's path unless it is a
// scenario.ErrorList, whose errors already start with file:line:col.
func positioned(path string, err error) error {
	var list scenario.ErrorList
	if errors.As(err, &list) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// parseFiles parses a subcommand with no flags of its own and at least one
// file argument. A nil FlagSet means: return err (nil after -h).
func parseFiles(name, usage, what string, args []string, stderr io.Writer) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	if help, err := parseFlags(fs, args); help || err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, usageError{fmt.Errorf("%s: no %s", name, what)}
	}
	return fs, nil
}

func runSchema(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usageError{errors.New("schema takes no arguments")}
	}
	_, err := stdout.Write(scenario.Schema())
	return err
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
