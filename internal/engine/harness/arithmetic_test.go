package harness

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

const (
	KiB = 1 << 10
	MiB = 1 << 20
)

func mustRun(t *testing.T, cfg engine.Config) engine.Result {
	t.Helper()
	res, err := Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func metric(t *testing.T, res engine.Result, name string) float64 {
	t.Helper()
	v, ok := res.Metrics.Get(name)
	if !ok {
		t.Fatalf("no metric %q", name)
	}
	return v
}

func within(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// A consumer slower than the producer sets the throughput, whatever the
// strategy that applies backpressure, the chunks and the stages.
func TestThroughputIsConsumerRate(t *testing.T) {
	t.Parallel()
	chunks := []engine.ChunkDist{
		engine.Fixed(64 * KiB),
		engine.Fixed(1000),
		engine.Uniform{MinSize: 512, MaxSize: 8 * KiB},
		engine.Weighted{{Size: 1 * KiB, Weight: 3}, {Size: 16 * KiB, Weight: 1}},
	}
	for _, strategy := range []engine.Strategy{engine.StrategyPipe, engine.StrategyPipeline, engine.StrategyManual, engine.StrategyAwaitDrain} {
		for _, rate := range []float64{0, 100 * MiB} {
			for _, chunk := range chunks {
				for _, stages := range [][]engine.Stage{nil, {{Name: "gzip", CostPerByte: 1}}} {
					name := fmt.Sprintf("strategy=%s/rate=%g/chunk=%v/stages=%d", strategy, rate, chunk, len(stages))
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						const consumerRate = 10 * MiB
						res := mustRun(t, engine.Config{
							Producer:  engine.Producer{Rate: rate, Chunk: chunk},
							Stop:      engine.Stop{Bytes: 32 * MiB},
							Stages:    stages,
							Consumers: []engine.Consumer{{Name: "disk", Rate: consumerRate}},
							Strategy:  strategy,
							Seed:      7,
						})
						if got := metric(t, res, metrics.Throughput); !within(got, consumerRate, 0.001) {
							t.Errorf("throughput = %.0f B/s; want %d ±0.1%%", got, consumerRate)
						}
						if got := metric(t, res, metrics.BytesConsumed); got != 32*MiB {
							t.Errorf("bytes.consumed = %.0f; want %d", got, 32*MiB)
						}
						if got := metric(t, res, metrics.ConsumerBusy); !within(got, 1, 0.001) {
							t.Errorf("consumer.busy = %v; want 1 ±0.1%%", got)
						}
					})
				}
			}
		}
	}
}

// A consumer faster than a paced producer leaves the producer's rate, and a
// latency of one service time per chunk.
func TestThroughputIsProducerRate(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Rate: 4 * MiB, Chunk: engine.Fixed(4 * KiB)},
		Stop:      engine.Stop{Bytes: 16 * MiB},
		Consumers: []engine.Consumer{{Name: "net", Rate: 64 * MiB}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.Throughput); !within(got, 4*MiB, 0.001) {
		t.Errorf("throughput = %.0f; want %d ±0.1%%", got, 4*MiB)
	}
	service := (4 * KiB) / (64.0 * MiB) // seconds
	for _, q := range []string{metrics.LatencyP50, metrics.LatencyMax} {
		if got := metric(t, res, q); !within(got, service, 0.002) {
			t.Errorf("%s = %v; want %v", q, got, service)
		}
	}
	if got := metric(t, res, metrics.ProducerStalled); got != 0 {
		t.Errorf("producer.stalled = %v; want 0", got)
	}
	if got := metric(t, res, metrics.WritesFalse); got != 0 {
		t.Errorf("writes.false = %v; want 0", got)
	}
}

// Bursts: the producer works during On out of On+Off, so its average rate
// is Rate·On/(On+Off).
func TestBurstRate(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer: engine.Producer{Rate: 8 * MiB, Chunk: engine.Fixed(8 * KiB),
			Burst: engine.Burst{On: 50 * time.Millisecond, Off: 150 * time.Millisecond}},
		Stop:      engine.Stop{Bytes: 16 * MiB},
		Consumers: []engine.Consumer{{Name: "c", Rate: 64 * MiB}},
		Strategy:  engine.StrategyPipe,
	})
	// 16 MiB at 8 MiB/s is 2 s of work: 40 on phases, the last one ending
	// at 39·200 ms + 50 ms, then one chunk's service.
	want := 39*0.2 + 0.05 + 8.0*KiB/(64*MiB)
	if got := metric(t, res, metrics.Duration); !within(got, want, 1e-9) {
		t.Errorf("duration = %v; want %v", got, want)
	}
}

