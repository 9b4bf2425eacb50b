package harness_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/metrics"
)

// partCosts is a calibration with every part: gzip shrinks to 3/4 and
// costs gzipB ns per byte of wait.
func partCosts(gzipB float64) *engine.Costs {
	return &engine.Costs{
		Immediate: 1000,
		Parts: map[string]engine.PartCost{
			engine.PartGzip:   {Wait: engine.Linear{A: 20000, B: gzipB}, CPU: engine.Linear{A: 5000, B: 1}, Ratio: 0.75},
			engine.PartGunzip: {Wait: engine.Linear{A: 10000, B: 2}, CPU: engine.Linear{A: 3000, B: 1}, Ratio: 4.0 / 3},
			engine.PartFSShm:  {Wait: engine.Linear{A: 15000, B: 0.5}, CPU: engine.Linear{A: 2000}},
			engine.PartFSTmp:  {Wait: engine.Linear{A: 30000, B: 1}, CPU: engine.Linear{A: 2000}},
			engine.PartNet:    {Wait: engine.Linear{A: 8000, B: 0.2}, CPU: engine.Linear{A: 4000}},
			engine.PartHTTP:   {Wait: engine.Linear{A: 9000, B: 0.3}, CPU: engine.Linear{A: 6000}},
		},
	}
}

// gzipToFile is an unpaced producer of 16 KiB chunks through gzip into an
// fs consumer on /dev/shm.
func gzipToFile() engine.Config {
	return engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(16 << 10)},
		Stop:      engine.Stop{Bytes: 16 << 20},
		Stages:    []engine.Stage{{Name: "gz", Kind: "gzip"}},
		Consumers: []engine.Consumer{{Name: "file", Kind: "fs", Dir: "/dev/shm"}},
		Strategy:  engine.StrategyPipeline,
		Seed:      7,
	}
}

func get(t *testing.T, r engine.Result, name string) float64 {
	t.Helper()
	v, ok := r.Metrics.Get(name)
	if !ok {
		t.Fatalf("no metric %s", name)
	}
	return v
}

// A calibrated part runs on sim: deterministically, gzip's output is Ratio
// of its input at the consumer while throughput counts the producer's
// bytes, and every chunk's time is what the figures say.
func TestPartModels(t *testing.T) {
	cfg := gzipToFile()
	e := sim.Engine{Costs: partCosts(6)}
	a, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two runs of the same cell differ")
	}
	if got := get(t, a, metrics.BytesConsumed); got != 16<<20 {
		t.Errorf("bytes.consumed = %v; want the producer's %d", got, 16<<20)
	}
	// gzip's wait (20µs + 6·16384 ns = 118.3µs) is the slowest step of
	// a chunk (fs: 15µs + 8192 ns): throughput is about 16 KiB per
	// (wait + loop CPU of both parts), within the loop's other costs.
	per := 20000 + 6*16384.0 + 5000 + 16384 + 2000
	want := 16384 / per * 1e9
	if got := get(t, a, metrics.Throughput); got > want*1.001 || got < want*0.8 {
		t.Errorf("throughput = %.4g B/s; want about %.4g (gzip-bound)", got, want)
	}
}

