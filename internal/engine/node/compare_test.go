package node

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// The same cell on sim and on real Node agrees on throughput and
// buffered.peak within 5% (for these cells they are equal: the driver fires
// sim's deadlines in sim's order, and Node's streams decide the rest the way
// internal/stream does). buffered.mean is not compared: the node engine
// samples it.
func TestAgreesWithSim(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	v, err := Version(e.Node)
	if err != nil {
		t.Fatal(err)
	}
	prof := stream.Node22
	if Major(v) < 22 {
		prof = stream.Node20
	}
	const KiB, MiB = 1 << 10, 1 << 20
	eight := 8
	cells := map[string]engine.Config{
		"pipe-slow-consumer": {
			Producer:  engine.Producer{Rate: 16 * MiB, Chunk: engine.Fixed(4 * KiB)},
			Stop:      engine.Stop{Bytes: 2 * MiB},
			Consumers: []engine.Consumer{{Name: "disk", Rate: 4 * MiB}},
			Strategy:  engine.StrategyPipe,
		},
		"pipeline-stage": {
			Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB)},
			Stop:      engine.Stop{Bytes: 4 * MiB},
			Stages:    []engine.Stage{{Name: "gzip", CostPerByte: 1e9 / (16 * MiB)}},
			Consumers: []engine.Consumer{{Name: "net", Rate: 8 * MiB, Latency: 200 * time.Microsecond}},
			Strategy:  engine.StrategyPipeline,
		},
		"manual-two-consumers": {
			Producer:  engine.Producer{ChunkRate: 2000, Chunk: engine.Uniform{MinSize: 1 * KiB, MaxSize: 8 * KiB}},
			Stop:      engine.Stop{Chunks: 1500},
			Consumers: []engine.Consumer{{Name: "a", Rate: 6 * MiB, Jitter: 0.3}, {Name: "b", ChunkRate: 1500}},
			Strategy:  engine.StrategyManual,
			Seed:      7,
		},
		"object-mode-stage": {
			Producer: engine.Producer{Rate: 4 * MiB, ObjectMode: true,
				Chunk: engine.Weighted{{Size: 100, Weight: 1}, {Size: 9000, Weight: 2}}},
			Stop:      engine.Stop{Chunks: 400},
			Stages:    []engine.Stage{{Name: "parse", CostPerChunk: 300 * time.Microsecond, HighWaterMark: &eight}},
			Consumers: []engine.Consumer{{Name: "db", Rate: 2 * MiB}},
			Strategy:  engine.StrategyPipe,
			Seed:      3,
		},
		"pull-read-ahead": {
			Producer: engine.Producer{Pull: true, Rate: 8 * MiB, Latency: time.Millisecond, Chunk: engine.Fixed(16 * KiB)},
			Stop:     engine.Stop{Bytes: 1 * MiB},
			Consumers: []engine.Consumer{{Name: "c", Rate: 16 * MiB,
				Stalls: engine.Stalls{Every: 100 * time.Millisecond, For: 30 * time.Millisecond}}},
			Strategy: engine.StrategyPipe,
		},
		"await-drain-bursts-stalls": {
			Producer: engine.Producer{Rate: 4 * MiB, Chunk: engine.Fixed(4 * KiB),
				Burst: engine.Burst{On: 50 * time.Millisecond, Off: 30 * time.Millisecond}},
			Stop: engine.Stop{Duration: 400 * time.Millisecond},
			Consumers: []engine.Consumer{{Name: "c", Rate: 3 * MiB, Jitter: 0.5,
				Stalls: engine.Stalls{Every: 150 * time.Millisecond, For: 40 * time.Millisecond}}},
			Strategy: engine.StrategyAwaitDrain,
			Seed:     5,
		},
		// A plain async generator under await-drain (no Readable): live,
		// with chunks waiting upstream; pull through a stage; objects.
		"generator-live": {
			Producer:  engine.Producer{Rate: 20 * MiB, Chunk: engine.Fixed(64 * KiB), Generator: true},
			Stop:      engine.Stop{Chunks: 64},
			Consumers: []engine.Consumer{{Name: "c", Rate: 10 * MiB, HighWaterMark: ptr(16 * KiB)}},
			Strategy:  engine.StrategyAwaitDrain,
		},
		"generator-pull-stage-stalls": {
			Producer: engine.Producer{Pull: true, Rate: 8 * MiB, Latency: time.Millisecond,
				Chunk: engine.Uniform{MinSize: 1 * KiB, MaxSize: 32 * KiB}, Generator: true},
			Stop:   engine.Stop{Bytes: 2 * MiB},
			Stages: []engine.Stage{{Name: "t", CostPerChunk: 200 * time.Microsecond}},
			Consumers: []engine.Consumer{{Name: "c", Rate: 6 * MiB, Jitter: 0.3,
				Stalls: engine.Stalls{Every: 100 * time.Millisecond, For: 30 * time.Millisecond}}},
			Strategy: engine.StrategyAwaitDrain,
			Seed:     11,
		},
		"generator-bursts-duration": {
			Producer: engine.Producer{Rate: 4 * MiB, Chunk: engine.Fixed(4 * KiB), Generator: true,
				Burst: engine.Burst{On: 50 * time.Millisecond, Off: 30 * time.Millisecond}},
			Stop: engine.Stop{Duration: 400 * time.Millisecond},
			Consumers: []engine.Consumer{{Name: "c", Rate: 3 * MiB, Jitter: 0.5,
				Stalls: engine.Stalls{Every: 150 * time.Millisecond, For: 40 * time.Millisecond}}},
			Strategy: engine.StrategyAwaitDrain,
			Seed:     5,
		},
		"generator-objects-two-consumers": {
			Producer: engine.Producer{ChunkRate: 3000, ObjectMode: true, Generator: true,
				Chunk: engine.Weighted{{Size: 100, Weight: 1}, {Size: 9000, Weight: 2}}},
			Stop:      engine.Stop{Chunks: 600},
			Consumers: []engine.Consumer{{Name: "a", ChunkRate: 2000, HighWaterMark: &eight}, {Name: "b", Rate: 8 * MiB}},
			Strategy:  engine.StrategyAwaitDrain,
			Seed:      2,
		},
	}
	for name, cfg := range cells {
		t.Run(name, func(t *testing.T) {
			cfg.Profile = prof
			want, err := sim.Engine{}.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			ms := []string{"throughput", "buffered.peak"}
			if !cfg.Producer.Pull {
				ms = append(ms, metrics.BacklogPeak, metrics.BacklogMean)
			} else if _, ok := got.Metrics.Get(metrics.BacklogPeak); ok {
				t.Error("node lists backlog.peak for a pull producer")
			}
			if cfg.Producer.Generator {
				// The generator's loop is fully determined by the deadlines
				// the driver fires in sim's order: the same numbers.
				ms = append(ms, metrics.Duration, metrics.WritesFalse, metrics.Drains, metrics.ChunksConsumed, metrics.LatencyP99)
				for _, m := range ms {
					if g, w := metric(t, got, m), metric(t, want, m); g != w {
						t.Errorf("%s: node %v, sim %v; want equal", m, g, w)
					}
				}
			}
			for _, m := range ms {
				g, w := metric(t, got, m), metric(t, want, m)
				if w == 0 {
					if g != 0 {
						t.Errorf("%s: node %.0f, sim 0", m, g)
					}
					continue
				}
				t.Logf("%s: node %.0f, sim %.0f (%+.2f%%)", m, g, w, 100*(g-w)/w)
				if (m == metrics.BacklogPeak || m == metrics.BacklogMean) && g != w {
					t.Errorf("%s: node %v, sim %v: the same chunks wait the same times upstream, so equal", m, g, w)
				}
				if math.Abs(g-w) > 0.05*w {
					t.Errorf("%s: node %.0f, sim %.0f: more than 5%% apart", m, g, w)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
