package harness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// Every strategy delivers every byte to every consumer, in byte and object
// mode, with stages and several consumers.
func TestStrategiesDeliverEverything(t *testing.T) {
	t.Parallel()
	for _, s := range engine.Strategies {
		for _, obj := range []bool{false, true} {
			t.Run(fmt.Sprintf("strategy=%s/object=%v", s, obj), func(t *testing.T) {
				t.Parallel()
				res := mustRun(t, engine.Config{
					Producer: engine.Producer{Rate: 50 * MiB, ObjectMode: obj,
						Chunk: engine.Uniform{MinSize: 100, MaxSize: 20 * KiB}},
					Stop:   engine.Stop{Bytes: 8 * MiB},
					Stages: []engine.Stage{{Name: "a", CostPerChunk: 30 * time.Microsecond}, {Name: "b"}},
					Consumers: []engine.Consumer{
						{Name: "x", Rate: 10 * MiB, Jitter: 0.2},
						{Name: "y", Latency: 200 * time.Microsecond},
					},
					Strategy:    s,
					MemoryGuard: 1 << 30,
					Seed:        11,
				})
				if res.GuardExceeded {
					t.Fatal("GuardExceeded")
				}
				for _, m := range []string{metrics.BytesProduced, metrics.BytesConsumed} {
					if got := metric(t, res, m); got != 8*MiB {
						t.Errorf("%s = %v; want %d", m, got, 8*MiB)
					}
				}
				if p, c := metric(t, res, metrics.ChunksProduced), metric(t, res, metrics.ChunksConsumed); s != engine.StrategyAwaitDrain && p != c {
					t.Errorf("chunks produced %v, consumed %v", p, c)
				}
				// Everything drained: the timeline ends at 0.
				if tl := res.Timeline; tl[len(tl)-1].Bytes != 0 {
					t.Errorf("timeline ends at %d bytes; want 0", tl[len(tl)-1].Bytes)
				}
			})
		}
	}
}

// The tutorial's manual loop does what pipe does: same answers from
// write(), same pauses and drains, same timeline. It checks the engine's
// reading of pipe's write() answers against the manual loop's own count.
func TestManualMatchesPipe(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	cells := 100
	if testing.Short() {
		cells = 20
	}
	for i := range cells {
		cfg := randomPipeCell(rng)
		cfg.Strategy = engine.StrategyPipe
		pipe := mustRun(t, cfg)
		cfg.Strategy = engine.StrategyManual
		manual := mustRun(t, cfg)
		for _, m := range []string{metrics.WritesFalse, metrics.Drains, metrics.Pauses, metrics.BufferedPeak, metrics.BufferedMean, metrics.Duration, metrics.LatencyP99} {
			if a, b := metric(t, pipe, m), metric(t, manual, m); a != b {
				t.Errorf("cell %d: %s = %v under pipe, %v under manual", i, m, a, b)
			}
		}
	}
}

// Under ignore nothing pauses the producer: no 'pause', no stall.
func TestIgnoreNeverPauses(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:    engine.Producer{Rate: 10 * MiB, Chunk: engine.Fixed(4 * KiB)},
		Stop:        engine.Stop{Bytes: 4 * MiB},
		Consumers:   []engine.Consumer{{Name: "c", Rate: 5 * MiB}},
		Strategy:    engine.StrategyIgnore,
		MemoryGuard: 1 << 30,
	})
	for _, m := range []string{metrics.Pauses, metrics.ProducerStalled} {
		if got := metric(t, res, m); got != 0 {
			t.Errorf("%s = %v; want 0", m, got)
		}
	}
	// Once the backlog reaches the consumer's 64 KiB mark, every write
	// answers false, unheeded.
	if got := metric(t, res, metrics.WritesFalse); got == 0 {
		t.Errorf("writes.false = 0; want > 0")
	}
}

// Tiny chunks under ignore hit the cap on chunks in flight before a large
// guard: the run stops as if the guard was exceeded, and says why.
func TestInFlightCap(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:    engine.Producer{Chunk: engine.Fixed(1), Rate: 1 * MiB},
		Stop:        engine.Stop{Chunks: 100_000},
		Consumers:   []engine.Consumer{{Name: "c", Rate: 1 * KiB}},
		Strategy:    engine.StrategyIgnore,
		MemoryGuard: 1 << 30,
	}
	r := newRun(context.Background(), &cfg, 0)
	r.maxInFlight = 1000
	res, err := r.execute()
	if err != nil {
		t.Fatal(err)
	}
	if !res.GuardExceeded || len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "chunks in flight") {
		t.Errorf("GuardExceeded = %v, warnings %q; want true and a warning on chunks in flight", res.GuardExceeded, res.Warnings)
	}
	if got := metric(t, res, metrics.ChunksProduced) - metric(t, res, metrics.ChunksConsumed); got != 1000 {
		t.Errorf("chunks in flight at the stop = %v; want 1000", got)
	}
}
