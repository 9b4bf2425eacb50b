package sim

import (
	"context"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
)

// A real Node component (a zlib stage, an fs consumer) has no model here
// yet: the engine refuses the cell, naming the part and the node engine.
func TestRefusesRealParts(t *testing.T) {
	for _, cfg := range []engine.Config{
		{Stages: []engine.Stage{{Name: "gz", Kind: "gzip"}}, Consumers: []engine.Consumer{{Name: "sink", Rate: 1 << 20}}},
		{Consumers: []engine.Consumer{{Name: "file", Kind: "fs"}}},
	} {
		cfg.Producer = engine.Producer{Rate: 1 << 20, Chunk: engine.Fixed(1024)}
		cfg.Stop = engine.Stop{Bytes: 64 << 10}
		cfg.Strategy = engine.StrategyPipe
		_, err := Engine{}.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), cfg.RealParts()) || !strings.Contains(err.Error(), "node engine") {
			t.Errorf("%s: err = %v; want a refusal naming it and the node engine", cfg.RealParts(), err)
		}
	}
}
