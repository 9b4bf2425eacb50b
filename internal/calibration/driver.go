package calibration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
	"github.com/bpbench/bpbench/internal/units"
)

// Driver is what the node engine pays per chunk beyond what the other
// figures charge: the residual, per chunk a consumer completes, of the
// node engine's wall time per chunk over calibrated sim's on the same
// cell. The micro-benchmarks time bare stream calls (tens of ns); the
// node engine also allocates each chunk, keeps its books per event (the
// deadline queue, a snapshot of the buffers, latency records), collects
// the garbage of all that, and ends every wait by polling the loop. Those
// are what a wall-clock run pays and sim, charged only the bare calls,
// did not.
type Driver struct {
	// Bytes and Objects are the residual per chunk fitted as a line, a +
	// b·bytes, in ns of wall time (not scaled by WallPerCPU: they were
	// measured under the calibration's load already). Sim charges them
	// only from a file without BytesBySize and ObjectsBySize; they stay for
	// the files and readers from before those.
	Bytes   Linear `json:"bytes"`
	Objects Linear `json:"objects"`
	// BytesBySize and ObjectsBySize are the residual at each of Sizes (the
	// median over the repeats, less the polled wait's stretch): what sim
	// charges, interpolated between sizes (engine.Curve), since the
	// residual is not a line in the size. Empty in files from before they
	// were measured: sim then charges the line.
	BytesBySize   []float64 `json:"bytesBySize,omitempty"`
	ObjectsBySize []float64 `json:"objectsBySize,omitempty"`
	// Sizes are the chunk sizes measured; Raw the residuals at each, by
	// mode ("bytes", "objects"), medians over the repeats.
	Sizes []int                `json:"sizes"`
	Raw   map[string][]float64 `json:"raw,omitempty"`
	// Stretch is how much later a polled wait ends per ns of polling
	// (engine.PollModel): the residual's growth from a 4 KiB chunk's wait
	// of driverService to one of driverLongService, per ns of wait (0 on
	// a quiet machine; about 1 when the polling process gets half a core).
	// Window is the driver's polling window (its SPIN_NS), in ns.
	Stretch float64 `json:"stretch"`
	Window  float64 `json:"window"`
	// ProducerWait is what the node engine pays, in ns of wall time, when
	// a producer's wait ends, beyond the residual per chunk above: a pull
	// producer's cell (driverPullCell) run on both engines, sim charging
	// the residual per chunk already. 0 in files from before it was
	// measured.
	ProducerWait float64 `json:"producerWait,omitempty"`
	// Start is what a run of the node engine pays once, at its start, in
	// ns of wall time, beyond the residual per chunk (engine.StartCost):
	// the median over sizes and repeats (in byte mode) of what a run of
	// shortChunks chunks took per chunk more than a full one (of
	// driverChunks), over 1/short - 1/full. StartWrites is how many first
	// writes sim spreads it over. Both 0 in files from before it was
	// measured: the residuals then hold it, spread over driverChunks.
	Start       float64 `json:"start,omitempty"`
	StartWrites int     `json:"startWrites,omitempty"`
	// Drain is what the node engine pays per 'drain' event, in ns of wall
	// time (engine.Costs.Drain): the median over repeats of what the 4
	// KiB cell took per chunk more with a drain every chunk (its
	// consumer's highWaterMark one chunk) than with the consumer's
	// default (a drain every four), over the drains per chunk that added.
	// The residuals above are less a drain a chunk. 0 in files from
	// before it was measured: the residuals then hold the drains of the
	// cells they came from (a drain every four chunks at 4 KiB).
	Drain float64 `json:"drain,omitempty"`
	// Resume is what the node engine loses, in ns of wall time, each time
	// a busy slice of a cell's load ends, beyond the slice
	// (engine.Costs.Resume): the median over repeats of the 4 KiB cell
	// under resumeLoad, its time less sim's (calibrated with all of the
	// above), less the same repeat's unloaded cell's excess over sim
	// stretched by the free share (so the repeat's drift in the time per
	// chunk is not taken for the load's), times the chunks over the slices
	// (the node engine's duration over the period). 0 in files from
	// before it was measured.
	Resume float64 `json:"resume,omitempty"`
}

