package realtime

import (
	"context"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// Several pipelines run on the wall clock too, on one loop: every
// pipeline's bytes are consumed, and buffered.per.pipeline is reported.
func TestPipelines(t *testing.T) {
	const n, each = 5, 256 << 10
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: each},
		Consumers: []engine.Consumer{{Name: "sink", Rate: 32 << 20}},
		Strategy:  engine.StrategyPipe,
		Pipelines: n,
	}
	res, err := Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := res.Metrics.Get(metrics.BytesConsumed); got != n*each {
		t.Errorf("bytes.consumed = %v; want %d pipelines × %d", got, n, each)
	}
	peak, _ := res.Metrics.Get(metrics.BufferedPeak)
	if per, ok := res.Metrics.Get(metrics.BufferedPerPipeline); !ok || per != peak/n {
		t.Errorf("buffered.per.pipeline = %v (present %v); want buffered.peak / %d = %v", per, ok, n, peak/n)
	}
}
