package node

import (
	"fmt"
	"strconv"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// spec is the cell as the driver reads it: every time in nanoseconds, every
// highWaterMark resolved, every random stream's PCG seed spelled out.
type spec struct {
	ObjectMode bool         `json:"objectMode"`
	HWM        int          `json:"hwm"`
	Strategy   string       `json:"strategy"`
	Guard      int64        `json:"guard"`
	Seeds      [][2]string  `json:"seeds"`
	SampleNs   int64        `json:"sampleNs"`
	BusyCost   bool         `json:"busyCost"`
	Timing     string       `json:"timing"`
	Load       loadSpec     `json:"load"`
	WarmNs     int64        `json:"warmNs"`
	Producer   producerSpec `json:"producer"`
	Stop       stopSpec     `json:"stop"`
	Stages     []stageSpec  `json:"stages"`
	Consumers  []consSpec   `json:"consumers"`
	// Fill makes the producer's chunks real data (base64 characters), for
	// real parts, where content matters; else they are Buffer.allocUnsafe.
	Fill bool `json:"fill,omitempty"`
	// Pipelines is cfg.Pipelines (0 and 1 are one).
	Pipelines int `json:"pipelines,omitempty"`
}

type loadSpec struct {
	Busy    float64 `json:"busy"`
	SliceNs int64   `json:"sliceNs"`
}

type producerSpec struct {
	Rate       float64   `json:"rate"`
	ChunkRate  float64   `json:"chunkRate"`
	BurstOnNs  int64     `json:"burstOnNs"`
	BurstOffNs int64     `json:"burstOffNs"`
	Chunk      chunkSpec `json:"chunk"`
	// Pull and LatencyNs are engine.Producer's Pull and Latency.
	Pull      bool  `json:"pull"`
	LatencyNs int64 `json:"latencyNs"`
	// Generator is engine.Producer's Generator: a plain async generator
	// read by the await-drain loop, no Readable in between.
	Generator bool `json:"generator"`
}

type chunkSpec struct {
	Kind    string    `json:"kind"`
	Size    int       `json:"size,omitempty"`
	Min     int       `json:"min,omitempty"`
	Max     int       `json:"max,omitempty"`
	Mean    float64   `json:"mean,omitempty"`
	Stddev  float64   `json:"stddev,omitempty"`
	Sizes   []int     `json:"sizes,omitempty"`
	Weights []float64 `json:"weights,omitempty"`
}

type stopSpec struct {
	Bytes      int64 `json:"bytes"`
	Chunks     int64 `json:"chunks"`
	DurationNs int64 `json:"durationNs"`
}

type stageSpec struct {
	Name       string  `json:"name"`
	Kind       string  `json:"kind,omitempty"`
	Module     string  `json:"module,omitempty"`
	PerByte    float64 `json:"perByte"`
	PerChunkNs int64   `json:"perChunkNs"`
	RHWM       int     `json:"rhwm"`
	WHWM       int     `json:"whwm"`
}

type consSpec struct {
	Name      string  `json:"name"`
	Kind      string  `json:"kind,omitempty"`
	Path      string  `json:"path,omitempty"` // kind fs: the file, made by Run
	Module    string  `json:"module,omitempty"`
	Rate      float64 `json:"rate"`
	ChunkRate float64 `json:"chunkRate"`
	LatencyNs int64   `json:"latencyNs"`
	Jitter    float64 `json:"jitter"`
	EveryNs   int64   `json:"everyNs"`
	ForNs     int64   `json:"forNs"`
	HWM       int     `json:"hwm"`
}

// newSpec resolves cfg for the driver. A nil highWaterMark takes cfg's
// profile default (the zero Profile is stream.Node22), not the running
// Node's, so that a Config means the same on every engine.
func newSpec(cfg *engine.Config, e *Engine) (spec, error) {
	prof := cfg.Profile
	if prof.Bytes == 0 {
		prof = stream.Node22
	}
	def := prof.Bytes
	if cfg.Producer.ObjectMode {
		def = prof.Objects
	}
	hwm := func(hs ...*int) int {
		for _, h := range hs {
			if h != nil {
				return *h
			}
		}
		return def
	}
	ch, err := chunk(cfg.Producer.Chunk)
	if err != nil {
		return spec{}, err
	}
	s := spec{
		ObjectMode: cfg.Producer.ObjectMode,
		HWM:        hwm(cfg.HighWaterMark),
		Strategy:   string(cfg.Strategy),
		Guard:      cfg.MemoryGuard,
		Pipelines:  cfg.Pipelines,
		SampleNs:   int64(e.sampleEvery()),
		BusyCost:   e.BusyCost,
		Timing:     string(e.timing()),
		Load:       loadSpec{Busy: cfg.Load.Busy, SliceNs: int64(cfg.Load.Slice)},
		WarmNs:     int64(e.warmUp()),
		Producer: producerSpec{
			Rate: cfg.Producer.Rate, ChunkRate: cfg.Producer.ChunkRate,
			BurstOnNs: int64(cfg.Producer.Burst.On), BurstOffNs: int64(cfg.Producer.Burst.Off),
			Pull: cfg.Producer.Pull, LatencyNs: int64(cfg.Producer.Latency),
			Generator: cfg.Producer.Generator,
			Chunk:     ch,
		},
		Stop:      stopSpec{Bytes: cfg.Stop.Bytes, Chunks: cfg.Stop.Chunks, DurationNs: int64(cfg.Stop.Duration)},
		Stages:    []stageSpec{},
		Consumers: []consSpec{},
	}
	if !cfg.Producer.Burst.Enabled() {
		s.Producer.BurstOnNs, s.Producer.BurstOffNs = 0, 0
	}
	if cfg.Pipelines > 1 && e.timing() == Ideal {
		return s, fmt.Errorf("node: %d pipelines at once share one clock: they need wall timing, not ideal", cfg.Pipelines)
	}
	if part := cfg.RealParts(); part != "" {
		s.Fill = true
		if e.timing() == Ideal {
			return s, fmt.Errorf("node: %s is a real Node component, which takes real time: it needs wall timing, not ideal", part)
		}
		if cfg.Producer.ObjectMode {
			return s, fmt.Errorf("node: %s takes bytes, not objects (object mode)", part)
		}
	}
	for i := 0; i <= len(cfg.Consumers); i++ {
		s.Seeds = append(s.Seeds, seed(cfg.Seed, uint64(i)))
	}
	for _, st := range cfg.Stages {
		switch st.Kind {
		case "", "gzip", "gunzip", "module":
		default:
			return s, fmt.Errorf("node: stage %s: kind %q: want gzip, gunzip or module", st.Name, st.Kind)
		}
		if (st.Kind == "module") != (st.Module != "") {
			return s, fmt.Errorf("node: stage %s: a module file goes with kind module, and only with it", st.Name)
		}
		s.Stages = append(s.Stages, stageSpec{
			Name: st.Name, Kind: st.Kind, Module: st.Module, PerByte: st.CostPerByte, PerChunkNs: int64(st.CostPerChunk),
			RHWM: hwm(st.ReadableHWM, st.HighWaterMark), WHWM: hwm(st.WritableHWM, st.HighWaterMark),
		})
	}
	for _, c := range cfg.Consumers {
		switch c.Kind {
		case "", "fs", "net", "http", "module":
		default:
			return s, fmt.Errorf("node: consumer %s: kind %q: want fs, net, http or module", c.Name, c.Kind)
		}
		if (c.Kind == "module") != (c.Module != "") {
			return s, fmt.Errorf("node: consumer %s: a module file goes with kind module, and only with it", c.Name)
		}
		cs := consSpec{
			Name: c.Name, Kind: c.Kind, Module: c.Module, Rate: c.Rate, ChunkRate: c.ChunkRate, LatencyNs: int64(c.Latency),
			Jitter: c.Jitter, HWM: hwm(c.HighWaterMark),
		}
		if c.Stalls.Enabled() {
			cs.EveryNs, cs.ForNs = int64(c.Stalls.Every), int64(c.Stalls.For)
		}
		if c.Stalls.Phase != 0 || c.Stalls.Random {
			return s, fmt.Errorf("node: consumer %s: stalls with a phase or at random are not in the driver yet (sim and realtime run them)", c.Name)
		}
		s.Consumers = append(s.Consumers, cs)
	}
	return s, nil
}

// seed returns the PCG seeds of random stream n, as the sim engine seeds
// it: stream 0 draws chunk sizes, stream i+1 consumer i's jitter.
func seed(s, n uint64) [2]string {
	return [2]string{strconv.FormatUint(s, 10), strconv.FormatUint(0x9e3779b97f4a7c15*(n+1), 10)}
}

func chunk(d engine.ChunkDist) (chunkSpec, error) {
	switch d := d.(type) {
	case engine.Fixed:
		return chunkSpec{Kind: "fixed", Size: int(d)}, nil
	case engine.Uniform:
		return chunkSpec{Kind: "uniform", Min: d.MinSize, Max: d.MaxSize}, nil
	case engine.Normal:
		return chunkSpec{Kind: "normal", Mean: d.MeanSize, Stddev: d.Stddev, Min: d.MinSize, Max: d.MaxSize}, nil
	case engine.Weighted:
		c := chunkSpec{Kind: "weighted"}
		for _, w := range d {
			c.Sizes = append(c.Sizes, w.Size)
			c.Weights = append(c.Weights, w.Weight)
		}
		return c, nil
	}
	return chunkSpec{}, fmt.Errorf("node: chunk distribution %T is not supported", d)
}
