package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

func jitteryCell(seed uint64) engine.Config {
	return engine.Config{
		Producer: engine.Producer{Rate: 30 * MiB,
			Chunk: engine.Normal{MeanSize: 16 * KiB, Stddev: 8 * KiB, MinSize: 512, MaxSize: 64 * KiB},
			Burst: engine.Burst{On: 40 * time.Millisecond, Off: 10 * time.Millisecond}},
		Stop:   engine.Stop{Bytes: 64 * MiB, Duration: time.Minute},
		Stages: []engine.Stage{{Name: "gzip", CostPerByte: 3, CostPerChunk: 20 * time.Microsecond}},
		Consumers: []engine.Consumer{
			{Name: "disk", Rate: 20 * MiB, Latency: 100 * time.Microsecond, Jitter: 0.3,
				Stalls: engine.Stalls{Every: 500 * time.Millisecond, For: 50 * time.Millisecond}},
			{Name: "net", Rate: 25 * MiB, Jitter: 0.5},
		},
		Strategy: engine.StrategyPipe,
		Seed:     seed,
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, s := range engine.Strategies {
		t.Run(string(s), func(t *testing.T) {
			t.Parallel()
			cfg := jitteryCell(42)
			cfg.Strategy = s
			cfg.MemoryGuard = 32 * MiB
			a, b := mustRun(t, cfg), mustRun(t, cfg)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("two runs of one Config differ:\n%+v\n%+v", a, b)
			}
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if !bytes.Equal(ja, jb) {
				t.Fatalf("two runs give different JSON:\n%s\n%s", ja, jb)
			}
			var back engine.Result
			if err := json.Unmarshal(ja, &back); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(back, a) {
				t.Errorf("JSON round trip changed the Result")
			}
		})
	}
}

func TestSeedsDiffer(t *testing.T) {
	t.Parallel()
	a, b := mustRun(t, jitteryCell(1)), mustRun(t, jitteryCell(2))
	for _, name := range []string{metrics.LatencyP99, metrics.BufferedMean, metrics.Duration} {
		if metric(t, a, name) == metric(t, b, name) {
			t.Errorf("%s is %v for seeds 1 and 2; want different values", name, metric(t, a, name))
		}
	}
}

// Each consumer's jitter draws from its own stream: changing one consumer
// leaves the chunk sizes alone.
func TestJitterDoesNotMoveChunkSizes(t *testing.T) {
	t.Parallel()
	a := jitteryCell(5)
	b := jitteryCell(5)
	b.Consumers[1].Jitter = 0.1
	ra, rb := mustRun(t, a), mustRun(t, b)
	if x, y := metric(t, ra, metrics.ChunksProduced), metric(t, rb, metrics.ChunksProduced); x != y {
		t.Errorf("chunks.produced = %v and %v; want the same chunk sizes", x, y)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:      engine.Stop{Chunks: 1_000_000},
		Consumers: []engine.Consumer{{Name: "c", Rate: 1 * MiB}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := Engine{}.Run(ctx, cfg)
	if err != context.Canceled {
		t.Fatalf("Run after cancel: err = %v; want context.Canceled", err)
	}
	if got := metric(t, res, metrics.ChunksConsumed); got >= 1_000_000 || got > 4*ctxEvery {
		t.Errorf("chunks.consumed = %v; want the run stopped within a few thousand chunks", got)
	}
	// A cell with no timers at all (instant consumer) stops too.
	cfg.Consumers[0].Rate = 0
	if _, err := (Engine{}).Run(ctx, cfg); err != context.Canceled {
		t.Fatalf("instant consumer: err = %v; want context.Canceled", err)
	}
}

func TestInvalidConfig(t *testing.T) {
	t.Parallel()
	_, err := Engine{}.Run(context.Background(), engine.Config{})
	if err == nil {
		t.Fatal("Run(zero Config) = nil error; want a validation error")
	}
}
