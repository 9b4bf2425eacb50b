package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bpbench/bpbench/internal/calibration"
	"github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/sysinfo"
)

const calibrateUsage = `Usage: bpbench calibrate [--node VERSION|PATH] [-o FILE] [--repeats N]

Measures what Node's event loop charges on this machine — the handoffs
(nextTick, setImmediate, an I/O-like poll), setTimeout's clamp and
overshoot, and the CPU per chunk of write(), push(), a pipe hop and a
Transform by chunk size and mode — with micro-benchmarks in a real Node
(the median of N runs each), then what the node engine pays per chunk
beyond those (its driver run on a paced cell, less calibrated sim's time
for the same cell), and writes a calibration file (JSON). With
--parts (the default) it also measures the real parts the node engine
runs — gzip and gunzip (time per chunk, output/input ratio on base64
data), fs on /dev/shm and in the temporary folder, a net socket and an
http upload to a loopback sink (time per write) — so that sim models
them, and then each part (but gunzip) in a short node engine cell of its
own, for what the engine pays around the part per chunk beyond those
figures (charged by sim as loop CPU). A scenario uses it with 'calibration: FILE' (or a list, one per
runtime its node: sweeps), or 'bpbench run --calibration FILE[,FILE...]':
the sim engine then pays those costs. Calibrate on a quiet machine: a
busy one gives higher figures (the file records the load average).

Flags:
`

const calibrateExamples = `
Examples:
  bpbench calibrate -o calibration.json
  bpbench calibrate --node 22 -o node22.json
  bpbench calibrate --node bun -o bun.json --parts=false
  bpbench run --calibration calibration.json scenarios/upload.yaml
`

func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nodeFlag := fs.String("node", "", "a Node.js `VERSION` (20, 22, 24), bun, deno, or a path (default: the node on PATH)")
	out := fs.String("o", "calibration.json", "write the calibration to `FILE` (- for stdout)")
	repeats := fs.Int("repeats", calibration.DefaultOptions.Repeats, "each figure is the median of `N` runs")
	parts := fs.Bool("parts", true, "also measure the real parts (gzip, gunzip, fs, net, http) for sim's models of them")
	fs.Usage = func() {
		fmt.Fprint(stderr, calibrateUsage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, calibrateExamples)
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{fmt.Errorf("calibrate: unexpected argument %q", fs.Arg(0))}
	}
	if *repeats < 1 || *repeats > 101 {
		return usageError{fmt.Errorf("calibrate: --repeats %d: want 1 to 101", *repeats)}
	}
	bin, err := node.Find(*nodeFlag)
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	load := loadAvg()
	f, err := calibration.Measure(ctx, bin.Path, calibration.Options{Repeats: *repeats})
	if err != nil {
		return err
	}
	if *parts {
		if f.Parts, err = calibration.MeasureParts(ctx, bin.Path, calibration.Options{Repeats: *repeats}); err != nil {
			return err
		}
		warn := func(s string) { fmt.Fprintln(stderr, "calibrate: warning:", s) }
		if err := calibration.MeasurePartDrivers(ctx, bin.Path, f, calibration.Options{Repeats: *repeats}, warn); err != nil {
			return err
		}
	}
	f.CPU, f.Cores, f.Date, f.LoadAvg = sysinfo.CPUName(), runtime.NumCPU(), time.Now().UTC().Truncate(time.Second), load
	if *out == "-" {
		return calibration.Encode(stdout, f)
	}
	if err := calibration.Write(*out, f); err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (Node %s, load %s)\n", *out, f.Node, f.LoadAvg)
	printCalibration(stdout, f)
	return nil
}

// printCalibration prints a calibration's figures as a table.
func printCalibration(w io.Writer, f *calibration.File) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range calibration.Figures(f) {
		fmt.Fprintf(tw, "  %s\t%s\n", r[0], r[1])
	}
	tw.Flush()
}

// loadAvg returns the 1-minute load average and the cores ("3.12 on 2
// cores"), or "" where unknown.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return ""
	}
	return fmt.Sprintf("%s on %d cores", fields[0], runtime.NumCPU())
}
