package node

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// runtimeBinary finds runtime rt (a Node major version, bun or deno) or
// skips naming the make target that installs it.
func runtimeBinary(t *testing.T, rt string) Binary {
	t.Helper()
	b, err := Find(rt)
	if err != nil {
		target := "make nodes"
		if rt == Bun || rt == Deno {
			target = "make runtimes"
		}
		t.Skipf("no %s: install it with `%s` (%v)", rt, target, err)
	}
	return b
}

// Every installed runtime (Node 20, 22, 24, Bun, Deno) runs a short
// wall-clock cell to the end: every byte arrives, throughput is above 0,
// the driver names the runtime and version Find found, the runtime's own
// default highWaterMark is that of its profile (no warning), and the
// process metrics are there or, where the runtime cannot measure them,
// absent (never a fake 0): CPU and memory everywhere, event-loop delay on
// Node and Bun, GC on Node only.
func TestEveryRuntimeRunsACell(t *testing.T) {
	for _, rt := range append(append([]string(nil), Versions...), Runtimes...) {
		t.Run(rt, func(t *testing.T) {
			b := runtimeBinary(t, rt)
			want := regexp.MustCompile(`^(node v|bun |deno )[0-9]+\.[0-9]+\.[0-9]+`)
			if !want.MatchString(b.Name()) || !strings.HasPrefix(b.Name(), b.Runtime+" ") {
				t.Errorf("Name() = %q; want the runtime and its exact version", b.Name())
			}
			profile, _ := stream.ProfileByName(b.Runtime)
			if b.Runtime == NodeJS {
				profile, _ = stream.ProfileByName("node" + rt)
			}
			const bytes = 256 << 10
			cfg := engine.Config{
				Producer:  engine.Producer{Rate: 32 << 20, Chunk: engine.Fixed(4096)},
				Stop:      engine.Stop{Bytes: bytes},
				Consumers: []engine.Consumer{{Name: "sink", Rate: 16 << 20}},
				Strategy:  engine.StrategyPipe,
				Profile:   profile,
			}
			e := Engine{Node: b.Path, Timing: Wall, WarmUp: 20 * time.Millisecond}
			res, err := e.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := metric(t, res, metrics.BytesConsumed); got != bytes {
				t.Errorf("bytes.consumed = %v; want %d", got, bytes)
			}
			if got := metric(t, res, metrics.Throughput); got <= 0 {
				t.Errorf("throughput = %v; want > 0", got)
			}
			// A deadline met late is the machine's load, not the runtime's
			// defaults: only a defaults warning fails.
			for _, w := range res.Warnings {
				if strings.Contains(w, "highWaterMark") || strings.Contains(w, "profile") {
					t.Errorf("warning: %s", w)
				} else {
					t.Logf("warning: %s", w)
				}
			}
			if got := metric(t, res, metrics.CPUUser); got <= 0 {
				t.Errorf("cpu.user = %v; want > 0", got)
			}
			if rss, heap := metric(t, res, metrics.RSSPeak), metric(t, res, metrics.HeapPeak); rss < heap || rss <= 0 {
				t.Errorf("rss.peak = %v, heap.peak = %v; want rss.peak >= heap.peak > 0", rss, heap)
			}
			_, hasELD := res.Metrics.Get(metrics.EventLoopMax)
			_, hasGC := res.Metrics.Get(metrics.GCCount)
			if wantELD := b.Runtime != Deno; hasELD != wantELD {
				t.Errorf("eventloop.delay.max present = %v; want %v on %s", hasELD, wantELD, b.Runtime)
			}
			if wantGC := b.Runtime == NodeJS; hasGC != wantGC {
				t.Errorf("gc.count present = %v; want %v on %s", hasGC, wantGC, b.Runtime)
			}
		})
	}
}

// The driver's first line names the runtime it really runs on, exactly as
// Find names the binary ("bun 1.4.5"), and its own default highWaterMarks.
func TestDriverNamesItsRuntime(t *testing.T) {
	for _, rt := range append(append([]string(nil), Versions...), Runtimes...) {
		t.Run(rt, func(t *testing.T) {
			b := runtimeBinary(t, rt)
			cfg := engine.Config{
				Producer:  engine.Producer{Chunk: engine.Fixed(1024)},
				Stop:      engine.Stop{Chunks: 10},
				Consumers: []engine.Consumer{{Name: "sink"}},
				Strategy:  engine.StrategyPipe,
			}
			e := Engine{Node: b.Path, Timing: Ideal}
			sp, err := newSpec(&cfg, &e)
			if err != nil {
				t.Fatal(err)
			}
			in, _ := json.Marshal(sp)
			cmd := exec.Command(b.Path, driverArgs(b.Path)...)
			cmd.Stdin = bytes.NewReader(in)
			cmd.Env = environ()
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v", b.Path, err)
			}
			first, _, _ := strings.Cut(string(out), "\n")
			var hello line
			if err := json.Unmarshal([]byte(first), &hello); err != nil || hello.K != "hello" {
				t.Fatalf("first line %q: want a hello (%v)", first, err)
			}
			if hello.Rt != b.Name() {
				t.Errorf("driver says it runs on %q; Find found %q", hello.Rt, b.Name())
			}
			if hello.DefHWM != 16<<10 && hello.DefHWM != 64<<10 || hello.DefObj != 16 {
				t.Errorf("runtime defaults = %d bytes, %d objects; want 16KiB or 64KiB, and 16", hello.DefHWM, hello.DefObj)
			}
		})
	}
}
