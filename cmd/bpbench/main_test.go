package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bpbench": func() { os.Exit(mainExit()) },
	})
}

// TestScripts runs the command end to end from testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	tools := nodeengine.Tools() // the repository's .tools, found from here
	testscript.Run(t, testscript.Params{Dir: "testdata/script", Cmds: map[string]func(*testscript.TestScript, bool, []string){
		"waitlines": waitLines,
	}, Setup: func(env *testscript.Env) error {
		if tools != "" {
			env.Setenv(nodeengine.ToolsEnv, tools)
		}
		return nil
	}, Condition: func(cond string) (bool, error) {
		// [runtime:bun]: Find finds that runtime (bun, deno, or a Node
		// major version).
		if rt, ok := strings.CutPrefix(cond, "runtime:"); ok {
			_, err := nodeengine.Find(rt)
			return err == nil, nil
		}
		return false, fmt.Errorf("unknown condition %q", cond)
	}})
}

// waitLines is the script command "waitlines FILE N": it waits (up to a
// minute) until FILE has at least N complete lines, so that a script can
// interrupt a run once it has results, on a machine of any speed.
func waitLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitlines FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(ts.MkAbs(args[0]))
		if bytes.Count(b, []byte("\n")) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("%s: fewer than %d lines after a minute", args[0], n)
}

// TestExitCodes pins the exit code of each kind of error.
func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{failedError{"2 threshold checks failed"}, exitFailed},
		{usageError{errors.New("bad flag")}, exitUsage},
		{fmt.Errorf("run: %w", context.Canceled), exitInterrupted},
		{errors.New("disk full"), exitFailed},
		{undecidedError{"1 --fail-on gates could not have failed"}, exitUndecided},
	} {
		if got := exitCode(c.err, io.Discard); got != c.want {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	if exitInterrupted != 130 || exitUsage != 2 || exitUndecided != 3 {
		t.Error("exit codes moved: 130 is interrupted, 2 bad input, 3 undecided (README's exit codes)")
	}
}

// TestValidateInterrupted: Ctrl-C while a scenario is being read (here a
// FIFO no one writes, so the read never ends) returns at once as
// interrupted (exit 130), for validate, list and run.
func TestValidateInterrupted(t *testing.T) {
	fifo := t.TempDir() + "/s.yaml"
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, cmd := range []string{"validate", "list", "run"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{cmd, fifo}, io.Discard, io.Discard) }()
		time.Sleep(10 * time.Millisecond) // most often the read has begun; the result is the same either way
		cancel()
		err := <-done
		if got := exitCode(err, io.Discard); got != exitInterrupted {
			t.Errorf("%s on a blocked read, interrupted: %v, exit %d; want %d", cmd, err, got, exitInterrupted)
		}
	}
}
