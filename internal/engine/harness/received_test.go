package harness

import (
	"reflect"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// An await-drain loop reads in paused mode, and read() joins what is
// buffered: 64KiB chunks at highWaterMark 16KiB reach the consumer as half
// as many 128KiB writes (Node 20 does the same: the node engine's
// await-drain-64k, bench/testdata/calibration, drains 1023 times for 2048
// chunks, as sim). Under pipe every chunk is one write.
func TestChunksReceived(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(64 * KiB)},
		Stop:          engine.Stop{Bytes: 128 * MiB},
		Consumers:     []engine.Consumer{{Name: "c", Rate: 100 * MiB}},
		HighWaterMark: ptr(16 * KiB),
		Strategy:      engine.StrategyAwaitDrain,
	}
	res := mustRun(t, cfg)
	if p, r := metric(t, res, metrics.ChunksProduced), metric(t, res, metrics.ChunksReceived); p != 2048 || r != 1024 {
		t.Errorf("await-drain: chunks.produced %v, chunks.received %v; want 2048, 1024", p, r)
	}
	cfg.Strategy = engine.StrategyPipe
	res = mustRun(t, cfg)
	if p, r := metric(t, res, metrics.ChunksProduced), metric(t, res, metrics.ChunksReceived); p != r {
		t.Errorf("pipe: chunks.produced %v, chunks.received %v; want equal", p, r)
	}
}

// With several consumers, each has its own throughput: under pipe the
// slowest governs, and the faster finishes each chunk sooner.
func TestConsumerThroughput(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(16 * KiB)},
		Stop:          engine.Stop{Bytes: 32 * MiB},
		Consumers:     []engine.Consumer{{Name: "slow", Rate: 10 * MiB}, {Name: "fast", Rate: 30 * MiB, Latency: time.Microsecond}},
		HighWaterMark: ptr(16 * KiB),
		Strategy:      engine.StrategyPipe,
	})
	slow := metric(t, res, "consumer.throughput.slow")
	fast := metric(t, res, "consumer.throughput.fast")
	all := metric(t, res, metrics.Throughput)
	if !within(slow, all, 1e-9) || !(fast > slow) || fast > 30*MiB {
		t.Errorf("consumer.throughput slow %v, fast %v, throughput %v; want slow = throughput < fast <= 30MiB/s", slow, fast, all)
	}
}

// A phase delays every stall: 200 chunks of 1ms meet the stall at 150ms
// (50ms) without a phase, the one at 190ms with a phase of 40ms, and none
// with a phase of 100ms (the first is at 250ms).
func TestStallsPhase(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:      engine.Stop{Chunks: 200},
		Consumers: []engine.Consumer{{Name: "c", Latency: time.Millisecond, Stalls: engine.Stalls{Every: 150 * time.Millisecond, For: 50 * time.Millisecond}}},
		Strategy:  engine.StrategyPipe,
	}
	for _, tt := range []struct {
		phase time.Duration
		want  float64
	}{{0, 0.25}, {40 * time.Millisecond, 0.25}, {100 * time.Millisecond, 0.2}} {
		cfg.Consumers[0].Stalls.Phase = tt.phase
		if d := metric(t, mustRun(t, cfg), metrics.Duration); !within(d, tt.want, 1e-9) {
			t.Errorf("phase %v: duration %v; want %v", tt.phase, d, tt.want)
		}
	}
}

// Random stalls take For/Every of the time on average, and are
// deterministic for a seed.
func TestRandomStalls(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer: engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:     engine.Stop{Chunks: 100000},
		Consumers: []engine.Consumer{{Name: "c", Latency: 100 * time.Microsecond,
			Stalls: engine.Stalls{Every: 50 * time.Millisecond, For: 10 * time.Millisecond, Random: true}}},
		Strategy: engine.StrategyPipe,
		Seed:     5,
	}
	a, b := mustRun(t, cfg), mustRun(t, cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with random stalls differ")
	}
	// 10s of work, stalled 20% of the time: about 12.5s (1000 stalls at
	// 50ms on average: within 5%).
	if d := metric(t, a, metrics.Duration); !within(d, 12.5, 0.05) {
		t.Errorf("duration %v; want 12.5s within 5%%", d)
	}
	cfg.Seed = 6
	if c := mustRun(t, cfg); reflect.DeepEqual(a, c) {
		t.Error("seeds 5 and 6 gave the same random stalls")
	}
}
