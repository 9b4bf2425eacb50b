package calibration

import (
	"context"
	"fmt"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/stream"
)

// PartDriver is what the node engine pays per chunk in a cell with a real
// part beyond the part's own figures (Part.Wait and CPU, measured one
// write at a time, alone) and the stream calls sim charges: a residual,
// like Driver's. In a cell the part is not alone: the producer makes each
// chunk (a new buffer, copied from the driver's data), pipeline() moves
// it, the driver keeps its books per chunk and per turn of the loop, the
// part batches (fs's writev) and competes with all that for the loop and
// the cores. Measured on a cell of the part alone (partCell) at
// partDriverSizes, it is the loop CPU per chunk sim must add so that its
// time per chunk is the node engine's; sim charges it with the part's
// CPU, on the loop, where several pipelines contend for it.
type PartDriver struct {
	// CPU is the residual, a + b·bytes, in ns of wall time per chunk.
	CPU Linear `json:"cpu"`
	// Sizes are the chunk sizes measured; Node the node engine's time per
	// chunk at each (median over the repeats), Sim calibrated sim's
	// without the residual, in ns.
	Sizes []int     `json:"sizes"`
	Node  []float64 `json:"node"`
	Sim   []float64 `json:"sim"`
}

// partDriverSizes are the chunk sizes a part's residual is measured at:
// the study's (1 KiB writes into a socket, 16 KiB into gzip, 64 KiB reads
// into a file or a request).
var partDriverSizes = []int{1 << 10, 16 << 10, 64 << 10}

// partDriverRuns is how many times sim is run to find the residual: each
// run moves it by what sim still misses (a cell whose chunks take turns on
// the loop pays an added ns once per chunk, so one run is nearly enough).
const partDriverRuns = 4

// partCell is the cell a part's residual is measured on, run for d: for
// gzip an unpaced producer of size-byte chunks through it into an instant
// consumer; for a consumer part (fs, net, http) a pull producer of
// size-byte chunks into it (a file read on demand), with pipeline() and
// the runtime's default highWaterMarks.
func partCell(key string, size int, profile stream.Profile, d time.Duration) engine.Config {
	cfg := engine.Config{
		Profile:  profile,
		Producer: engine.Producer{Chunk: engine.Fixed(size)},
		Stop:     engine.Stop{Duration: d, Chunks: 10_000_000}, // the duration ends it; an unpaced cell needs a bound of chunks too
		Strategy: engine.StrategyPipeline,
		Seed:     1,
	}
	switch key {
	case engine.PartGzip, engine.PartGunzip:
		cfg.Stages = []engine.Stage{{Name: key, Kind: key}}
		cfg.Consumers = []engine.Consumer{{Name: "sink"}}
	default:
		kind, dir := key, ""
		switch key {
		case engine.PartFSShm:
			kind, dir = "fs", "/dev/shm"
		case engine.PartFSTmp:
			kind = "fs"
		}
		cfg.Producer.Pull = true
		cfg.Consumers = []engine.Consumer{{Name: "part", Kind: kind, Dir: dir}}
	}
	return cfg
}

// MeasurePartDrivers measures every part of f.Parts but gunzip (the
// driver's producer makes base64 data, not gzip) in a cell on the node
// engine at nodePath (partCell, for 400 ms times opts.Scale, at least
// 150 ms; min(opts.Repeats, 3) runs each) and sets its Driver: at each
// size, the loop CPU per chunk that makes calibrated sim's time per chunk
// on the same cell the node engine's median, fitted as a + b·bytes. A
// part whose cell fails is left without one and named in warn.
func MeasurePartDrivers(ctx context.Context, nodePath string, f *File, opts Options, warn func(string)) error {
	if f.Parts == nil {
		return nil
	}
	opts = opts.withDefaults()
	d := partDriverDuration(opts.Scale)
	ne := node.Engine{Node: nodePath, Timing: node.Wall}
	prof := profileOf(f.Node)
	// The residual is measured against sim as it charges without one.
	f0 := *f
	p0 := *f.Parts
	f0.Parts = &p0
	for _, x := range p0.list() {
		c := *x.p
		c.Driver = nil
		p0.set(x.key, &c)
	}
	base := f0.Costs()
	for _, x := range f.Parts.list() {
		if x.key == engine.PartGunzip {
			continue
		}
		pd, err := measurePartDriver(ctx, ne, base, x.key, prof, d, min(opts.Repeats, 3))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			warn(fmt.Sprintf("calibration: %s in a cell: %v (sim charges it no residual)", x.key, err))
			continue
		}
		x.p.Driver = pd
	}
	return nil
}

// partDriverDuration is how long a part's cell runs at scale.
func partDriverDuration(scale float64) time.Duration {
	return max(150*time.Millisecond, time.Duration(float64(400*time.Millisecond)*scale))
}

// measurePartDriver is MeasurePartDrivers for one part.
func measurePartDriver(ctx context.Context, ne node.Engine, base *engine.Costs, key string, prof stream.Profile, d time.Duration, repeats int) (*PartDriver, error) {
	out := &PartDriver{Sizes: partDriverSizes}
	res := make([]float64, len(partDriverSizes))
	for i, size := range partDriverSizes {
		cfg := partCell(key, size, prof, d)
		var ts []float64
		for range repeats {
			var r engine.Result
			var err error
			for try := 0; try < 2; try++ { // a runtime's driver that died once is run again
				if r, err = ne.Run(ctx, cfg); err == nil || ctx.Err() != nil {
					break
				}
			}
			if err != nil {
				return nil, fmt.Errorf("the node engine at %d B: %w", size, err)
			}
			t, err := perChunk(r)
			if err != nil {
				return nil, fmt.Errorf("the node engine at %d B: %w", size, err)
			}
			ts = append(ts, t)
		}
		tn := median(ts)
		// Sim's time per chunk with x ns more loop CPU per chunk.
		simAt := func(x float64) (float64, error) {
			c := *base
			c.Parts = map[string]engine.PartCost{}
			for k, v := range base.Parts {
				c.Parts[k] = v
			}
			pc := c.Parts[key]
			pc.Driver = engine.Linear{A: x}
			c.Parts[key] = pc
			r, err := sim.Engine{Costs: &c, TimelinePoints: -1}.Run(ctx, cfg)
			if err != nil {
				return 0, fmt.Errorf("sim at %d B: %w", size, err)
			}
			return perChunk(r)
		}
		x := 0.0
		for k := range partDriverRuns {
			t, err := simAt(x)
			if err != nil {
				return nil, err
			}
			if k == 0 {
				out.Sim = append(out.Sim, t)
			}
			x = min(max(0, x+tn-t), 10*tn)
		}
		out.Node = append(out.Node, tn)
		res[i] = x
	}
	out.CPU = fitLinear(partDriverSizes, res)
	return out, nil
}

// set replaces the part of key.
func (p *Parts) set(key string, x *Part) {
	switch key {
	case engine.PartGzip:
		p.Gzip = x
	case engine.PartGunzip:
		p.Gunzip = x
	case engine.PartFSShm:
		p.FSShm = x
	case engine.PartFSTmp:
		p.FSTmp = x
	case engine.PartNet:
		p.Net = x
	case engine.PartHTTP:
		p.HTTP = x
	}
}
