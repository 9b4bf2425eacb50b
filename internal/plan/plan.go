// Package plan expands a scenario into the cells the runner runs: every
// point of its sweep matrix (the cartesian product of the swept fields in
// the order written, minus the excluded points) times its repeat count.
//
// A cell is named by its sweep point as key=value pairs joined by '/', the
// way Go sub-benchmarks are named, so that benchstat can group and filter
// on them: hwm=16KiB/chunk=4KiB. A key is the last element of the swept
// path (producer.chunk → chunk, consumer.rate → rate, stages.0.cost →
// cost), with highWaterMark shortened to hwm (readableHighWaterMark to
// rhwm, writableHighWaterMark to whwm); when two swept paths would get the
// same key, both use their full path. Values are the canonical text of the
// scenario package with no '/' inside: rates end in ps (10MiBps,
// 1000chunksps), costs per size read per (5msperMiB). A scenario without
// sweep has a single point named "default" (DefaultName).
//
// Each repeat of a point gets its own seed, derived from the scenario's
// seed, the cell name and the repeat index by Seed: the same on every run
// and platform, whatever the order or parallelism the cells run in. The
// name leaves out engine, node and timing, so the same point on several
// engines (or Nodes) has the same seeds.
//
// A cell carries its coordinates as data, a results.Point (which owns the
// name), and the one resolved engine.Config the engines run, with every
// stream's highWaterMark resolved to a number.
//
// Expand is a pure function; cells share their point's resolved scenario
// and config, which no one may modify.
package plan

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
)

// DefaultName is the name of the one point of a scenario without sweep.
const DefaultName = results.DefaultName

// Cell is one run: a sweep point of a scenario and a repeat index.
type Cell struct {
	// Scenario is the scenario's name.
	Scenario string
	// Name is the point's name, Point.Name(): key=value pairs joined by
	// '/' (hwm=16KiB/chunk=4KiB), or DefaultName. The repeats of a point
	// share it.
	Name string
	// Point is the sweep point as data: each swept field, its key, its
	// text and its resolved value.
	Point results.Point
	// Params is the sweep point as the scenario wrote it.
	Params []scenario.Param
	// Repeat is the repeat index, from 0 to Scenario.Repeat-1.
	Repeat int
	// Index is the cell's position in the plan, from 0.
	Index int
	// Seed is the cell's own seed: Seed(scenario seed, Name, Repeat), Name
	// without its engine, node and timing.
	Seed uint64
	// Config is the scenario with the point applied and resolved (its
	// engine and node choose the engine). The repeats of a point share it;
	// it must not be modified.
	Config *scenario.Scenario
	// Engine is what the engine runs: Config's engine.Config with the
	// cell's Seed, checked by engine.Config.Validate.
	Engine engine.Config
	// HighWaterMarks is every stream's resolved highWaterMark
	// (engine.Config.HighWaterMarks), shared by the repeats of a point.
	HighWaterMarks map[string]int64
}

// WallClock reports whether the cell measures on the wall clock: engine
// realtime, or node with timing wall. Its figures move with the machine's
// load, so the runner takes such cells round by round (runner.Order);
// sim's, and node's with timing ideal, are the model's and do not.
func (c *Cell) WallClock() bool {
	switch c.Config.Engine {
	case scenario.Realtime:
		return true
	case scenario.Node:
		return c.Config.Timing != scenario.Ideal
	}
	return false
}

// MaxWork bounds the chunks a whole plan may make (the sum of each cell's
// bound, scenario.MaxChunks): about a day of one core's work on engine sim.
const MaxWork = 1e11

// Expand returns the cells of s: for each point of its sweep in order (the
// first swept field varying slowest), its repeats in order. This plan
// order is the order of a results file; the runner runs wall-clock cells
// round by round instead (runner.Order). The error, if
// any, is a scenario.ErrorList: a point that does not resolve (Parse has
// checked them, so this is rare), or a plan whose cells could make more
// than MaxWork chunks in all.
func Expand(s *scenario.Scenario) ([]Cell, error) {
	keys := Keys(s.Sweep)
	points := s.Points()
	cells := make([]Cell, 0, len(points)*s.Repeat)
	work := 0.0
	for _, p := range points {
		cfg, err := s.With(p)
		if err != nil {
			return nil, err
		}
		if work += cfg.MaxChunks() * float64(s.Repeat); work > MaxWork {
			line, col := s.Pos("stop")
			return nil, scenario.ErrorList{{File: s.File, Line: line, Col: col, Msg: fmt.Sprintf(
				"plan: %d points × repeat %d could make more than %.0e chunks in all, the limit of a plan; stop sooner, sweep fewer points or repeat less",
				len(points), s.Repeat, MaxWork)}}
		}
		pt := Point(cfg, p, keys)
		name := pt.Name()
		seedName := Point(cfg, seedParams(p), keys).Name()
		base := cfg.EngineConfig(0)
		hwms := base.HighWaterMarks()
		for r := range s.Repeat {
			seed := Seed(s.Seed, seedName, r)
			ec := base
			ec.Seed = seed
			cells = append(cells, Cell{
				Scenario:       s.Name,
				Name:           name,
				Point:          pt,
				Params:         p,
				Repeat:         r,
				Index:          len(cells),
				Seed:           seed,
				Config:         cfg,
				Engine:         ec,
				HighWaterMarks: hwms,
			})
		}
	}
	return cells, nil
}

