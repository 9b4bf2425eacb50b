package harness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// sideBound is stream's bound under pipe: max(H-1, 0) + C.
func sideBound(h, c int) int { return max(h-1, 0) + c }

// randomPipeCell draws a cell with a pipe or pipeline strategy.
func randomPipeCell(rng *rand.Rand) engine.Config {
	hwms := []int{0, 1, 100, 1000, 16 * KiB, 64 * KiB}
	hwm := func() *int {
		if rng.IntN(4) == 0 {
			return nil
		}
		h := hwms[rng.IntN(len(hwms))]
		return &h
	}
	chunks := []engine.ChunkDist{
		engine.Fixed(1), engine.Fixed(100), engine.Fixed(4 * KiB), engine.Fixed(64 * KiB),
		engine.Uniform{MinSize: 1, MaxSize: 40 * KiB},
		engine.Normal{MeanSize: 8 * KiB, Stddev: 4 * KiB, MinSize: 1, MaxSize: 32 * KiB},
		engine.Weighted{{Size: 10, Weight: 1}, {Size: 100 * KiB, Weight: 1}},
	}
	cfg := engine.Config{
		Producer: engine.Producer{
			Chunk:      chunks[rng.IntN(len(chunks))],
			Rate:       []float64{0, 1 * MiB, 50 * MiB}[rng.IntN(3)],
			ObjectMode: rng.IntN(4) == 0,
		},
		Stop:          engine.Stop{Chunks: 300},
		HighWaterMark: hwm(),
		Strategy:      []engine.Strategy{engine.StrategyPipe, engine.StrategyPipeline}[rng.IntN(2)],
		Seed:          rng.Uint64(),
		Profile:       []stream.Profile{stream.Node20, stream.Node22}[rng.IntN(2)],
	}
	for i := range rng.IntN(3) {
		cfg.Stages = append(cfg.Stages, engine.Stage{
			Name:          fmt.Sprintf("s%d", i),
			CostPerByte:   float64(rng.IntN(3)) / 2,
			CostPerChunk:  time.Duration(rng.IntN(2)) * time.Microsecond,
			HighWaterMark: hwm(), ReadableHWM: hwm(), WritableHWM: hwm(),
		})
	}
	for i := range 1 + rng.IntN(2) {
		c := engine.Consumer{
			Name:          fmt.Sprintf("c%d", i),
			Rate:          []float64{0, 2 * MiB, 20 * MiB}[rng.IntN(3)],
			Latency:       time.Duration(rng.IntN(3)) * 100 * time.Microsecond,
			Jitter:        []float64{0, 0.5}[rng.IntN(2)],
			HighWaterMark: hwm(),
		}
		if rng.IntN(3) == 0 {
			c.Stalls = engine.Stalls{Every: 10 * time.Millisecond, For: 3 * time.Millisecond}
		}
		cfg.Consumers = append(cfg.Consumers, c)
	}
	return cfg
}

// Under pipe, no side of any stream ever holds more than max(H-1, 0) + C
// (C the largest chunk, 1 in object mode), checked at every event, with the
// two allowances that internal/stream's invariants_test.go derives for a
// Transform's readable side: one more C when _transform is asynchronous (a
// stage with a cost), and the writable side's bound once end() released
// every held callback. The per-stage buffered.peak stays within the sum of
// its sides' bounds.
func TestPipeBound(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	cells := 300
	if testing.Short() {
		cells = 60
	}
	for i := range cells {
		cfg := randomPipeCell(rng)
		if err := cfg.Validate(); err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		r := newRun(context.Background(), &cfg, 0)
		c := cfg.Producer.Chunk.Max()
		unit := c // the bound's C in the streams' own unit
		if cfg.Producer.ObjectMode {
			unit = 1
		}
		// readableBound is the bound of n's readable side now.
		readableBound := func(j int, n *node) int {
			b := sideBound(n.s.ReadableHighWaterMark(), unit)
			if j == 0 {
				return b
			}
			if st := cfg.Stages[j-1]; st.CostPerByte > 0 || st.CostPerChunk > 0 {
				b += unit
			}
			if n.s.WritableEnded() {
				b += sideBound(n.s.WritableHighWaterMark(), unit)
			}
			return b
		}
		r.check = func() {
			for j, n := range r.nodes {
				s := n.s
				if s.Readable() {
					if l, h := s.ReadableLength(), s.ReadableHighWaterMark(); l > readableBound(j, n) {
						t.Fatalf("cell %d %+v: %s readable length %d > max(%d-1,0)+%d", i, cfg, s.Name, l, h, unit)
					}
				}
				if s.Writable() {
					if l, h := s.WritableLength(), s.WritableHighWaterMark(); l > sideBound(h, unit) {
						t.Fatalf("cell %d %+v: %s writable length %d > max(%d-1,0)+%d", i, cfg, s.Name, l, h, unit)
					}
				}
			}
		}
		res, err := r.execute()
		if err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		if got := metric(t, res, metrics.ChunksConsumed); got != 300 {
			t.Fatalf("cell %d: chunks.consumed = %v; want 300", i, got)
		}
		for j, n := range r.nodes {
			bound := 0
			if n.s.Readable() {
				bound += sideBound(n.s.ReadableHighWaterMark(), unit)
				if j > 0 && j <= len(cfg.Stages) {
					bound += unit // asynchronous _transform allowance
				}
			}
			if n.s.Writable() {
				bound += sideBound(n.s.WritableHighWaterMark(), unit)
			}
			if cfg.Producer.ObjectMode {
				bound *= c // bytes: at most bound objects of at most c bytes
			}
			if got := metric(t, res, metrics.BufferedPeak+"."+n.s.Name); got > float64(bound) {
				t.Errorf("cell %d: buffered.peak.%s = %v > %d", i, n.s.Name, got, bound)
			}
		}
	}
}
