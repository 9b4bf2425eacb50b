package harness

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// Without a cost model, the pipelines of a group only share the clock:
// each runs exactly as a single cell with its own seed
// (engine.PipelineSeed), so counts add up, the duration is the longest,
// and the group's buffered bytes are the sum of the singles' at each
// instant (its area is the sum of their areas; its peak lies between the
// largest single peak and the sum of the peaks, below the sum when the
// peaks do not coincide).
func TestPipelinesIndependentWithoutCosts(t *testing.T) {
	t.Parallel()
	const n = 4
	for _, s := range append(engine.Strategies, "generator") {
		t.Run(string(s), func(t *testing.T) {
			t.Parallel()
			cfg := jitteryCell(7)
			cfg.Strategy = s
			if s == "generator" { // an async generator under await-drain
				cfg.Strategy, cfg.Producer.Generator = engine.StrategyAwaitDrain, true
			}
			cfg.MemoryGuard = 1 << 40
			cfg.Stop.Bytes = 8 * MiB
			var sumChunks, sumBytes, sumArea, maxDur, maxLat, maxPeak, sumPeak float64
			for i := range n {
				one := cfg
				one.Seed = engine.PipelineSeed(cfg.Seed, i)
				r := mustRun(t, one)
				sumChunks += metric(t, r, metrics.ChunksProduced)
				sumBytes += metric(t, r, metrics.BytesConsumed)
				d := metric(t, r, metrics.Duration)
				sumArea += metric(t, r, metrics.BufferedMean) * d
				maxDur = max(maxDur, d)
				maxLat = max(maxLat, metric(t, r, metrics.LatencyMax))
				p := metric(t, r, metrics.BufferedPeak)
				maxPeak, sumPeak = max(maxPeak, p), sumPeak+p
			}
			cfg.Pipelines = n
			g := mustRun(t, cfg)
			for _, c := range []struct {
				name string
				got  float64
				want float64
			}{
				{"chunks.produced", metric(t, g, metrics.ChunksProduced), sumChunks},
				{"bytes.consumed", metric(t, g, metrics.BytesConsumed), sumBytes},
				{"duration", metric(t, g, metrics.Duration), maxDur},
				{"latency.max", metric(t, g, metrics.LatencyMax), maxLat},
				{"buffered.mean × duration", metric(t, g, metrics.BufferedMean) * metric(t, g, metrics.Duration), sumArea},
			} {
				if !within(c.got, c.want, 1e-9) {
					t.Errorf("%d pipelines: %s = %v; want %v (the singles')", n, c.name, c.got, c.want)
				}
			}
			peak := metric(t, g, metrics.BufferedPeak)
			if peak < maxPeak || peak > sumPeak {
				t.Errorf("buffered.peak = %v; want in [%v, %v] (largest single peak, sum of peaks)", peak, maxPeak, sumPeak)
			}
			if pp := metric(t, g, metrics.BufferedPerPipeline); pp != peak/n {
				t.Errorf("buffered.per.pipeline = %v; want buffered.peak / %d = %v", pp, n, peak/n)
			}
		})
	}
}

// With random stalls, the pipelines' peaks fall at different times: the
// peak of the sum is below the sum of the peaks (the definition is the
// time-aligned sum).
func TestPipelinesPeakIsOfTheSum(t *testing.T) {
	t.Parallel()
	const n = 8
	cfg := engine.Config{
		Producer: engine.Producer{Rate: 10 * MiB, Chunk: engine.Fixed(4 * KiB)},
		Stop:     engine.Stop{Bytes: 4 * MiB},
		Consumers: []engine.Consumer{{Name: "disk", Rate: 20 * MiB,
			Stalls: engine.Stalls{Every: 100 * time.Millisecond, For: 40 * time.Millisecond, Random: true}}},
		Strategy: engine.StrategyPipe,
		Seed:     3,
	}
	var sumPeak float64
	for i := range n {
		one := cfg
		one.Seed = engine.PipelineSeed(cfg.Seed, i)
		sumPeak += metric(t, mustRun(t, one), metrics.BufferedPeak)
	}
	cfg.Pipelines = n
	if peak := metric(t, mustRun(t, cfg), metrics.BufferedPeak); peak >= sumPeak {
		t.Errorf("buffered.peak = %v; want below the sum of the %d pipelines' peaks %v (stalls at random times)", peak, n, sumPeak)
	}
}

