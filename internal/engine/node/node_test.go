package node

import (
	"context"
	"math"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
)

// nodeEngine returns an Engine on the first Node it finds, or skips.
func nodeEngine(t *testing.T) Engine {
	t.Helper()
	for _, v := range []string{"22", "24", "20", "path"} {
		if b, err := Find(v); err == nil {
			return Engine{Node: b.Path}
		}
	}
	t.Skip("no Node.js found: install it with `make nodes` (or put node on PATH)")
	return Engine{}
}

func metric(t *testing.T, r engine.Result, name string) float64 {
	t.Helper()
	v, ok := r.Metrics.Get(name)
	if !ok {
		t.Fatalf("no metric %s in %v", name, r.Metrics)
	}
	return v
}

func hwm(n int) *int { return &n }

// A consumer slower than the producer sets the throughput.
func TestThroughputFollowsSlowConsumer(t *testing.T) {
	t.Parallel()
	e := nodeEngine(t)
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 8 << 20, Chunk: engine.Fixed(4096)},
		Stop:      engine.Stop{Bytes: 2 << 20},
		Consumers: []engine.Consumer{{Name: "disk", Rate: 2 << 20}},
		Strategy:  engine.StrategyPipe,
	}
	res, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := metric(t, res, "throughput")
	if want := 2.0 * (1 << 20); math.Abs(got-want) > 0.03*want {
		t.Errorf("throughput = %.0f B/s; want %.0f ±3%%", got, want)
	}
	t.Logf("%v", res.Metrics)
}
