package harness

import (
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// An await-drain loop over a plain async generator writes every chunk as
// made: no read() joins them (TestChunksReceived's Readable gives 1024
// writes of 2048 chunks), and nothing is buffered at the producer.
func TestGeneratorWritesEveryChunk(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(64 * KiB), Generator: true},
		Stop:          engine.Stop{Bytes: 128 * MiB},
		Consumers:     []engine.Consumer{{Name: "c", Rate: 100 * MiB}},
		HighWaterMark: ptr(16 * KiB),
		Strategy:      engine.StrategyAwaitDrain,
	}
	res := mustRun(t, cfg)
	if p, r := metric(t, res, metrics.ChunksProduced), metric(t, res, metrics.ChunksReceived); p != 2048 || r != 2048 {
		t.Errorf("chunks.produced %v, chunks.received %v; want 2048, 2048", p, r)
	}
	// Each 64KiB write is above the consumer's 16KiB: every one returns
	// false, and the loop waits for its 'drain'.
	if w, d := metric(t, res, metrics.WritesFalse), metric(t, res, metrics.Drains); w != 2048 || d != 2048 {
		t.Errorf("writes.false %v, drains %v; want 2048, 2048", w, d)
	}
	if b := metric(t, res, metrics.BufferedPeak+"."+engine.ProducerName); b != 0 {
		t.Errorf("buffered.peak.producer %v; want 0 (a generator has no buffer)", b)
	}
	if b := metric(t, res, metrics.BufferedPeak); b != 64*KiB {
		t.Errorf("buffered.peak %v; want one chunk, 64KiB", b)
	}
}

// Live and pull keep their meaning with a generator. 64 chunks of 64KiB
// made at 20MiB/s (3.125ms each) into a 10MiB/s consumer (6.25ms each):
// live, chunk k is due at k·3.125ms and waits upstream until the loop asks
// for it, so the consumer never idles after the first: 3.125 + 64·6.25 =
// 403.125ms. Pull, a chunk is started only when the loop asks, after the
// previous 'drain': 64·(3.125+6.25) = 600ms. A pull Readable reads ahead
// into its buffer, so it takes less than that.
func TestGeneratorLiveAndPull(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(64 * KiB), Rate: 20 * MiB, Generator: true},
		Stop:          engine.Stop{Chunks: 64},
		Consumers:     []engine.Consumer{{Name: "c", Rate: 10 * MiB}},
		HighWaterMark: ptr(16 * KiB),
		Strategy:      engine.StrategyAwaitDrain,
	}
	live := mustRun(t, cfg)
	if d := metric(t, live, metrics.Duration); !within(d, 0.403125, 1e-9) {
		t.Errorf("live generator: duration %v; want 0.403125", d)
	}
	if b := metric(t, live, metrics.BacklogPeak); b < 64*KiB {
		t.Errorf("live generator: backlog.peak %v; want chunks waiting upstream", b)
	}
	cfg.Producer.Pull = true
	pull := mustRun(t, cfg)
	if d := metric(t, pull, metrics.Duration); !within(d, 0.6, 1e-9) {
		t.Errorf("pull generator: duration %v; want 0.6", d)
	}
	if _, ok := pull.Metrics.Get(metrics.BacklogPeak); ok {
		t.Error("pull generator: has backlog.peak; a pull producer has no upstream")
	}
	cfg.Producer.Generator = false
	if d := metric(t, mustRun(t, cfg), metrics.Duration); !(d < 0.6) {
		t.Errorf("pull Readable: duration %v; want below the generator's 0.6 (it reads ahead)", d)
	}
}

// A generator is read by an await-drain loop and by nothing else.
func TestGeneratorNeedsAwaitDrain(t *testing.T) {
	t.Parallel()
	for _, s := range engine.Strategies {
		cfg := engine.Config{
			Producer:    engine.Producer{Chunk: engine.Fixed(KiB), Generator: true},
			Stop:        engine.Stop{Chunks: 10},
			Consumers:   []engine.Consumer{{Name: "c", Rate: MiB}},
			Strategy:    s,
			MemoryGuard: MiB,
		}
		err := cfg.Validate()
		if (err == nil) != (s == engine.StrategyAwaitDrain) {
			t.Errorf("strategy %s: Validate = %v", s, err)
		}
	}
}
