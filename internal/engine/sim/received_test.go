package sim

import (
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// An await-drain loop reads in paused mode, and read() joins what is
// buffered: 64KiB chunks at highWaterMark 16KiB reach the consumer as half
// as many 128KiB writes (Node 20 does the same: tools/calibrate/case.js
// await-drain-64k receives 1024 of 2048). Under pipe every chunk is one
// write.
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
