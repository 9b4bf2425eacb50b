package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/engine"
)

// EngineConfig translates a resolved scenario point into the engine's
// Config: units become numbers (rates in bytes or chunks per second, costs
// in nanoseconds per byte and per chunk), highWaterMarks become counts, and
// seed becomes the cell's seed. Parse and With have checked the result
// with engine.Config.Validate (the one owner of a cell's rules), so it
// passes.
func (s *Scenario) EngineConfig(seed uint64) engine.Config {
	cfg := engine.Config{
		Profile: s.Profile,
		Producer: engine.Producer{
			Rate:       s.Producer.Rate.Bytes,
			ChunkRate:  s.Producer.Rate.Chunks,
			Chunk:      s.Producer.Chunk.Engine(),
			Burst:      engine.Burst{On: s.Producer.Burst.On, Off: s.Producer.Burst.Off},
			ObjectMode: s.Producer.ObjectMode,
			Pull:       s.Producer.Mode == Pull,
			Latency:    s.Producer.Latency,
			Jitter:     s.Producer.Jitter,
			Timer:      s.Producer.Timer,
			Generator:  s.Producer.Source == Generator,
		},
		Stop: engine.Stop{
			Bytes:    int64(s.Stop.Bytes),
			Chunks:   s.Stop.Chunks,
			Duration: s.Stop.Duration,
		},
		HighWaterMark: engineHWM(s.Producer.HighWaterMark),
		Strategy:      engine.Strategy(s.Strategy),
		MemoryGuard:   int64(s.MemoryGuard),
		Pipelines:     s.Pipelines,
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
			Kind:         engineKind(st.Kind),
			Module:       st.Module,
			CostPerByte:  perByte,
			CostPerChunk: st.Cost.Chunk,
			Jitter:       st.Jitter,
			Timer:        st.Timer,
			ReadableHWM:  engineHWM(st.ReadableHighWaterMark),
			WritableHWM:  engineHWM(st.WritableHighWaterMark),
		})
	}
	for _, c := range s.Consumers {
		cfg.Consumers = append(cfg.Consumers, engine.Consumer{
			Name:          c.Name,
			Kind:          engineKind(c.Kind),
			Module:        c.Module,
			Dir:           c.Dir,
			Rate:          c.Rate.Bytes,
			ChunkRate:     c.Rate.Chunks,
			Latency:       c.Latency,
			Jitter:        c.Jitter,
			Stalls:        engine.Stalls{Every: c.Stalls.Every, For: c.Stalls.For, Phase: c.Stalls.Phase, Random: c.Stalls.Random},
			Timer:         c.Timer,
			HighWaterMark: engineHWM(c.HighWaterMark),
		})
	}
	return cfg
}

// engineKind is a part's kind as the engine takes it: "" for the model.
func engineKind(k string) string {
	if k == Model {
		return ""
	}
	return k
}

// hwm returns a resolved highWaterMark as the engine takes it.
func engineHWM(h HighWaterMark) *int {
	v := int(min(h.Value, math.MaxInt))
	return &v
}

// checkEngine validates the engine configuration of the resolved point s
// (engine.Config.Validate holds the rules of a cell) and reports each
// problem at the YAML field that caused it.
//
// Beside the errors of values that failed to parse it reports only the
// rules of the sections those left whole: a value that failed is unset,
// and a rule read over it (a stop with no limit, a rate of 0) would be
// noise. A failed value of a field that shapes the whole cell (engine,
// strategy, profile, node) leaves no rule to check.
func (d *decoder) checkEngine(s *Scenario) {
	if d.anyBad("engine", "strategy", "profile", "node", "producer.objectMode") {
		return
	}
	cfg := s.EngineConfig(0)
	seen := map[string]bool{}
	for _, p := range cfg.Problems() {
		path, n := d.engineField(p.Field)
		if d.sectionBad(path) {
			continue
		}
		msg := p.Msg
		if path != "" {
			msg = path + ": " + msg
		}
		if key := fmt.Sprintf("%d:%d:%s", n.line, n.col, msg); !seen[key] {
			seen[key] = true
			d.errorf(n, "%s", msg)
		}
	}
}

