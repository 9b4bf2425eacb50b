package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bpbench/bpbench/internal/conform"
	"github.com/bpbench/bpbench/internal/safepath"
	"github.com/bpbench/bpbench/internal/safetext"
	"github.com/bpbench/bpbench/internal/stream"
)

const conformUsage = `Usage: bpbench conform [--node 20|22] [-o DIR] [--expect DIR] CASE.json...

Replays op-script cases (format bpbench-oracle/1) on bpbench's stream model
and writes one trace per case (bpbench-oracle-trace/1): DIR/<name>.json with
-o, or to standard output when there is one case and no -o. With --expect,
each trace is compared with DIR/<name>.json recorded on real Node.js, and the
command fails unless all are identical. Without --expect, a replay that
aborts (a pipe cycle that never settles: over 20000 events in one step, as
the recorder's guard) still writes its trace, and the command exits 1.
Cases whose stream options real Node refuses (highWaterMark -1, encoding
klingon) or that ask for more work than the bounds (10000 ops, 16 streams,
64 MiB of data) exit 2.

Examples:
  bpbench conform case.json
  bpbench conform --node 20 -o traces/ cases/*.json
  bpbench conform --node 22 --expect testdata/node22 cases/*.json

Flags:
`

func runConform(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, conformUsage); fs.PrintDefaults() }
	node := fs.String("node", "22", "Node.js version whose defaults and rules to follow: 20 or 22")
	out := fs.String("o", "", "write DIR/<name>.json for each case")
	expect := fs.String("expect", "", "compare with the traces in DIR and fail on any difference")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	profile, ok := stream.ProfileByName("node" + *node)
	if !ok || (*node != "20" && *node != "22") {
		return usageError{fmt.Errorf("--node %q: want 20 or 22", *node)}
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return usageError{errors.New("conform: no case files")}
	}
	if len(files) > 1 && *out == "" && *expect == "" {
		return usageError{errors.New("conform: several cases need -o DIR (or --expect DIR)")}
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	passed, failed := 0, 0
	var aborted []string
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := conform.ReadCase(f)
		if err != nil {
			return usageError{err}
		}
		tr := conform.Replay(c, profile)
		trace := tr.Marshal()
		if tr.Error != nil && *expect == "" {
			// As the recorder, which exits 1 when a recording aborted (a
			// pipe cycle loops forever on real Node too).
			aborted = append(aborted, c.Name)
			fmt.Fprintf(stderr, "conform: %s: %s: the trace stops there\n", c.Name, *tr.Error)
		}
		switch {
		case *out != "":
			path, err := safepath.Join(*out, c.Name+".json")
			if err != nil {
				return usageError{fmt.Errorf("%s: case %w", f, err)}
			}
			if err := os.WriteFile(path, trace, 0o644); err != nil {
				return err
			}
		case *expect == "":
			if _, err := stdout.Write(trace); err != nil {
				return err
			}
		}
		if *expect != "" {
			path, err := safepath.Join(*expect, c.Name+".json")
			if err != nil {
				return usageError{fmt.Errorf("%s: case %w", f, err)}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				return usageError{err}
			}
			if diff := conform.Compare(trace, want); diff != "" {
				failed++
				fmt.Fprintf(stdout, "FAIL %s: %s\n", c.Name, safetext.Block(diff))
			} else {
				passed++
			}
		}
	}
	if len(aborted) > 0 {
		return failedError{fmt.Sprintf("%d of %d replays aborted: %s", len(aborted), len(files), strings.Join(aborted, ", "))}
	}
	if *expect != "" {
		fmt.Fprintf(stdout, "conform: %d passed, %d failed\n", passed, failed)
		if failed > 0 {
			return failedError{fmt.Sprintf("%d of %d traces differ from %s", failed, passed+failed, *expect)}
		}
	}
	return nil
}
