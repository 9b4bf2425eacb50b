package node

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/metrics"
)

// N pipelines at once, on every installed runtime: every byte of every
// pipeline is accounted (bytes.consumed and bytes.produced are N times one
// pipeline's), and the memory each pipeline costs is reported and above 0.
func TestPipelinesOnEveryRuntime(t *testing.T) {
	for _, rt := range append(append([]string(nil), Versions...), Runtimes...) {
		for _, n := range []int{1, 100} {
			t.Run(rt+"/"+strconv.Itoa(n), func(t *testing.T) {
				b := runtimeBinary(t, rt)
				const each = 64 << 10
				cfg := engine.Config{
					Producer:  engine.Producer{Chunk: engine.Fixed(4096)},
					Stop:      engine.Stop{Bytes: each},
					Consumers: []engine.Consumer{{Name: "sink", Rate: 64 << 20}},
					Strategy:  engine.StrategyPipe,
					Pipelines: n,
				}
				e := Engine{Node: b.Path, Timing: Wall, WarmUp: 10 * time.Millisecond}
				res, err := e.Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				for _, name := range []string{metrics.BytesConsumed, metrics.BytesProduced} {
					if got := metric(t, res, name); got != float64(n*each) {
						t.Errorf("%s = %v; want %d pipelines x %d", name, got, n, each)
					}
				}
				if got := metric(t, res, metrics.ChunksConsumed); got != float64(n*each/4096) {
					t.Errorf("chunks.consumed = %v; want %d", got, n*each/4096)
				}
				// One pipeline's heap and RSS are under the noise of a
				// collection (Bun's heap after the warm-up's garbage went
				// was no larger than before it; Node 22's RSS, after a
				// warm-up of several runs, once no larger either): there,
				// present is all they must be, and the RSS sampled at all
				// (rss.peak: a first sample that was not a full one left
				// it 0 on Node 24).
				rss, okR := res.Metrics.Get(metrics.RSSPerPipeline)
				heap, okH := res.Metrics.Get(metrics.HeapPerPipeline)
				if !okR || (n > 1 && rss <= 0) {
					t.Errorf("rss.per.pipeline = %v (present %v); want it, > 0 with %d pipelines", rss, okR, n)
				}
				if peak := metric(t, res, metrics.RSSPeak); peak <= 0 {
					t.Errorf("rss.peak = %v; want > 0", peak)
				}
				if !okH || (n > 1 && heap <= 0) {
					t.Errorf("heap.per.pipeline = %v (present %v); want it, > 0 with %d pipelines", heap, okH, n)
				}
				t.Logf("%s, %d pipelines: rss.per.pipeline %.0f B, heap.per.pipeline %.0f B", b.Name(), n, rss, heap)
			})
		}
	}
}

// More than one pipeline needs the wall clock; the bound is 10000.
func TestPipelinesRefused(t *testing.T) {
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: 1 << 20},
		Consumers: []engine.Consumer{{Name: "sink"}},
		Strategy:  engine.StrategyPipe,
		Pipelines: 2,
	}
	if _, err := newSpec(&cfg, &Engine{Timing: Ideal}); err == nil || !strings.Contains(err.Error(), "wall timing") {
		t.Errorf("2 pipelines on ideal timing: err = %v; want one asking for wall timing", err)
	}
	cfg.Pipelines = engine.MaxPipelines + 1
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "pipelines") {
		t.Errorf("%d pipelines: Validate = %v; want an error naming pipelines", cfg.Pipelines, err)
	}
}

// Buffered bytes are summed over the pipelines at each instant, as on sim:
// 20 pipelines that each fill their 16 KiB buffers against a slow consumer
// hold about 20 times one pipeline's bytes at once (pipeline 0's alone
// were reported before), and buffered.per.pipeline, the peak over 20, stays
// within what one pipeline can hold (its two 16 KiB buffers, a chunk over
// each at most).
func TestPipelinesBufferedSummed(t *testing.T) {
	e := wallEngine(t)
	const n, chunk = 20, 4096
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(chunk)},
		Stop:          engine.Stop{Bytes: 256 << 10},
		Consumers:     []engine.Consumer{{Name: "sink", Rate: 8 << 20, HighWaterMark: hwm(16 << 10)}},
		HighWaterMark: hwm(16 << 10),
		Strategy:      engine.StrategyPipe,
	}
	one, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Pipelines = n
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	peak1, peak := metric(t, one, metrics.BufferedPeak), metric(t, res, metrics.BufferedPeak)
	if peak < n/2*peak1 {
		t.Errorf("%d pipelines: buffered.peak = %v; want about %d × one pipeline's %v (the sum over pipelines)", n, peak, n, peak1)
	}
	per := metric(t, res, metrics.BufferedPerPipeline)
	if per != peak/n {
		t.Errorf("buffered.per.pipeline = %v; want buffered.peak / %d = %v", per, n, peak/n)
	}
	if most := 2.0 * (16<<10 + chunk); per > most {
		t.Errorf("buffered.per.pipeline = %v; want at most %v, what one pipeline can hold", per, most)
	}
	if got := metric(t, res, metrics.WritesFalse); got < n {
		t.Errorf("writes.false = %v; want at least one per pipeline (%d), counted over all", got, n)
	}
	t.Logf("1 pipeline: buffered.peak %v; %d: %v (%v per pipeline)", peak1, n, peak, per)
}

// Pipeline i draws the same chunk sizes as on sim (engine.PipelineSeed):
// with random sizes and a count of chunks, the bytes every pipeline made
// are the same on both engines, to the byte.
func TestPipelinesDrawAsSim(t *testing.T) {
	e := wallEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Uniform{MinSize: 1, MaxSize: 8192}},
		Stop:      engine.Stop{Chunks: 50},
		Consumers: []engine.Consumer{{Name: "sink"}},
		Strategy:  engine.StrategyPipe,
		Pipelines: 7,
		Seed:      12345,
	}
	got, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sim.Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := metric(t, got, metrics.BytesProduced), metric(t, want, metrics.BytesProduced); g != w {
		t.Errorf("bytes.produced = %v on node, %v on sim; want the same draws", g, w)
	}
}
