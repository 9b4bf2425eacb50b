package sim

import (
	"context"
	"reflect"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
)

// TestRunIsDeterministic runs one jittered cell twice: the virtual clock
// gives the same Result, and an invalid Config is refused.
func TestRunIsDeterministic(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Rate: 8 << 20, Chunk: engine.Uniform{MinSize: 512, MaxSize: 8192}},
		Stop:      engine.Stop{Bytes: 1 << 20},
		Consumers: []engine.Consumer{{Name: "disk", Rate: 4 << 20, Jitter: 0.5}},
		Strategy:  engine.StrategyPipe,
		Seed:      7,
	}
	a, err := Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs of the same Config differ")
	}
	if v, ok := a.Metrics.Get("bytes.consumed"); !ok || v != 1<<20 {
		t.Errorf("bytes.consumed = %v, %v; want %d", v, ok, 1<<20)
	}
	cfg.Stop = engine.Stop{}
	if _, err := (Engine{}).Run(context.Background(), cfg); err == nil {
		t.Error("Run with no stop succeeded; want an error")
	}
}
