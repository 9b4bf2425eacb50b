package bench

import (
	"context"
	"math"
	"os"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/stream"
)

// agreeScenarios are the starter scenarios whose cells are deterministic
// enough to compare the model with real Node: every time in them is a
// deadline both engines follow, so only Node's own stream behaviour could
// make them differ. (Scenarios with normal-distributed chunk sizes draw
// different numbers in JavaScript; ignore has nothing to agree on but the
// guard.)
var agreeScenarios = map[string]bool{
	"quickstart": true, "fast-tap-slow-drain": true, "read-ahead": true,
	"upload": true, "bursty": true, "defaults": true, "defaults-objects": true,
}

// TestStarterScenariosAgreeWithNode runs cells of the starter scenarios,
// shortened to a fraction of a second of wall time, on the sim engine and
// in real Node.js, and requires throughput, buffered.peak and buffered.mean within 5%.
// It skips when no Node.js is installed (make nodes, or node on PATH).
func TestStarterScenariosAgreeWithNode(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs real Node.js for a few seconds")
	}
	bin := findNode(t)
	prof := stream.Node22
	if nodeengine.Major(bin.Version) < 22 {
		prof = stream.Node20
	}
	eng := nodeengine.Engine{Node: bin.Path, TimelinePoints: -1, Timing: nodeengine.Ideal}
	t.Logf("node %s (%s), rules of profile %s", bin.Version, bin.Path, prof.Name)
	compared := 0
	for _, p := range loadPlans(t) {
		if !agreeScenarios[p.name] {
			continue
		}
		for _, c := range p.cells {
			if c.Config.Strategy == "ignore" || c.Config.Engine != "sim" || c.Repeat > 0 {
				continue // nothing to agree on but the guard; the same cell on another engine
			}
			cfg := c.Config.EngineConfig(c.Seed)
			cfg.Profile = prof // the highWaterMarks are explicit: only the rules follow the Node at hand
			shorten(&cfg, 400*time.Millisecond)
			t.Run(p.name+"/"+c.Name, func(t *testing.T) {
				want, err := sim.Engine{TimelinePoints: -1}.Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				got, err := eng.Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range []string{"throughput", "buffered.peak", "buffered.mean"} {
					g, _ := got.Metrics.Get(m)
					w, _ := want.Metrics.Get(m)
					if math.Abs(g-w) > 0.05*math.Abs(w) {
						t.Errorf("%s: node %.0f, sim %.0f (%+.1f%%): more than 5%% apart", m, g, w, 100*(g-w)/w)
					}
				}
			})
			compared++
		}
	}
	if compared < 20 {
		t.Errorf("compared %d cells; the starter scenarios should give at least 20", compared)
	}
}

// shorten cuts a cell to about wall of simulated time: the stop in bytes
// or chunks is scaled down to what the slowest element moves in that time
// (at least a few chunks), and a duration is capped.
func shorten(cfg *engine.Config, wall time.Duration) {
	rate := math.Inf(1)
	if r := cfg.Producer.Rate; r > 0 {
		rate = r
	}
	for _, c := range cfg.Consumers {
		if c.Rate > 0 {
			rate = min(rate, c.Rate)
		}
	}
	if !math.IsInf(rate, 1) {
		bytes := int64(rate * wall.Seconds())
		bytes = max(bytes, 8*int64(cfg.Producer.Chunk.Max()))
		if cfg.Stop.Bytes == 0 || cfg.Stop.Bytes > bytes {
			cfg.Stop.Bytes = bytes
		}
	}
	if cfg.Stop.Duration == 0 || cfg.Stop.Duration > wall {
		cfg.Stop.Duration = wall
	}
}

func findNode(t *testing.T) nodeengine.Binary {
	t.Helper()
	if v := os.Getenv("BPBENCH_NODE"); v != "" {
		b, err := nodeengine.Find(v)
		if err != nil {
			t.Fatalf("BPBENCH_NODE=%s: %v", v, err)
		}
		return b
	}
	for _, v := range []string{"22", "24", "20", "path"} {
		if b, err := nodeengine.Find(v); err == nil {
			return b
		}
	}
	t.Skip("no Node.js found: install Node 20, 22 and 24 with `make nodes` (or put node on PATH)")
	return nodeengine.Binary{}
}