// Under ignore the buffer grows at producer rate minus consumer rate until
// the guard stops the run.
func TestIgnoreGrowsUntilGuard(t *testing.T) {
	t.Parallel()
	const prodRate, consRate, guard = 100 * MiB, 40 * MiB, 64 * MiB
	for _, chunk := range []engine.ChunkDist{engine.Fixed(64 * KiB), engine.Uniform{MinSize: 1 * KiB, MaxSize: 16 * KiB}} {
		t.Run(fmt.Sprint(chunk), func(t *testing.T) {
			res := mustRun(t, engine.Config{
				Producer:    engine.Producer{Rate: prodRate, Chunk: chunk},
				Stop:        engine.Stop{Bytes: 1 << 30},
				Consumers:   []engine.Consumer{{Name: "disk", Rate: consRate}},
				Strategy:    engine.StrategyIgnore,
				MemoryGuard: guard,
				Seed:        3,
			})
			if !res.GuardExceeded {
				t.Fatal("GuardExceeded = false; want true")
			}
			peak := metric(t, res, metrics.BufferedPeak)
			if peak <= guard || peak > guard+2*float64(chunk.Max()) {
				t.Errorf("buffered.peak = %v; want just above the guard %d", peak, guard)
			}
			// The slope between the timeline's points at a quarter of the
			// guard and at the end.
			tl := res.Timeline
			first := 0
			for tl[first].Bytes < guard/4 {
				first++
			}
			a, b := tl[first], tl[len(tl)-1]
			slope := float64(b.Bytes-a.Bytes) / (b.T - a.T).Seconds()
			if !within(slope, prodRate-consRate, 0.01) {
				t.Errorf("slope = %.0f B/s; want %d ±1%%", slope, prodRate-consRate)
			}
			if d := metric(t, res, metrics.Duration); !within(d, guard/float64(prodRate-consRate), 0.01) {
				t.Errorf("duration = %v s; want about %v", d, guard/float64(prodRate-consRate))
			}
		})
	}
}

// Stop by duration: the run ends at that time, drained or not.
func TestStopDuration(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB)},
		Stop:      engine.Stop{Duration: 2 * time.Second},
		Consumers: []engine.Consumer{{Name: "c", Rate: 1 * MiB}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.Duration); got != 2 {
		t.Errorf("duration = %v; want 2", got)
	}
	if got := metric(t, res, metrics.Throughput); !within(got, 1*MiB, 0.01) {
		t.Errorf("throughput = %v; want %d ±1%%", got, 1*MiB)
	}
}

// Stop by chunks, and the last chunk cut to fit Stop.Bytes.
func TestStopChunksAndBytes(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1000)},
		Stop:      engine.Stop{Chunks: 10},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.BytesConsumed); got != 10000 {
		t.Errorf("chunks stop: bytes.consumed = %v; want 10000", got)
	}
	res = mustRun(t, engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1000)},
		Stop:      engine.Stop{Bytes: 2500},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.ChunksConsumed); got != 3 {
		t.Errorf("bytes stop: chunks.consumed = %v; want 3", got)
	}
	if got := metric(t, res, metrics.BytesConsumed); got != 2500 {
		t.Errorf("bytes stop: bytes.consumed = %v; want 2500", got)
	}
}

// Several consumers: each gets every chunk, the slowest sets the pace.
func TestSlowestConsumerGoverns(t *testing.T) {
	t.Parallel()
	for _, strategy := range []engine.Strategy{engine.StrategyPipe, engine.StrategyPipeline, engine.StrategyManual, engine.StrategyAwaitDrain} {
		t.Run(string(strategy), func(t *testing.T) {
			res := mustRun(t, engine.Config{
				Producer: engine.Producer{Chunk: engine.Fixed(16 * KiB)},
				Stop:     engine.Stop{Bytes: 16 * MiB},
				Consumers: []engine.Consumer{
					{Name: "fast", Rate: 40 * MiB},
					{Name: "slow", Rate: 8 * MiB},
				},
				Strategy: strategy,
			})
			if got := metric(t, res, metrics.Throughput); !within(got, 8*MiB, 0.001) {
				t.Errorf("throughput = %.0f; want %d", got, 8*MiB)
			}
			if got := metric(t, res, metrics.ConsumerBusy+".slow"); !within(got, 1, 0.001) {
				t.Errorf("consumer.busy.slow = %v; want 1", got)
			}
			if got := metric(t, res, metrics.ConsumerBusy+".fast"); !within(got, 0.2, 0.01) {
				t.Errorf("consumer.busy.fast = %v; want 0.2", got)
			}
		})
	}
}