// curve returns what sim charges per chunk for one mode: the residual at
// each size measured, or the line l in a file without them.
func (d *Driver) curve(l Linear, bySize []float64) engine.Curve {
	if len(bySize) > 0 && len(bySize) == len(d.Sizes) {
		return engine.Curve{Sizes: slices.Clone(d.Sizes), Ns: slices.Clone(bySize)}
	}
	return engine.LineCurve(engine.Linear{A: l.A, B: l.B})
}

// bySize formats one mode's residual for Figures: "64 B: 8.8 µs, 4 KiB:
// 10.3 µs, ..." or, in a file without sizes, the line.
func (d *Driver) bySize(l Linear, ys []float64, lin func(Linear) string, ns func(float64) string) string {
	if len(ys) == 0 || len(ys) != len(d.Sizes) {
		return lin(l)
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = units.Bytes(float64(d.Sizes[i])) + ": " + ns(y)
	}
	return strings.Join(parts, ", ")
}

// driverLongService is the second wait Stretch is measured at, within
// the driver's polling window (driverWindow).
const driverLongService = 500 * time.Microsecond

// driverWindow is driver.js's SPIN_NS: it polls the last 1.5 ms of a wait.
const driverWindow = 1.5e6

// driverSizes are the chunk sizes the driver is measured at: sim
// interpolates between them. 4 KiB is Buffer's pool limit (a smaller
// allocUnsafe comes from a shared 8 KiB pool, one of 4 KiB or more is an
// ArrayBuffer of its own), and the residual there was 1.3-2.8 µs above
// the line through 64 B and 64 KiB in three calibrations. 128 KiB is what
// an await-drain loop over 64 KiB chunks writes (a paused read() joins
// two): extrapolated from 16 and 64 KiB, the residual there came out 0.6
// µs in one calibration and 13.5 µs in another.
var driverSizes = []int{64, 1024, 4096, 16384, 65536, 131072}

// driverService is the measuring consumer's service per chunk: long
// enough that every chunk's completion is a wait the driver ends the way
// it ends any (a deadline, met by turns of the loop), short enough that the
// residual is a large share of the time per chunk: a 200 MiB/s consumer's
// 4 KiB chunk (issue 12's waits are 20µs to 1.6ms per chunk).
const driverService = 20 * time.Microsecond

// driverCell is the cell the driver is measured on: an unpaced producer
// of size-byte chunks (or objects) piped into one consumer that takes
// driverService per chunk, both highWaterMarks one chunk, for n chunks.
// So the consumer drains once a chunk, as in every case issue 12 names
// (highWaterMark one chunk, or chunks larger than it): the residual holds
// a drain a chunk, and Driver.Drain, measured beside it with the
// consumer's default highWaterMark, is only what cells with fewer drains
// are charged less.
func driverCell(size int, objects bool, profile stream.Profile, n int64, service time.Duration) engine.Config {
	hwm := size
	if objects {
		hwm = 1
	}
	return engine.Config{
		Profile:       profile,
		Producer:      engine.Producer{Chunk: engine.Fixed(size), ObjectMode: objects},
		Stop:          engine.Stop{Chunks: n},
		Consumers:     []engine.Consumer{{Name: "sink", Latency: service, HighWaterMark: &hwm}},
		HighWaterMark: &hwm,
		Strategy:      engine.StrategyPipe,
		Seed:          1,
	}
}

// driverPullCell is driverCell's 4 KiB cell with a pull producer whose
// every chunk takes driverService to read: each chunk ends two waits, the
// consumer's and the producer's.
func driverPullCell(profile stream.Profile, n int64) engine.Config {
	cfg := driverCell(4096, false, profile, n, driverService)
	cfg.Producer.Pull, cfg.Producer.Latency = true, driverService
	return cfg
}