// A gzip stage with a higher cost per byte gives lower throughput; a fs
// consumer on /dev/shm and one in the temporary folder take their own
// figures.
func TestPartFiguresMoveThroughput(t *testing.T) {
	run := func(cfg engine.Config, c *engine.Costs) float64 {
		t.Helper()
		r, err := sim.Engine{Costs: c}.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return get(t, r, metrics.Throughput)
	}
	cheap, dear := run(gzipToFile(), partCosts(2)), run(gzipToFile(), partCosts(12))
	if !(dear < cheap) {
		t.Errorf("throughput with gzip at 12 ns/B = %.4g, at 2 ns/B = %.4g; want lower at 12", dear, cheap)
	}
	shm := engine.Config{Producer: engine.Producer{Chunk: engine.Fixed(64 << 10)}, Stop: engine.Stop{Bytes: 16 << 20}, Strategy: engine.StrategyPipe,
		Consumers: []engine.Consumer{{Name: "file", Kind: "fs", Dir: "/dev/shm"}}}
	tmp := shm
	tmp.Consumers = []engine.Consumer{{Name: "file", Kind: "fs"}}
	if a, b := run(shm, partCosts(6)), run(tmp, partCosts(6)); !(a > b) {
		t.Errorf("fs throughput on /dev/shm = %.4g, in the temporary folder = %.4g; want the faster figure (shm) faster", a, b)
	}
	// gzip then gunzip: the consumer gets the producer's bytes back.
	both := gzipToFile()
	both.Stages = append(both.Stages, engine.Stage{Name: "gunz", Kind: "gunzip"})
	both.Consumers = []engine.Consumer{{Name: "sock", Kind: "net"}, {Name: "up", Kind: "http"}}
	both.Strategy = engine.StrategyPipe
	r, err := sim.Engine{Costs: partCosts(6)}.Run(context.Background(), both)
	if err != nil {
		t.Fatal(err)
	}
	if got := get(t, r, metrics.BytesConsumed); got != 16<<20 {
		t.Errorf("gzip, gunzip: bytes.consumed = %v; want %d", got, 16<<20)
	}
}

// Without a calibration of a part, sim refuses the cell and says how to
// get one; a module stays the node engine's, calibrated or not.
func TestPartRefusals(t *testing.T) {
	noGzip := partCosts(6)
	delete(noGzip.Parts, engine.PartGzip)
	for _, c := range []*engine.Costs{nil, {Immediate: 1}, noGzip} {
		_, err := sim.Engine{Costs: c}.Run(context.Background(), gzipToFile())
		if err == nil || !strings.Contains(err.Error(), "stage gz (gzip)") || !strings.Contains(err.Error(), "bpbench calibrate") {
			t.Errorf("costs %v: err = %v; want a refusal naming the stage and bpbench calibrate", c != nil, err)
		}
	}
	cfg := gzipToFile()
	cfg.Stages = []engine.Stage{{Name: "mine", Kind: "module", Module: "/x.js"}}
	_, err := sim.Engine{Costs: partCosts(6)}.Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "stage mine (module)") || !strings.Contains(err.Error(), "only the node engine") {
		t.Errorf("module: err = %v; want it refused as node-only", err)
	}
}

// A part's Driver is loop CPU charged with the part's own per chunk: on a
// cell whose chunks pass one at a time (a pull producer into a file),
// every ns of it adds a ns to each chunk's time, and pipelines contend for
// it (they share the loop) where they overlap the part's wait.
func TestPartDriverIsLoopCPU(t *testing.T) {
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(64 << 10), Pull: true},
		Stop:      engine.Stop{Bytes: 64 << 20},
		Consumers: []engine.Consumer{{Name: "file", Kind: "fs"}},
		Strategy:  engine.StrategyPipeline,
		Seed:      7,
	}
	perChunk := func(driver float64, pipelines int) float64 {
		c := partCosts(6)
		p := c.Parts[engine.PartFSTmp]
		p.Driver = engine.Linear{A: driver}
		c.Parts[engine.PartFSTmp] = p
		cfg := cfg
		cfg.Pipelines = pipelines
		r, err := sim.Engine{Costs: c}.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return 1e9 / get(t, r, metrics.ThroughputChunks)
	}
	base, with := perChunk(0, 1), perChunk(100000, 1)
	if d := with - base; d < 99000 || d > 101000 {
		t.Errorf("a driver of 100µs per chunk adds %.4g ns per chunk (%.4g to %.4g); want 100µs", d, base, with)
	}
	// 10 pipelines: the wait (30µs + 64 KiB) overlaps, the loop CPU
	// (2µs + 100µs) does not: the time per chunk over all pipelines is at
	// least the loop CPU.
	if got := perChunk(100000, 10); got < 102000*0.99 {
		t.Errorf("10 pipelines with a 100µs driver: %.4g ns per chunk; want at least the loop CPU, 102µs", got)
	}
	if got := perChunk(0, 10); got > 102000*0.5 {
		t.Errorf("10 pipelines with no driver: %.4g ns per chunk; want well under 102µs (the waits overlap)", got)
	}
}