// Stalls: a consumer that stops for For at every multiple of Every does
// its 2 s of work over [0,1) [1.25,2) [2.25,2.5).
func TestStallsSlowTheConsumer(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer: engine.Producer{Chunk: engine.Fixed(4 * KiB)},
		Stop:     engine.Stop{Bytes: 32 * MiB},
		Consumers: []engine.Consumer{{Name: "c", Rate: 16 * MiB,
			Stalls: engine.Stalls{Every: time.Second, For: 250 * time.Millisecond}}},
		Strategy: engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.Duration); !within(got, 2.5, 1e-9) {
		t.Errorf("duration = %v; want 2.5", got)
	}
}

// Rates in chunks per second, and a per-byte cost that is not a whole
// number of nanoseconds (5ms/MiB), come out exact.
func TestChunkRatesAndFractionalCost(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{ChunkRate: 1000, Chunk: engine.Uniform{MinSize: 1, MaxSize: 100}},
		Stop:      engine.Stop{Chunks: 3000},
		Consumers: []engine.Consumer{{Name: "c", ChunkRate: 4000}},
		Strategy:  engine.StrategyPipe,
	})
	// The last chunk is ready at 3 s and served in 250 µs.
	if got := metric(t, res, metrics.Duration); !within(got, 3.00025, 1e-12) {
		t.Errorf("chunk rates: duration = %v; want 3.00025", got)
	}
	if got := metric(t, res, metrics.ThroughputChunks); !within(got, 3000/3.00025, 1e-9) {
		t.Errorf("chunk rates: throughput.chunks = %v", got)
	}
	res = mustRun(t, engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1000)},
		Stop:      engine.Stop{Bytes: 1 * MiB},
		Stages:    []engine.Stage{{Name: "gzip", CostPerByte: 5e6 / MiB}}, // 5ms/MiB
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.Duration); !within(got, 0.005, 1e-6) {
		t.Errorf("5ms/MiB over 1 MiB: duration = %v; want 0.005", got)
	}
}

// The sawtooth under pipe, exactly: an unlimited producer fills its
// Readable (16 KiB) and the consumer's Writable (16 KiB) at time 0; each
// 1 KiB chunk takes 1/1024 s; the Writable refills when it drained.
func TestSawtooth(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Profile:   stream.Node20,
		Producer:  engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:      engine.Stop{Bytes: 64 * KiB},
		Consumers: []engine.Consumer{{Name: "c", Rate: 1 * MiB}},
		Strategy:  engine.StrategyPipe,
	})
	tick := time.Second / 1024 // 976.5625 µs, truncated to 976.562 µs by the clock
	want := []metrics.Point{{T: 0, Bytes: 32 * KiB}, {T: tick, Bytes: 31 * KiB}, {T: 2 * tick, Bytes: 30 * KiB}}
	for i, w := range want {
		if got := res.Timeline[i]; got.Bytes != w.Bytes || (got.T-w.T).Abs() > 2 {
			t.Errorf("timeline[%d] = %v; want %v", i, got, w)
		}
	}
	if got := metric(t, res, metrics.BufferedPeak); got != 32*KiB {
		t.Errorf("buffered.peak = %v; want %d", got, 32*KiB)
	}
	// One chunk per tick: the total falls from 32 KiB to 17 KiB, then the
	// drain refills it (16 chunks move on, the producer pushes 16 more),
	// twice; by then all 64 chunks are made, and the last 32 take 32 ticks.
	// The producer was blocked for the first half and done for the second.
	if got := metric(t, res, metrics.Duration); !within(got, 64.0/1024, 1e-6) {
		t.Errorf("duration = %v; want %v", got, 64.0/1024)
	}
	if got, want := metric(t, res, metrics.ProducerStalled), 0.5; !within(got, want, 1e-6) {
		t.Errorf("producer.stalled = %v; want %v", got, want)
	}
}
