package node

import (
	"context"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// wallEngine is nodeEngine on the wall clock.
func wallEngine(t *testing.T) Engine {
	t.Helper()
	e := nodeEngine(t)
	e.Timing = Wall
	return e
}

// On the wall clock a consumer cannot finish before its own absolute
// deadlines: the run lasts at least bytes/rate and the throughput is at
// most the consumer's rate (lateness only adds time). Every figure is
// there, and the process metrics with it; the warm-up's chunks are not
// counted.
func TestWallTimingBoundedByConsumer(t *testing.T) {
	t.Parallel()
	e := wallEngine(t)
	const rate, bytes = 8 << 20, 512 << 10
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 16 << 20, Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: bytes},
		Consumers: []engine.Consumer{{Name: "disk", Rate: rate}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := metric(t, res, metrics.Duration), float64(bytes)/rate; got < want {
		t.Errorf("duration = %.4fs; want at least bytes/rate = %.4fs", got, want)
	}
	if got := metric(t, res, metrics.Throughput); got > rate*1.000001 {
		t.Errorf("throughput = %.0f B/s; want at most the consumer's %d B/s", got, rate)
	}
	if got := metric(t, res, metrics.BytesConsumed); got != bytes {
		t.Errorf("bytes.consumed = %v; want %d", got, bytes)
	}
	for _, m := range []string{metrics.EventLoopP50, metrics.CPUUser, metrics.GCCount, metrics.RSSPeak} {
		metric(t, res, m)
	}
	// The producer's schedule ends at bytes/16MiB/s; by then the consumer
	// took at most half of it and the streams hold buffered.peak at most:
	// the rest waited upstream, however late Node was.
	sched := float64(bytes) / (16 << 20)
	if got, least := metric(t, res, metrics.BacklogPeak), bytes-rate*sched-metric(t, res, metrics.BufferedPeak); got < least || metric(t, res, metrics.BacklogMean) <= 0 {
		t.Errorf("backlog.peak = %.0f, mean %.0f; want at least %.0f waiting upstream", got, metric(t, res, metrics.BacklogMean), least)
	}
}

// An unpaced cell (no rate anywhere) runs as fast as Node can, and the
// driver still yields to the event loop: a stop duration ends it long
// before its chunk limit (were the loop starved, the stop timer would never
// fire and the run would hit the engine's timeout first).
func TestUnpacedYieldsToTheLoop(t *testing.T) {
	t.Parallel()
	e := wallEngine(t)
	const limit = 100_000_000
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(64)},
		Stop:      engine.Stop{Chunks: limit, Duration: 150 * time.Millisecond},
		Consumers: []engine.Consumer{{Name: "sink"}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	n := metric(t, res, metrics.ChunksConsumed)
	if n <= 0 || n >= limit {
		t.Errorf("chunks.consumed = %v; want some, fewer than the limit %d", n, limit)
	}
	if got := metric(t, res, metrics.Duration); got != 0.15 {
		t.Errorf("duration = %v; want the stop duration 0.15", got)
	}
	if got := metric(t, res, metrics.Throughput); got <= 0 {
		t.Errorf("throughput = %v; want > 0", got)
	}
}

// The process metrics of a short cell on every Node `make nodes` installs
// are present and consistent with each other.
func TestProcessMetricsOnEveryNode(t *testing.T) {
	for _, v := range Versions {
		t.Run("node"+v, func(t *testing.T) {
			t.Parallel()
			b, err := Find(v)
			if err != nil {
				t.Skipf("Node %s not installed (install Node 20, 22 and 24 with `make nodes`): %v", v, err)
			}
			e := Engine{Node: b.Path}
			cfg := engine.Config{
				Producer:  engine.Producer{Rate: 32 << 20, Chunk: engine.Fixed(16 << 10)},
				Stop:      engine.Stop{Bytes: 2 << 20},
				Consumers: []engine.Consumer{{Name: "disk", Rate: 16 << 20}},
				Strategy:  engine.StrategyPipe,
			}
			res, err := e.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			m := func(name string) float64 { return metric(t, res, name) }
			if m(metrics.CPUUser) <= 0 {
				t.Errorf("cpu.user = %v; want > 0", m(metrics.CPUUser))
			}
			if m(metrics.CPUSystem) < 0 || m(metrics.CPUPerChunk) <= 0 {
				t.Errorf("cpu.system = %v, cpu.per.chunk = %v; want >= 0, > 0", m(metrics.CPUSystem), m(metrics.CPUPerChunk))
			}
			p50, p99, mx := m(metrics.EventLoopP50), m(metrics.EventLoopP99), m(metrics.EventLoopMax)
			if !(0 <= p50 && p50 <= p99 && p99 <= mx) {
				t.Errorf("eventloop.delay p50 %v, p99 %v, max %v; want 0 <= p50 <= p99 <= max", p50, p99, mx)
			}
			if rss, heap := m(metrics.RSSPeak), m(metrics.HeapPeak); !(rss >= heap && heap > 0) {
				t.Errorf("rss.peak %v, heap.peak %v; want rss.peak >= heap.peak > 0", rss, heap)
			}
			if ab, ext := m(metrics.ArrayBuffersPeak), m(metrics.ExternalPeak); !(ext >= ab && ab > 0) {
				t.Errorf("external.peak %v, arraybuffers.peak %v; want external >= arraybuffers > 0 (Buffers are ArrayBuffers)", ext, ab)
			}
			if n, p := m(metrics.GCCount), m(metrics.GCPause); n < 0 || p < 0 || (n == 0) != (p == 0) {
				t.Errorf("gc.count %v, gc.pause %v; want both 0 or both > 0", n, p)
			}
		})
	}
}

// A load of busy slices blocks the loop for a slice at a time: the
// event-loop delay shows it (a lower bound: a slower machine only adds).
func TestLoadBlocksTheLoop(t *testing.T) {
	t.Parallel()
	e := wallEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 8 << 20, Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: 1 << 20},
		Consumers: []engine.Consumer{{Name: "disk", Rate: 8 << 20}},
		Strategy:  engine.StrategyPipe,
		Load:      engine.Load{Busy: 0.5, Slice: 8 * time.Millisecond},
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := metric(t, res, metrics.EventLoopMax); got < 0.004 {
		t.Errorf("eventloop.delay.max = %v s; want at least half an 8ms busy slice", got)
	}
	if got := metric(t, res, metrics.CPUUser); got < 0.05 {
		t.Errorf("cpu.user = %v s; want at least the busy slices' CPU (half of a run of >= 125ms)", got)
	}
}
