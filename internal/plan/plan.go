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
// and platform, whatever the order or parallelism the cells run in.
//
// Expand is a pure function; cells share their point's resolved scenario,
// which no one may modify.
package plan

import (
	"hash/fnv"
	"strings"

	"github.com/bpbench/bpbench/internal/scenario"
)

// DefaultName is the name of the one point of a scenario without sweep.
const DefaultName = "default"

// Cell is one run: a sweep point of a scenario and a repeat index.
type Cell struct {
	// Scenario is the scenario's name.
	Scenario string
	// Name is the point's name, key=value pairs joined by '/'
	// (hwm=16KiB/chunk=4KiB), or DefaultName. The repeats of a point share
	// it.
	Name string
	// Params is the sweep point: each swept field and its value.
	Params []scenario.Param
	// Repeat is the repeat index, from 0 to Scenario.Repeat-1.
	Repeat int
	// Index is the cell's position in the plan, from 0.
	Index int
	// Seed is the cell's own seed: Seed(scenario seed, Name, Repeat).
	Seed uint64
	// Config is the scenario with the point applied and resolved: what the
	// engine runs. The repeats of a point share it; it must not be modified.
	Config *scenario.Scenario
}

// Expand returns the cells of s: for each point of its sweep in order (the
// first swept field varying slowest), its repeats in order. The error, if
// any, is the scenario.ErrorList of a point that does not resolve (Parse
// has checked them, so this is rare).
func Expand(s *scenario.Scenario) ([]Cell, error) {
	keys := Keys(s.Sweep)
	points := s.Points()
	cells := make([]Cell, 0, len(points)*s.Repeat)
	for _, p := range points {
		cfg, err := s.With(p)
		if err != nil {
			return nil, err
		}
		name := Name(p, keys)
		for r := range s.Repeat {
			cells = append(cells, Cell{
				Scenario: s.Name,
				Name:     name,
				Params:   p,
				Repeat:   r,
				Index:    len(cells),
				Seed:     Seed(s.Seed, name, r),
				Config:   cfg,
			})
		}
	}
	return cells, nil
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

// Name returns the cell name of a sweep point: key=value pairs joined by
// '/', with keys from Keys; DefaultName for an empty point.
func Name(params []scenario.Param, keys map[string]string) string {
	if len(params) == 0 {
		return DefaultName
	}
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('/')
		}
		k, ok := keys[p.Path]
		if !ok {
			k = Key(p.Path)
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(Value(p.Value.Text))
	}
	return b.String()
}

// Value formats a sweep value for a cell name, without '/', '=' or spaces:
// 10MiB/s → 10MiBps, 5ms/MiB → 5msperMiB; any other '/', '=' or space
// becomes '_'.
func Value(text string) string {
	if t, ok := strings.CutSuffix(text, "/s"); ok && t != "" && t[0] >= '0' && t[0] <= '9' {
		text = t + "ps"
	}
	if text != "" && text[0] >= '0' && text[0] <= '9' {
		text = strings.ReplaceAll(text, "/", "per")
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '=', ' ', '\t', '\n', '\r':
			return '_'
		}
		return r
	}, text)
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