// timePerChunk runs cfg on e and returns its time per chunk consumed, in
// ns; an error names what ran.
func timePerChunk(ctx context.Context, e engine.Engine, cfg engine.Config, what string) (float64, error) {
	r, err := e.Run(ctx, cfg)
	if err == nil {
		var t float64
		if t, err = perChunk(r); err == nil {
			return t, nil
		}
	}
	return 0, fmt.Errorf("calibration: %s: %w", what, err)
}

// perChunk is a run's time per chunk consumed, in ns.
func perChunk(r engine.Result) (float64, error) {
	v, ok := r.Metrics.Get(metrics.ThroughputChunks)
	if !ok || !(v > 0) {
		return 0, fmt.Errorf("no %s in the run's metrics", metrics.ThroughputChunks)
	}
	return 1e9 / v, nil
}

// profileOf returns the stream profile of a runtime named as File.Node.
func profileOf(name string) stream.Profile {
	switch {
	case strings.HasPrefix(name, "bun "):
		return stream.Bun
	case strings.HasPrefix(name, "deno "):
		return stream.Deno
	}
	var major int
	if _, err := fmt.Sscanf(name, "v%d", &major); err == nil && major < 22 {
		return stream.Node20
	}
	return stream.Node22
}

// measureDriver runs driverCell on the node engine (the driver the node
// engine runs, on the wall clock) and on sim calibrated with f's other
// figures, at driverSizes in both modes, opts.Repeats times each (the
// sizes interleaved), and fits a + b·bytes to the medians of the
// residuals. Each run is 20000 chunks times opts.Scale (at least 2000),
// a second or two: a count of chunks, not a duration, and not fewer, as
// the first few thousand chunks of a process are slower per chunk than
// the rest (134 µs per chunk over 300 ms, 34-53 µs over 20000 chunks, at
// a load of 5), and runs of the cases last seconds. In byte mode
// each size also runs shortChunks long, for the start-up (Driver.Start),
// the 4 KiB cell with the consumer's default highWaterMark, for the cost
// of a drain (Driver.Drain), and the 4 KiB cell under resumeLoad, for
// what a busy slice costs after it (Driver.Resume).
// All opts.Repeats (7 by default): the node engine's time per chunk
// moves 3-5% from run to run here, and with 3 repeats (as before) the
// residual at 4 KiB moved 3 µs (10%) between calibrations.
func measureDriver(ctx context.Context, nodePath string, f *File, opts Options) (*Driver, error) {
	n := driverChunks(opts)
	ne := node.Engine{Node: nodePath, Timing: node.Wall}
	f0 := *f
	f0.Driver = nil
	se := sim.Engine{Costs: f0.Costs()}
	prof := profileOf(f.Node)
	out := &Driver{Sizes: driverSizes, Raw: map[string][]float64{}, Window: driverWindow}
	cell := func(cfg engine.Config) (cellRun, error) {
		return runCell(ctx, ne, se, cfg)
	}
	m := shortChunks(n)
	var (
		long   []cellRun // at driverLongService, 4 KiB, bytes
		starts []float64 // Start as each pair of a short and a full run puts it
		drains []float64 // Drain as each pair of a tight and a loose run puts it
		dr     = make([]float64, len(driverSizes))
		free   []float64 // the node engine's 4 KiB cell, per repeat, ns a chunk
		loaded []float64 // the same cell under resumeLoad, in the same repeats
	)
	for _, objects := range []bool{false, true} {
		res := make([][]float64, len(driverSizes))
		for range opts.Repeats {
			for i, size := range driverSizes {
				c, err := cell(driverCell(size, objects, prof, n, driverService))
				if err != nil {
					return nil, err
				}
				res[i] = append(res[i], c.residual)
				dr[i] = c.drains // sim's: the same every repeat
				if objects {
					continue
				}
				cm, err := cell(driverCell(size, objects, prof, m, driverService))
				if err != nil {
					return nil, err
				}
				starts = append(starts, (cm.residual-c.residual)/(1/float64(m)-1/float64(n)))
				if size != drainSize {
					continue
				}
				lc := driverCell(size, objects, prof, n, driverService)
				lc.Load = resumeLoad
				tl, err := timePerChunk(ctx, ne, lc, "the node engine's driver under load")
				if err != nil {
					return nil, err
				}
				free, loaded = append(free, c.node), append(loaded, tl)
				// The same cell with a drain every four chunks: the
				// consumer's default highWaterMark, where the cell's
				// holds one chunk.
				loose := driverCell(size, objects, prof, n, driverService)
				loose.Consumers[0].HighWaterMark = nil
				cl, err := cell(loose)
				if err != nil {
					return nil, err
				}
				if d := c.drains - cl.drains; d > 0.5 {
					drains = append(drains, (c.residual-cl.residual)/d)
				}
			}
			if !objects {
				c, err := cell(driverCell(4096, false, prof, longChunks(n), driverLongService))
				if err != nil {
					return nil, err
				}
				long = append(long, c)
			}
		}
		if !objects {
			// The start-up's and the drains' shares of each run, out of
			// the residual per chunk.
			out.Start = max(0, median(starts))
			out.Drain = max(0, median(drains))
		}
		meds := make([]float64, len(res))
		for i, xs := range res {
			meds[i] = median(xs) - out.Start/float64(n) - out.Drain*dr[i]
		}
		l := fitLinear(driverSizes, meds)
		if !objects {
			// The residual grows with the wait by Stretch per ns: the
			// short wait's share of it is not a cost per chunk.
			ls := make([]float64, len(long))
			for i, c := range long {
				ls[i] = c.residual - out.Start/float64(longChunks(n)) - out.Drain*c.drains
			}
			at4k := l.A + l.B*4096
			out.Stretch = min(100, max(0, (median(ls)-at4k)/float64(driverLongService-driverService)))
			out.Raw["long4k"] = []float64{median(ls)}
		}
		key := "bytes"
		if objects {
			key = "objects"
			out.Objects = l
		} else {
			out.Bytes = l
		}
		out.Raw[key] = meds
	}
	// Both modes' fits took the short wait's stretch as a cost per chunk.
	short := out.Stretch * float64(driverService)
	out.Bytes.A = max(0, out.Bytes.A-short)
	out.Objects.A = max(0, out.Objects.A-short)
	bySize := func(meds []float64) []float64 {
		ys := make([]float64, len(meds))
		for i, y := range meds {
			ys[i] = max(0, y-short)
		}
		return ys
	}
	out.BytesBySize, out.ObjectsBySize = bySize(out.Raw["bytes"]), bySize(out.Raw["objects"])
	out.StartWrites = StartWrites
	out.Raw["start"], out.Raw["drain"] = starts, drains
	// A producer's wait, beyond all that: sim now charges the residual per
	// chunk.
	f1 := f0
	f1.Driver = out
	sp := sim.Engine{Costs: f1.Costs()}
	var pull []float64
	for range opts.Repeats {
		r, err := residualOn(ctx, ne, sp, driverPullCell(prof, n))
		if err != nil {
			return nil, err
		}
		pull = append(pull, r)
	}
	out.ProducerWait = max(0, median(pull))
	out.Raw["pull4k"] = []float64{median(pull)}
	f1.Driver = out
	resume, err := measureResume(ctx, sim.Engine{Costs: f1.Costs()}, driverCell(drainSize, false, prof, n, driverService), free, loaded)
	if err != nil {
		return nil, err
	}
	out.Resume = max(0, median(resume))
	out.Raw["resume"] = resume
	return out, nil
}

