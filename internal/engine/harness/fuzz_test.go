package harness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// randomCell draws any valid cell: every strategy, bursts, stalls, object
// mode, chunk rates, guards.
func randomCell(rng *rand.Rand) engine.Config {
	cfg := randomPipeCell(rng)
	cfg.Strategy = engine.Strategies[rng.IntN(len(engine.Strategies))]
	cfg.Stop = engine.Stop{Chunks: int64(1 + rng.IntN(2000))}
	if rng.IntN(3) == 0 {
		cfg.Stop.Duration = time.Duration(1+rng.IntN(1000)) * time.Millisecond
	}
	if rng.IntN(3) == 0 {
		cfg.Producer.Burst = engine.Burst{On: time.Duration(1+rng.IntN(20)) * time.Millisecond, Off: time.Duration(1+rng.IntN(20)) * time.Millisecond}
	}
	if cfg.Producer.Rate == 0 && rng.IntN(3) == 0 {
		cfg.Producer.ChunkRate = float64(1 + rng.IntN(100000))
	}
	if cfg.Strategy == engine.StrategyIgnore || rng.IntN(4) == 0 {
		cfg.MemoryGuard = int64(1 + rng.IntN(4*MiB))
	}
	return cfg
}

// FuzzRun: whatever the cell, Run returns without panic or error, delivers
// what it produced unless stopped early, and gives the same Result twice.
func FuzzRun(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42, 1e6} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		cfg := randomCell(rand.New(rand.NewPCG(seed, 99)))
		if err := cfg.Validate(); err != nil {
			t.Fatalf("generated cell invalid: %v", err)
		}
		a, err := Engine{}.Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		stoppedEarly := a.GuardExceeded || cfg.Stop.Duration > 0
		p, _ := a.Metrics.Get(metrics.BytesProduced)
		c, _ := a.Metrics.Get(metrics.BytesConsumed)
		if !stoppedEarly && p != c {
			t.Fatalf("bytes produced %v, consumed %v; want equal\ncell %s", p, c, describe(cfg))
		}
		for _, m := range a.Metrics {
			if m.Value < 0 {
				t.Errorf("%s = %v < 0", m.Name, m.Value)
			}
		}
		for _, w := range unexpected(a.Warnings) {
			t.Errorf("warning: %s\ncell %s", w, describe(cfg))
		}
		b, _ := Engine{}.Run(context.Background(), cfg)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two runs differ\ncell %s", describe(cfg))
		}
	})
}

// TestRandomCells runs FuzzRun's property over many seeds in plain go test.
func TestRandomCells(t *testing.T) {
	t.Parallel()
	n := 300
	if testing.Short() {
		n = 50
	}
	for seed := range uint64(n) {
		cfg := randomCell(rand.New(rand.NewPCG(seed, 99)))
		res, err := Engine{}.Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("seed %d: %v\ncell %s", seed, err, describe(cfg))
		}
		p, _ := res.Metrics.Get(metrics.BytesProduced)
		c, _ := res.Metrics.Get(metrics.BytesConsumed)
		if !res.GuardExceeded && cfg.Stop.Duration == 0 && p != c {
			t.Errorf("seed %d: bytes produced %v, consumed %v\ncell %s", seed, p, c, describe(cfg))
		}
		for _, w := range unexpected(res.Warnings) {
			t.Errorf("seed %d: warning: %s\ncell %s", seed, w, describe(cfg))
		}
	}
}

// unexpected drops the warnings of a cell that took no time (instant
// producer and consumers) or consumed nothing (a guard hit at once): the
// others point at the engine.
func unexpected(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !strings.HasPrefix(w, "metrics: duration is 0") && !strings.HasPrefix(w, "metrics: no latency recorded") {
			out = append(out, w)
		}
	}
	return out
}

func describe(c engine.Config) string {
	hwm := func(p *int) string {
		if p == nil {
			return "default"
		}
		return fmt.Sprint(*p)
	}
	s := fmt.Sprintf("strategy=%s profile=%s hwm=%s producer=%+v stop=%+v guard=%d seed=%d",
		c.Strategy, c.Profile.Name, hwm(c.HighWaterMark), c.Producer, c.Stop, c.MemoryGuard, c.Seed)
	for _, st := range c.Stages {
		s += fmt.Sprintf("\n  stage %s cost=%v+%vns/B hwm=%s r=%s w=%s", st.Name, st.CostPerChunk, st.CostPerByte,
			hwm(st.HighWaterMark), hwm(st.ReadableHWM), hwm(st.WritableHWM))
	}
	for _, cs := range c.Consumers {
		s += fmt.Sprintf("\n  consumer %s rate=%v latency=%v jitter=%v stalls=%+v hwm=%s", cs.Name, cs.Rate, cs.Latency,
			cs.Jitter, cs.Stalls, hwm(cs.HighWaterMark))
	}
	return s
}