// sectionBad reports whether a value failed to parse in the section of
// path: its top-level field, or one stage or consumer of a list
// (consumer: is consumers.0).
func (d *decoder) sectionBad(path string) bool {
	want := section(path)
	for p := range d.bad {
		if b := section(p); b == want || strings.HasPrefix(want, b+".") || strings.HasPrefix(b, want+".") {
			return true
		}
	}
	return false
}

// section returns the part of a field's path that a rule of a cell stays
// within: the top-level field, or stages.N and consumers.N.
func section(path string) string {
	parts := strings.SplitN(path, ".", 3)
	switch {
	case parts[0] == "consumer":
		return "consumers.0"
	case (parts[0] == "consumers" || parts[0] == "stages") && len(parts) > 1:
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

// engineField maps an engine.FieldError's field to the scenario's path of
// it (consumers.0 is consumer when the file has one consumer:) and the
// node that set it: the field itself, else the one it inherits from (a
// stream's highWaterMark from the top-level highWaterMark), else its
// nearest written parent, else the document.
func (d *decoder) engineField(field string) (string, *node) {
	path := field
	if rest, ok := strings.CutPrefix(path, "consumers.0"); ok && d.at("consumers") == nil {
		path = "consumer" + rest
	}
	candidates := []string{path}
	if last := path[strings.LastIndexByte(path, '.')+1:]; strings.HasSuffix(last, "ighWaterMark") {
		if strings.HasPrefix(path, "stages.") {
			candidates = append(candidates, path[:strings.LastIndexByte(path, '.')]+".highWaterMark")
		}
		candidates = append(candidates, "highWaterMark", "profile")
	}
	for _, c := range candidates {
		if n := d.at(c); n != nil {
			return c, n // the field as written, which the others inherit
		}
	}
	for p := path; ; p = p[:strings.LastIndexByte(p, '.')] {
		if n := d.at(p); n != nil {
			return path, n
		}
		if !strings.Contains(p, ".") {
			break
		}
	}
	return path, d.tree
}

// ResolvedHighWaterMark returns the resolved highWaterMark a swept path
// sets (highWaterMark, producer.highWaterMark, stages.0.readableHighWaterMark,
// consumer.highWaterMark, consumers.1.highWaterMark, ...) in s, a resolved
// point: bytes, or objects in object mode. ok is false for any other path.
func (s *Scenario) ResolvedHighWaterMark(path string) (v int64, ok bool) {
	parts := strings.Split(path, ".")
	last := parts[len(parts)-1]
	if !strings.HasSuffix(last, "ighWaterMark") {
		return 0, false
	}
	index := func() (int, bool) {
		if len(parts) != 3 {
			return 0, false
		}
		i, err := strconv.Atoi(parts[1])
		return i, err == nil && i >= 0
	}
	switch parts[0] {
	case "highWaterMark":
		return s.HighWaterMark.Value, len(parts) == 1
	case "producer":
		return s.Producer.HighWaterMark.Value, len(parts) == 2 && last == "highWaterMark"
	case "consumer":
		if len(parts) == 2 && last == "highWaterMark" && len(s.Consumers) > 0 {
			return s.Consumers[0].HighWaterMark.Value, true
		}
	case "consumers":
		if i, ok := index(); ok && i < len(s.Consumers) && last == "highWaterMark" {
			return s.Consumers[i].HighWaterMark.Value, true
		}
	case "stages":
		if i, ok := index(); ok && i < len(s.Stages) {
			st := s.Stages[i]
			switch last {
			case "highWaterMark", "readableHighWaterMark":
				return st.ReadableHighWaterMark.Value, true
			case "writableHighWaterMark":
				return st.WritableHighWaterMark.Value, true
			}
		}
	}
	return 0, false
}