// resumeLoad is the load Driver.Resume is measured under: issue 12's
// (a 2 ms slice of other work every 6.7 ms).
var resumeLoad = engine.Load{Busy: 0.3, Slice: 2 * time.Millisecond}

// measureResume returns Driver.Resume as each repeat puts it: cfg's node
// engine times per chunk free and under resumeLoad (loaded), against sim
// se's, which charges all of the driver's figures but Resume.
func measureResume(ctx context.Context, se sim.Engine, cfg engine.Config, free, loaded []float64) ([]float64, error) {
	tf, err := timePerChunk(ctx, se, cfg, "sim's 4 KiB cell")
	if err != nil {
		return nil, err
	}
	cfg.Load = resumeLoad
	tl, err := timePerChunk(ctx, se, cfg, "sim's 4 KiB cell under load")
	if err != nil {
		return nil, err
	}
	chunks := float64(cfg.Stop.Chunks)
	period := float64(resumeLoad.Period())
	var out []float64
	for i := range loaded {
		excess := (loaded[i] - tl) - (free[i]-tf)/(1-resumeLoad.Busy)
		slices := loaded[i] * chunks / period
		out = append(out, excess*chunks/slices)
	}
	return out, nil
}

// cellRun is what runCell measures of a cell: the node engine's time
// per chunk less sim's, in ns, the node engine's time per chunk, and
// sim's 'drain' events per chunk.
type cellRun struct {
	residual, node, drains float64
}

