package node

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
)

// nodeEngine returns an Engine on $BPBENCH_NODE (a version or a path) or
// the first Node it finds, or skips. It keeps the model's clock (Ideal):
// the tests that compare with sim need it, and the others then assert
// exact figures; the wall-clock tests set Timing themselves.
func nodeEngine(t *testing.T) Engine {
	t.Helper()
	if v := os.Getenv("BPBENCH_NODE"); v != "" {
		b, err := Find(v)
		if err != nil {
			t.Fatalf("BPBENCH_NODE=%s: %v", v, err)
		}
		return Engine{Node: b.Path, Timing: Ideal}
	}
	for _, v := range []string{"22", "24", "20", "path"} {
		if b, err := Find(v); err == nil {
			return Engine{Node: b.Path, Timing: Ideal}
		}
	}
	t.Skip("no Node.js found: install it with `make nodes` (or put node on PATH)")
	return Engine{}
}

func metric(t *testing.T, r engine.Result, name string) float64 {
	t.Helper()
	v, ok := r.Metrics.Get(name)
	if !ok {
		t.Fatalf("no metric %s in %v", name, r.Metrics)
	}
	return v
}

func hwm(n int) *int { return &n }

// A consumer slower than the producer sets the throughput.
func TestThroughputFollowsSlowConsumer(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 8 << 20, Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: 2 << 20},
		Consumers: []engine.Consumer{{Name: "disk", Rate: 2 << 20}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := metric(t, res, "throughput")
	if want := 2.0 * (1 << 20); math.Abs(got-want) > 0.03*want {
		t.Errorf("throughput = %.0f B/s; want %.0f ±3%%", got, want)
	}
	t.Logf("%v", res.Metrics)
}

// Under pipe every side holds at most max(hwm-1, 0) + chunk bytes (sim's
// bound), whatever the consumer's speed.
func TestPipeBufferedWithinBound(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	const chunk, h = 3000, 16 << 10
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(chunk)},
		Stop:          engine.Stop{Bytes: 1 << 20},
		HighWaterMark: hwm(h),
		Stages:        []engine.Stage{{Name: "gzip", CostPerByte: 50, HighWaterMark: hwm(h)}},
		Consumers:     []engine.Consumer{{Name: "disk", Rate: 4 << 20, HighWaterMark: hwm(h)}},
		Strategy:      engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	side := max(h-1, 0) + chunk
	for name, sides := range map[string]int{"buffered.peak.producer": 1, "buffered.peak.gzip": 2, "buffered.peak.disk": 1} {
		if got := metric(t, res, name); got > float64(sides*side) || got == 0 {
			t.Errorf("%s = %.0f; want in (0, %d]", name, got, sides*side)
		}
	}
	if got, want := metric(t, res, "buffered.peak"), float64(4*side); got > want {
		t.Errorf("buffered.peak = %.0f; want ≤ %.0f", got, want)
	}
	if got := metric(t, res, "bytes.consumed"); got != 1<<20 {
		t.Errorf("bytes.consumed = %.0f; want %d", got, 1<<20)
	}
}

// ignore writes regardless of write()'s answer: the guard stops it.
func TestIgnoreExceedsGuard(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	const guard = 1 << 20
	cfg := engine.Config{
		Producer:    engine.Producer{Rate: 64 << 20, Chunk: engine.Fixed(16 << 10)},
		Stop:        engine.Stop{Bytes: 64 << 20},
		Consumers:   []engine.Consumer{{Name: "disk", Rate: 1 << 20}},
		Strategy:    engine.StrategyIgnore,
		MemoryGuard: guard,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !res.GuardExceeded {
		t.Errorf("GuardExceeded = false; want true (metrics %v)", res.Metrics)
	}
	if got := metric(t, res, "buffered.peak"); got <= guard || got > guard+2*(16<<10) {
		t.Errorf("buffered.peak = %.0f; want just above the guard %d", got, guard)
	}
	// The guard, not the stop condition, ended the run: far fewer chunks
	// than the 64MiB the stop asks for.
	if got := metric(t, res, "chunks.produced"); got*(16<<10) > float64(cfg.Stop.Bytes)/4 {
		t.Errorf("chunks.produced = %.0f; want the guard to stop the run well before %d bytes", got, cfg.Stop.Bytes)
	}
}

func TestBadNodePath(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1)},
		Stop:      engine.Stop{Chunks: 1},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	}
	for _, path := range []string{"/nonexistent/bin/node", "no-such-node-binary"} {
		_, err := Engine{Node: path}.Run(context.Background(), cfg)
		if !errors.Is(err, ErrNoNode) || !strings.Contains(err.Error(), "make nodes") {
			t.Errorf("Run with Node %q: error %v; want ErrNoNode naming make nodes", path, err)
		}
	}
	// Something that runs but is no node: a clean error, no hang.
	_, err := Engine{Node: "/bin/false"}.Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "exited before the run ended") {
		t.Errorf("Run with /bin/false: error %v; want exited before the run ended", err)
	}
}

