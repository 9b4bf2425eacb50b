package harness

import (
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// A pull producer with nothing downstream to wait for makes a chunk every
// latency + size/rate: one request at a time, as Node's Readable calls
// _read again only after a push.
func TestPullProducerRate(t *testing.T) {
	t.Parallel()
	const chunk = 64 * KiB
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Pull: true, Rate: 64 * MiB, Latency: time.Millisecond, Chunk: engine.Fixed(chunk)},
		Stop:      engine.Stop{Bytes: 64 * MiB},
		Consumers: []engine.Consumer{{Name: "sink"}},
		Strategy:  engine.StrategyPipe,
	})
	perChunk := 1e-3 + float64(chunk)/(64*MiB) // 2ms
	if got, want := metric(t, res, metrics.Throughput), chunk/perChunk; !within(got, want, 0.001) {
		t.Errorf("throughput %.0f, want %.0f (one chunk per latency + size/rate)", got, want)
	}
	// A chunk is consumed as soon as it is made: no wait counts.
	if got := metric(t, res, metrics.LatencyMax); got > 1e-6 {
		t.Errorf("latency.max %v, want 0: a pull chunk is due when it is made", got)
	}
}

// The read-ahead effect: a pull producer blocked by a full buffer loses
// that time, so with a stalling consumer a small highWaterMark starves the
// pipeline and a large one lets the producer read through the stalls.
func TestPullReadAheadNeedsBuffer(t *testing.T) {
	t.Parallel()
	run := func(hwm int) engine.Result {
		return mustRun(t, engine.Config{
			Producer:      engine.Producer{Pull: true, Rate: 30 * MiB, Latency: time.Millisecond, Chunk: engine.Fixed(64 * KiB)},
			Stop:          engine.Stop{Bytes: 64 * MiB},
			HighWaterMark: &hwm,
			Consumers:     []engine.Consumer{{Name: "sink", Rate: 40 * MiB, Stalls: engine.Stalls{Every: time.Second, For: 300 * time.Millisecond}, HighWaterMark: &hwm}},
			Strategy:      engine.StrategyPipe,
		})
	}
	small, large := run(16*KiB), run(16*MiB)
	production := 64 * KiB / (1e-3 + 64.0*KiB/(30*MiB))
	ts, tl := metric(t, small, metrics.Throughput), metric(t, large, metrics.Throughput)
	// Large: the producer never waits, so throughput is its own rate.
	if !within(tl, production, 0.1) || metric(t, large, metrics.ProducerStalled) > 0.01 {
		t.Errorf("16MiB buffers: throughput %.0f (want ≈ %.0f), stalled %v", tl, production, metric(t, large, metrics.ProducerStalled))
	}
	// Small: the producer idles through every stall (30% of the time).
	if ts > 0.8*tl || metric(t, small, metrics.ProducerStalled) < 0.2 {
		t.Errorf("16KiB buffers: throughput %.0f vs %.0f with 16MiB, stalled %v: want the stalls to starve it", ts, tl, metric(t, small, metrics.ProducerStalled))
	}
}

func TestPullValidation(t *testing.T) {
	base := engine.Config{Producer: engine.Producer{Chunk: engine.Fixed(1)}, Stop: engine.Stop{Chunks: 1},
		Consumers: []engine.Consumer{{Name: "c"}}, Strategy: engine.StrategyPipe}
	bad := []engine.Producer{
		{Chunk: engine.Fixed(1), Latency: time.Millisecond},                                                    // latency without pull
		{Chunk: engine.Fixed(1), Pull: true, Burst: engine.Burst{On: time.Millisecond, Off: time.Millisecond}}, // pull with bursts
		{Chunk: engine.Fixed(1), Pull: true, Latency: -time.Millisecond},                                       // negative
	}
	for i, p := range bad {
		c := base
		c.Producer = p
		if err := c.Validate(); err == nil {
			t.Errorf("case %d: %+v validated", i, p)
		}
	}
}