// sameSeed are the swept fields that say where a point runs, not what it
// runs: the points that differ only in them get the same seeds, so an
// engine sweep (sim against node) compares the model with the measurement
// on the same chunk sizes and jitter, not on other draws.
var sameSeed = map[string]bool{"engine": true, "node": true, "timing": true}

// seedParams returns params without the sameSeed fields.
func seedParams(params []scenario.Param) []scenario.Param {
	var out []scenario.Param
	for _, p := range params {
		if !sameSeed[p.Path] {
			out = append(out, p)
		}
	}
	return out
}

// abbrev are the keys shorter than the path's last element.
var abbrev = map[string]string{
	"highWaterMark":         "hwm",
	"readableHighWaterMark": "rhwm",
	"writableHighWaterMark": "whwm",
}

// Key returns the short key of a swept path: its last element, with
// highWaterMarks abbreviated.
func Key(path string) string {
	last := path[strings.LastIndexByte(path, '.')+1:]
	if a, ok := abbrev[last]; ok {
		return a
	}
	return last
}

// Keys returns the key of each sweep, as cell names use them: the short
// Key, or the full path where two sweeps share a short key.
func Keys(sweeps []scenario.Sweep) map[string]string {
	count := map[string]int{}
	for _, sw := range sweeps {
		count[Key(sw.Path)]++
	}
	keys := make(map[string]string, len(sweeps))
	for _, sw := range sweeps {
		if k := Key(sw.Path); count[k] == 1 {
			keys[sw.Path] = k
		} else {
			keys[sw.Path] = sw.Path
		}
	}
	return keys
}

// Point returns the typed point of params, resolved in cfg (the scenario
// with params applied): keys from Keys, values as written, and the
// resolved value of every highWaterMark.
func Point(cfg *scenario.Scenario, params []scenario.Param, keys map[string]string) results.Point {
	var pt results.Point
	for _, p := range params {
		k, ok := keys[p.Path]
		if !ok {
			k = Key(p.Path)
		}
		q := results.Param{Path: p.Path, Key: k, Value: p.Value.Text}
		if w := p.Value.Written; w != p.Value.Text {
			q.Written = w
		}
		if v, ok := cfg.ResolvedHighWaterMark(p.Path); ok {
			q.Resolved = &v
		}
		pt = append(pt, q)
	}
	return pt
}

// Seed derives a cell's seed from the scenario's seed, the cell name and
// the repeat index: FNV-1a of the name mixed into the seed, then the
// repeat, each step through SplitMix64's finalizer. It depends on nothing
// else, so it is the same on every run and platform.
func Seed(seed uint64, name string, repeat int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	x := splitmix64(seed ^ h.Sum64())
	return splitmix64(x + uint64(repeat))
}

// splitmix64 is SplitMix64's step: add the golden gamma, then mix.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Override sets the engine, node and timing of every cell (those given: ""
// leaves a field as the cell has it), as the command line's --engine,
// --node and --timing do. Each point's resolved scenario is rebuilt from the
// file, so an override of the base scenario does not reach it; cells that
// share a scenario share its copy.
func Override(cells []Cell, eng scenario.Engine, node string, timing scenario.Timing) {
	if eng == "" && node == "" && timing == "" {
		return
	}
	copies := map[*scenario.Scenario]*scenario.Scenario{}
	for i := range cells {
		orig := cells[i].Config
		cp, ok := copies[orig]
		if !ok {
			x := *orig
			if eng != "" {
				x.Engine = eng
			}
			if node != "" {
				x.Node = node
			}
			if timing != "" {
				x.Timing = timing
			}
			cp = &x
			copies[orig] = cp
		}
		cells[i].Config = cp
	}
}