func TestFindErrorNamesMakeNodes(t *testing.T) {
	t.Parallel()
	for _, want := range []string{"19", "/nonexistent/node", "abc"} {
		_, err := Find(want)
		if err == nil {
			t.Errorf("Find(%q) = nil error", want)
		}
	}
	if _, err := Find("19"); !strings.Contains(fmt.Sprint(err), "make nodes") {
		t.Errorf("Find(19) = %v; want it to name make nodes", err)
	}
}

func TestMajor(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"v22.12.0": 22, "v20.0.0": 20, "22.1": 0, "": 0, "vx.1": 0} {
		if got := Major(in); got != want {
			t.Errorf("Major(%q) = %d; want %d", in, got, want)
		}
	}
}

// Cancelling ctx kills node and returns what was measured.
func TestCancelKillsNode(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 1 << 20, Chunk: engine.Fixed(1024)},
		Stop:      engine.Stop{Duration: time.Hour},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	// The cell would run an hour: that Run returns at all is the kill.
	res, err := e.Run(ctx, cfg)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v; want context.DeadlineExceeded", err)
	}
	// Run waited for the process, so it is gone; what it measured is kept.
	if got := metric(t, res, "bytes.consumed"); got <= 0 || got > 1.6*(1<<20) {
		t.Errorf("bytes.consumed = %.0f; want the partial run's (at most 1.5 MiB)", got)
	}
}

// Stop.Duration ends the run at that time, drained or not.
func TestStopDuration(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1024)},
		Stop:      engine.Stop{Duration: 500 * time.Millisecond},
		Consumers: []engine.Consumer{{Name: "c", ChunkRate: 1000, Stalls: engine.Stalls{Every: 200 * time.Millisecond, For: 100 * time.Millisecond}}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := metric(t, res, "duration"); got != 0.5 {
		t.Errorf("duration = %v; want 0.5", got)
	}
	// Stalls at 200-300 ms and 400-500 ms: 300 ms of work at 1000 chunks/s.
	if got := metric(t, res, "chunks.consumed"); math.Abs(got-300) > 10 {
		t.Errorf("chunks.consumed = %v; want 300 ±10", got)
	}
}

// A run that outlives its timeout is killed and says so.
func TestTimeoutKillsNode(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	e.Timeout = 800 * time.Millisecond
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1024)},
		Stop:      engine.Stop{Chunks: 100000},
		Consumers: []engine.Consumer{{Name: "c", ChunkRate: 100}},
		Strategy:  engine.StrategyPipeline,
	}
	// 100000 chunks at 100/s would take 1000 s: ErrTimeout is the kill.
	_, err := e.Run(context.Background(), cfg)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Run = %v; want ErrTimeout", err)
	}
}

// The default timeout follows the cell: a 1000-second cell gets more than
// 1000 s, a stop duration bounds it (plus the wall-clock warm-up).
func TestDefaultTimeout(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1000)},
		Stop:      engine.Stop{Chunks: 100000},
		Consumers: []engine.Consumer{{Name: "c", ChunkRate: 100}},
		Strategy:  engine.StrategyPipe,
	}
	var e Engine
	if got := e.timeout(&cfg); got < 1000*time.Second {
		t.Errorf("timeout = %v; want > 1000s", got)
	}
	cfg.Stop.Duration = 5 * time.Second
	if got := e.timeout(&cfg); got != 15*time.Second+DefaultWarmUp {
		t.Errorf("timeout with a 5s stop = %v; want 15s and the warm-up", got)
	}
	e.Timing = Ideal // no warm-up
	if got := e.timeout(&cfg); got != 15*time.Second {
		t.Errorf("ideal timing: timeout with a 5s stop = %v; want 15s", got)
	}
}