// residualOn runs cfg on the node engine ne and on sim se and returns the
// node engine's time per chunk less sim's, in ns.
func residualOn(ctx context.Context, ne node.Engine, se sim.Engine, cfg engine.Config) (float64, error) {
	c, err := runCell(ctx, ne, se, cfg)
	return c.residual, err
}

// runCell runs cfg on the node engine ne and on sim se.
func runCell(ctx context.Context, ne node.Engine, se sim.Engine, cfg engine.Config) (cellRun, error) {
	size := cfg.Producer.Chunk.Min()
	tn, err := timePerChunk(ctx, ne, cfg, fmt.Sprintf("the node engine's driver at %d B", size))
	if err != nil {
		return cellRun{}, err
	}
	sr, err := se.Run(ctx, cfg)
	if err != nil {
		return cellRun{}, fmt.Errorf("calibration: sim at %d B: %w", size, err)
	}
	ts, err := perChunk(sr)
	if err != nil {
		return cellRun{}, fmt.Errorf("calibration: sim at %d B: %w", size, err)
	}
	drains, _ := sr.Metrics.Get(metrics.Drains)
	chunks, _ := sr.Metrics.Get(metrics.ChunksConsumed)
	return cellRun{residual: tn - ts, node: tn, drains: drains / max(1, chunks)}, nil
}

// drainSize is the chunk size Driver.Drain is measured at.
const drainSize = 4096

// StartWrites is how many first writes of a run sim spreads Driver.Start
// over: a live pipe of 4 KiB chunks in the node engine (20 µs a chunk)
// ran its first 200 ms, some 7000 chunks, slower than the rest, and the
// next steadily (traced per 50 ms, 2026-12-04).
const StartWrites = 8192

// shortChunks is the length of the short runs that measure Driver.Start
// beside runs of n chunks: StartWrites, so that they hold the whole
// start-up, or n/2 when n is smaller (a scaled-down calibration).
func shortChunks(n int64) int64 { return min(StartWrites, n/2) }

// longChunks is the length of the run at driverLongService.
func longChunks(n int64) int64 { return max(500, n/4) }

// driverChunks is how many chunks each of measureDriver's runs takes: 20000
// times opts.Scale (DefaultOptions' when unset), at least 2000.
func driverChunks(opts Options) int64 {
	return int64(max(2000, 20000*opts.withDefaults().Scale))
}

// fitLinear is calibrate.js's fit: b the slope from the smallest size to
// the largest (never negative: a larger chunk costs no less), a the median
// of what is left at each size (never negative).
func fitLinear(sizes []int, ts []float64) Linear {
	n := len(sizes)
	b := max(0, (ts[n-1]-ts[0])/float64(sizes[n-1]-sizes[0]))
	left := make([]float64, n)
	for i, t := range ts {
		left[i] = t - b*float64(sizes[i])
	}
	return Linear{A: max(0, median(left)), B: b}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
