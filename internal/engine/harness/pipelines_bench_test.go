package harness

import (
	"fmt"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// BenchmarkSimPipelines times a group of 1, 100, 1000 and 10000 pipelines
// on one loop making about 2^20 chunks in all (64 B each into a 1 MiB/s
// consumer per pipeline), without and with a calibration. chunks/s is the
// simulation speed; peak-buffered-B the group's buffered.peak.
//
//	go test ./internal/engine/harness -run '^$' -bench SimPipelines -benchmem
func BenchmarkSimPipelines(b *testing.B) {
	for _, n := range []int{1, 100, 1000, 10000} {
		for _, cal := range []bool{false, true} {
			b.Run(fmt.Sprintf("pipelines=%d/calibrated=%v", n, cal), func(b *testing.B) {
				cfg := engine.Config{
					Producer:  engine.Producer{Chunk: engine.Fixed(64)},
					Stop:      engine.Stop{Chunks: int64(1<<20) / int64(n)},
					Consumers: []engine.Consumer{{Name: "slow", Rate: 1 * MiB}},
					Strategy:  engine.StrategyPipe,
					Pipelines: n,
				}
				var costs *engine.Costs
				if cal {
					costs = testCosts()
				}
				var res engine.Result
				for b.Loop() {
					var err error
					if res, err = (Engine{Costs: costs}).Run(b.Context(), cfg); err != nil {
						b.Fatal(err)
					}
				}
				chunks, _ := res.Metrics.Get(metrics.ChunksConsumed)
				if want := float64(cfg.Stop.Chunks * int64(n)); chunks != want {
					b.Fatalf("chunks.consumed = %v; want %v", chunks, want)
				}
				sim, _ := res.Metrics.Get(metrics.Duration)
				peak, _ := res.Metrics.Get(metrics.BufferedPeak)
				b.ReportMetric(chunks*float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
				b.ReportMetric(sim, "sim-s/op")
				b.ReportMetric(peak, "peak-buffered-B")
			})
		}
	}
}