// N identical pipelines with no randomness hold exactly N times one
// pipeline's bytes at every instant: buffered.peak, buffered.mean and the
// per-stage figures are N times one's, buffered.per.pipeline is one's
// peak, throughput N times one's.
func TestPipelinesIdenticalSum(t *testing.T) {
	t.Parallel()
	const n = 8
	for _, om := range []bool{false, true} {
		cfg := engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB), ObjectMode: om},
			Stop:      engine.Stop{Chunks: 500},
			Stages:    []engine.Stage{{Name: "t", CostPerChunk: 50 * time.Microsecond}},
			Consumers: []engine.Consumer{{Name: "sink", Rate: 100 * MiB}},
			Strategy:  engine.StrategyPipe,
		}
		one := mustRun(t, cfg)
		cfg.Pipelines = n
		g := mustRun(t, cfg)
		for _, name := range []string{metrics.BufferedPeak, metrics.BufferedMean, metrics.StageName(metrics.BufferedPeak, "sink"),
			metrics.StageName(metrics.BufferedMean, "t"), metrics.Throughput, metrics.BytesConsumed} {
			if got, want := metric(t, g, name), n*metric(t, one, name); !within(got, want, 1e-12) {
				t.Errorf("objectMode %v: %s = %v; want %d × %v", om, name, got, n, metric(t, one, name))
			}
		}
		if got, want := metric(t, g, metrics.BufferedPerPipeline), metric(t, one, metrics.BufferedPeak); got != want {
			t.Errorf("objectMode %v: buffered.per.pipeline = %v; want one pipeline's peak %v", om, got, want)
		}
		if _, ok := one.Metrics.Get(metrics.BufferedPerPipeline); ok {
			t.Errorf("one pipeline reports buffered.per.pipeline; want it with several only")
		}
	}
}

// Under a calibration every pipeline's CPU is charged on the one loop:
// one pipeline is bound by its consumer (service 625µs a chunk, plus the
// 100µs write), n pipelines by the loop (100µs of CPU a chunk, whoever's
// it is), so throughput grows n× without costs and stops at the loop's
// ceiling with them.
func TestPipelinesShareTheLoopUnderCosts(t *testing.T) {
	t.Parallel()
	const n, size, cpu = 20, 64 * KiB, 100_000.0 // ns
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(size)},
		Stop:      engine.Stop{Chunks: 200},
		Consumers: []engine.Consumer{{Name: "sink", Rate: 100 * MiB}},
		Strategy:  engine.StrategyPipe,
	}
	costs := &engine.Costs{Bytes: engine.ChunkCosts{Write: engine.Linear{A: cpu}}}
	run := func(pipes int, c *engine.Costs) float64 {
		cfg := cfg
		cfg.Pipelines = pipes
		res, err := Engine{Costs: c}.Run(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return metric(t, res, metrics.Throughput)
	}
	free1, freeN := run(1, nil), run(n, nil)
	if !within(freeN, n*free1, 1e-9) {
		t.Errorf("no costs: throughput %v with %d pipelines; want %d × %v", freeN, n, n, free1)
	}
	cost1, costN := run(1, costs), run(n, costs)
	ceiling := size / (cpu / 1e9) // bytes/s the loop can move
	if want := size / ((size/(100.0*MiB) + cpu/1e9) * 1.01); cost1 < want || cost1 > ceiling {
		t.Errorf("calibrated, 1 pipeline: throughput %v; want consumer-bound, about %v", cost1, want)
	}
	if costN > ceiling*(1+1e-9) || costN < 0.9*ceiling {
		t.Errorf("calibrated, %d pipelines: throughput %v; want the loop's ceiling %v (%v of CPU a chunk)", n, costN, ceiling, cpu)
	}
	if costN >= n*cost1/2 {
		t.Errorf("calibrated: %d pipelines give %v, %.1f× one; want well below %d×", n, costN, costN/cost1, n)
	}
}

