package harness_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/realtime"
	"github.com/bpbench/bpbench/internal/engine/sim"
)

// A real Node component (a zlib stage, an fs consumer) has no model yet:
// both engines built on the model refuse the cell, each naming itself, the
// part and the node engine.
func TestRefusesRealParts(t *testing.T) {
	engines := []struct {
		name string
		e    engine.Engine
	}{{"sim", sim.Engine{}}, {"realtime", realtime.Engine{}}}
	for _, en := range engines {
		for _, cfg := range []engine.Config{
			{Stages: []engine.Stage{{Name: "gz", Kind: "gzip"}}, Consumers: []engine.Consumer{{Name: "sink", Rate: 1 << 20}}},
			{Consumers: []engine.Consumer{{Name: "file", Kind: "fs"}}},
		} {
			cfg.Producer = engine.Producer{Rate: 1 << 20, Chunk: engine.Fixed(1024)}
			cfg.Stop = engine.Stop{Bytes: 64 << 10}
			cfg.Strategy = engine.StrategyPipe
			_, err := en.e.Run(context.Background(), cfg)
			if err == nil || !strings.HasPrefix(err.Error(), en.name+": ") || !strings.Contains(err.Error(), cfg.RealParts()) || !strings.Contains(err.Error(), "node engine") {
				t.Errorf("%s, %s: err = %v; want a refusal naming the engine, the part and the node engine", en.name, cfg.RealParts(), err)
			}
		}
	}
}
