// Command bpbench measures stream backpressure: it runs producers against
// slow consumers through a faithful model of Node.js streams and reports
// memory, throughput and latency for every highWaterMark of a sweep.
//
// Exit codes: 0 success, 1 a check failed (conformance mismatch, threshold),
// 2 bad usage or bad input, 3 a compare gate could not decide (too few
// repeats), 130 interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/bpbench/bpbench/internal/safetext"
)

func main() { os.Exit(mainExit()) }

// mainExit runs the command line with SIGINT and SIGTERM cancelling the
// work, and returns the exit code.
func mainExit() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	return exitCode(err, os.Stderr)
}

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitUndecided   = 3
	exitInterrupted = 130
)

// usageError is bad command-line input (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// failedError is a check that ran and failed (exit 1); its report was
// already printed.
type failedError struct{ msg string }

func (e failedError) Error() string { return e.msg }

// undecidedError is a check that could not have failed (exit 3): a
// compare gate over too few repeats; its report was already printed.
type undecidedError struct{ msg string }

func (e undecidedError) Error() string { return e.msg }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "bpbench:", safetext.Block(err.Error()))
	var ue usageError
	var fe failedError
	var de undecidedError
	switch {
	case errors.As(err, &de):
		return exitUndecided
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &fe):
		return exitFailed
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailed
}

const usage = `bpbench measures Node.js-style stream backpressure.

Usage:
  bpbench run [-o DIR] [--parallel N] [--engine E] [--node V] [--repeat N] [--seed S]
              [--resume] [--shard I/N|auto|auto/N] [--quiet] [--no-report] SCENARIO.yaml...
        run every cell of the scenarios; write DIR/<scenario>/ (results, plots, index.html)
  bpbench report [-o DIR] [--allow-missing] RESULTS.jsonl|DIR...
        render the report again from results alone (merging the shards of a run, safely)
  bpbench compare [--fail-on METRIC:±N%,...] [--metrics M,...] [--split KEY=A,B] [--format md] A B
        compare two runs cell by cell (Mann-Whitney U over repeats); gate CI with --fail-on
  bpbench validate SCENARIO.yaml...
        check scenario files; report every error as file:line:col
  bpbench list SCENARIO.yaml...
        print the cells (sweep points x repeats) a scenario expands to
  bpbench schema
        print the JSON Schema of the scenario format (for editors)
  bpbench conform [--node 20|22] [-o DIR] [--expect DIR] CASE.json...
        replay conformance op scripts on the stream model, write traces
  bpbench defaults [--node VERSION|PATH]...
        print each Node's default highWaterMarks beside sim's and the ones often quoted
  bpbench calibrate [--node VERSION|PATH] [-o FILE] [--repeats N]
        measure Node's event-loop costs on this machine for sim (run --calibration FILE)
  bpbench study [-o DIR] [--quick] [--runtimes LIST] SCENARIO.yaml...
        a study of 16KiB against 64KiB: calibrations, every scenario, calibrated sim, the study page
  bpbench version          (or --version)

Run 'bpbench COMMAND -h' for a command's flags and examples.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{errors.New("no command")}
	}
	switch args[0] {
	case "conform":
		return runConform(ctx, args[1:], stdout, stderr)
	case "compare":
		return runCompare(ctx, args[1:], stdout, stderr)
	case "run":
		return runRun(ctx, args[1:], stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "validate":
		return runValidate(ctx, args[1:], stdout, stderr)
	case "list":
		return runList(ctx, args[1:], stdout, stderr)
	case "schema":
		return runSchema(ctx, args[1:], stdout, stderr)
	case "defaults":
		return defaultsCmd(ctx, args[1:], stdout, stderr)
	case "calibrate":
		return calibrateCmd(ctx, args[1:], stdout, stderr)
	case "study":
		return studyCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "bpbench", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}

// version is stamped by the Makefile with -ldflags.
var version = "dev"

// parseFlags parses a command's flags. help is true after -h or -help:
// the usage was printed and the command does nothing more (exit 0). Any
// other parse error is a usageError (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		return true, nil
	case err != nil:
		return false, usageError{err}
	}
	return false, nil
}