// A group is deterministic: the same Config gives the same JSON, whether
// runs are sequential or concurrent (as under --parallel).
func TestPipelinesDeterministic(t *testing.T) {
	t.Parallel()
	cfg := jitteryCell(11)
	cfg.Stop.Bytes = 4 * MiB
	cfg.Pipelines = 16
	costs := &engine.Costs{Immediate: 3000, NextTick: 200, Bytes: engine.ChunkCosts{Write: engine.Linear{A: 2000, B: 0.1}, Push: engine.Linear{A: 800}}}
	want, err := json.Marshal(mustRunCosts(t, cfg, costs))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() {
			res, err := Engine{Costs: costs}.Run(t.Context(), cfg)
			if err != nil {
				t.Error(err)
				return
			}
			got[i], _ = json.Marshal(res)
		})
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("concurrent run %d differs from the sequential one", i)
		}
	}
}

func mustRunCosts(t *testing.T, cfg engine.Config, c *engine.Costs) engine.Result {
	t.Helper()
	res, err := Engine{Costs: c}.Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The memory guard bounds the sum over pipelines: a guard above one
// pipeline's peak but below n of them stops the group, not the single.
func TestPipelinesGuardOnTheSum(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB)},
		Stop:      engine.Stop{Chunks: 200},
		Consumers: []engine.Consumer{{Name: "sink", Rate: 10 * MiB}},
		Strategy:  engine.StrategyPipe,
	}
	peak := metric(t, mustRun(t, cfg), metrics.BufferedPeak)
	cfg.MemoryGuard = int64(peak * 2.5)
	if res := mustRun(t, cfg); res.GuardExceeded {
		t.Fatalf("one pipeline (peak %v) stopped by a guard of %d", peak, cfg.MemoryGuard)
	}
	cfg.Pipelines = 4
	if res := mustRun(t, cfg); !res.GuardExceeded {
		t.Errorf("4 pipelines of peak %v each: guard %d not exceeded; want the sum guarded", peak, cfg.MemoryGuard)
	}
}

// The largest group runs: 10000 pipelines of 16 chunks each, every chunk
// consumed once.
func TestPipelinesMax(t *testing.T) {
	if testing.Short() {
		t.Skip("10000 pipelines")
	}
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(16 * KiB)},
		Stop:      engine.Stop{Chunks: 16},
		Consumers: []engine.Consumer{{Name: "sink", Rate: 10 * MiB}},
		Strategy:  engine.StrategyPipe,
		Pipelines: engine.MaxPipelines,
	}
	res := mustRun(t, cfg)
	if got := metric(t, res, metrics.ChunksConsumed); got != 16*engine.MaxPipelines {
		t.Errorf("chunks.consumed = %v; want %d", got, 16*engine.MaxPipelines)
	}
	if d := metric(t, res, metrics.Duration); math.Abs(d-16*16*KiB/(10.0*MiB)) > 1e-3 {
		t.Errorf("duration = %v; want one pipeline's, %v", d, 16*16*KiB/(10.0*MiB))
	}
}

func TestPipelineSeeds(t *testing.T) {
	t.Parallel()
	seen := map[uint64]int{}
	for i := range 1000 {
		s := engine.PipelineSeed(42, i)
		if j, ok := seen[s]; ok {
			t.Fatalf("PipelineSeed(42, %d) = PipelineSeed(42, %d)", i, j)
		}
		seen[s] = i
	}
	if engine.PipelineSeed(42, 0) != 42 {
		t.Errorf("PipelineSeed(42, 0) = %d; want 42 (one pipeline runs as before)", engine.PipelineSeed(42, 0))
	}
}

// The chunks in flight are bounded over the whole group, however they are
// spread: the run stops as if the guard was exceeded, and says why.
func TestPipelinesInFlightCap(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:    engine.Producer{Chunk: engine.Fixed(1), Rate: 1 * MiB},
		Stop:        engine.Stop{Chunks: 10_000},
		Consumers:   []engine.Consumer{{Name: "c", Rate: 1 * KiB}},
		Strategy:    engine.StrategyIgnore,
		MemoryGuard: 1 << 30,
		Pipelines:   10,
	}
	r := newRun(t.Context(), &cfg, 0)
	r.g.maxInFlight = 1000
	res, err := r.execute()
	if err != nil {
		t.Fatal(err)
	}
	if !res.GuardExceeded || len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "1000 chunks in flight") {
		t.Errorf("GuardExceeded = %v, warnings %q; want true and a warning on 1000 chunks in flight", res.GuardExceeded, res.Warnings)
	}
	if got := metric(t, res, metrics.ChunksProduced) - metric(t, res, metrics.ChunksConsumed); got != 1000 {
		t.Errorf("chunks in flight at the stop = %v; want 1000 over the 10 pipelines", got)
	}
}
