package runner

import (
	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/scenario"
)

// EngineConfig translates a resolved scenario point into the engine's
// Config: units become numbers (rates in bytes or chunks per second, costs
// in nanoseconds per byte and per chunk), highWaterMarks become counts, and
// seed becomes the cell's seed. Parse has validated s, so the result passes
// engine.Config.Validate unless s asks for more work than a cell may do.
func EngineConfig(s *scenario.Scenario, seed uint64) engine.Config {
	cfg := engine.Config{
		Profile: s.Profile,
		Producer: engine.Producer{
			Rate:       s.Producer.Rate.Bytes,
			ChunkRate:  s.Producer.Rate.Chunks,
			Chunk:      chunkDist(s.Producer.Chunk),
			Burst:      engine.Burst{On: s.Producer.Burst.On, Off: s.Producer.Burst.Off},
			ObjectMode: s.Producer.ObjectMode,
			Pull:       s.Producer.Mode == scenario.Pull,
			Latency:    s.Producer.Latency,
			Jitter:     s.Producer.Jitter,
			Timer:      s.Producer.Timer,
		},
		Stop: engine.Stop{
			Bytes:    int64(s.Stop.Bytes),
			Chunks:   s.Stop.Chunks,
			Duration: s.Stop.Duration,
		},
		HighWaterMark: hwm(s.Producer.HighWaterMark),
		Strategy:      engine.Strategy(s.Strategy),
		MemoryGuard:   int64(s.MemoryGuard),
		Seed:          seed,
		Load:          engine.Load{Busy: s.Load.Busy, Slice: s.Load.Slice},
	}
	for _, st := range s.Stages {
		var perByte float64
		if st.Cost.Per > 0 {
			perByte = float64(st.Cost.Bytes) / float64(st.Cost.Per)
		}
		cfg.Stages = append(cfg.Stages, engine.Stage{
			Name:         st.Name,
			Kind:         realKind(st.Kind),
			CostPerByte:  perByte,
			CostPerChunk: st.Cost.Chunk,
			Jitter:       st.Jitter,
			Timer:        st.Timer,
			ReadableHWM:  hwm(st.ReadableHighWaterMark),
			WritableHWM:  hwm(st.WritableHighWaterMark),
		})
	}
	for _, c := range s.Consumers {
		cfg.Consumers = append(cfg.Consumers, engine.Consumer{
			Name:          c.Name,
			Kind:          realKind(c.Kind),
			Dir:           c.Dir,
			Rate:          c.Rate.Bytes,
			ChunkRate:     c.Rate.Chunks,
			Latency:       c.Latency,
			Jitter:        c.Jitter,
			Stalls:        engine.Stalls{Every: c.Stalls.Every, For: c.Stalls.For, Phase: c.Stalls.Phase, Random: c.Stalls.Random},
			Timer:         c.Timer,
			HighWaterMark: hwm(c.HighWaterMark),
		})
	}
	return cfg
}

// hwm returns a resolved highWaterMark as the engine takes it.
func hwm(h scenario.HighWaterMark) *int {
	v := int(min(h.Value, engine.MaxHighWaterMark+1))
	return &v
}

// chunkDist translates a chunk size distribution.
func chunkDist(c scenario.ChunkSize) engine.ChunkDist {
	switch c.Dist {
	case scenario.Uniform:
		return engine.Uniform{MinSize: int(c.Min), MaxSize: int(c.Max)}
	case scenario.Normal:
		return engine.Normal{MeanSize: float64(c.Size), Stddev: float64(c.Stddev), MinSize: int(c.Min), MaxSize: int(c.Max)}
	case scenario.Choice:
		w := make(engine.Weighted, len(c.Choices))
		for i, ch := range c.Choices {
			w[i] = engine.WeightedSize{Size: int(ch.Size), Weight: ch.Weight}
		}
		return w
	}
	return engine.Fixed(int(c.Size))
}

// realKind is a part's kind as the engine takes it: "" for the model.
func realKind(k string) string {
	if k == scenario.Model {
		return ""
	}
	return k
}
