package calibration

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/engine"
)

//go:embed parts.js
var partsScript string

// PartsVersion is the version of a calibration file's parts section.
const PartsVersion = 1

// Parts are the real parts' figures (parts.js): what the node engine's
// gzip and gunzip stages and fs, net and http consumers cost per chunk in
// the runtime calibrated, each written one chunk at a time through the
// Node APIs the driver uses, on the driver's data (base64 characters).
// A part missing from the runtime (no /dev/shm) is nil.
type Parts struct {
	// Version is the section's format version (PartsVersion).
	Version int `json:"version"`
	// Data names the bytes measured: "base64".
	Data string `json:"data"`
	// Sizes are the chunk sizes measured, in bytes.
	Sizes []int `json:"sizes"`
	// LoopCPU is false where no source of the loop's active time reported
	// any: every figure's CPU is then 0 and its whole time a wait (files
	// from before LoopCPUSource, on Bun and Deno).
	LoopCPU bool `json:"loopCpu"`
	// LoopCPUSource is what the CPU figures measured (parts.js): "elu",
	// performance.eventLoopUtilization's active time (Node); "thread",
	// the main thread's CPU time (Linux's schedstat), where
	// eventLoopUtilization reports none (Bun 1.4.5, Deno 2.9.6);
	// "process", process.cpuUsage(), every thread's CPU time, an upper
	// bound (the thread pool's work counts as the loop's). Empty in files
	// from before it: "elu" where LoopCPU, else none.
	LoopCPUSource string `json:"loopCpuSource,omitempty"`
	// Gzip and Gunzip are zlib.createGzip and createGunzip; FSShm and
	// FSTmp fs.createWriteStream to a file on /dev/shm and in the system's
	// temporary folder; Net a socket to a loopback sink; HTTP an http PUT
	// with a chunked body to one.
	Gzip   *Part `json:"gzip,omitempty"`
	Gunzip *Part `json:"gunzip,omitempty"`
	FSShm  *Part `json:"fsShm,omitempty"`
	FSTmp  *Part `json:"fsTmp,omitempty"`
	Net    *Part `json:"net,omitempty"`
	HTTP   *Part `json:"http,omitempty"`
}

// Part is one part's time per chunk, a + b·bytes in ns each: Wait off the
// event loop (zlib's work on libuv's thread pool, the kernel's), CPU on
// it (its active time).
type Part struct {
	Wait Linear `json:"wait"`
	CPU  Linear `json:"cpu"`
	// Ratio is, for a stage, its output bytes over its input bytes on the
	// data (gzip of base64: about 3/4); 0 for a consumer.
	Ratio float64 `json:"ratio,omitempty"`
	// Raw are the measured points, for people.
	Raw *PartRaw `json:"raw,omitempty"`
	// Driver is what the node engine pays per chunk in a cell with the
	// part beyond the figures above (MeasurePartDrivers); nil where it was
	// not measured (gunzip, files from before it).
	Driver *PartDriver `json:"driver,omitempty"`
}

// PartRaw are a part's measured points: at each of Sizes, the wall time
// per chunk and the event loop's active time per chunk (ns).
type PartRaw struct {
	Sizes []int     `json:"sizes"`
	Wall  []float64 `json:"wall"`
	CPU   []float64 `json:"cpu"`
	// RatioSerial is a stage's ratio over the chunks written one by one.
	RatioSerial float64 `json:"ratioSerial,omitempty"`
	// ELU, Thread and Process are the loop's active time per chunk by
	// each source (LoopCPUSource): CPU is the chosen one's. Thread is
	// missing where the system has no schedstat.
	ELU     []float64 `json:"elu,omitempty"`
	Thread  []float64 `json:"thread,omitempty"`
	Process []float64 `json:"process,omitempty"`
}

// list returns the parts by their engine keys (engine.PartKey), skipping
// the missing ones.
func (p *Parts) list() []struct {
	key string
	p   *Part
} {
	all := []struct {
		key string
		p   *Part
	}{{engine.PartGzip, p.Gzip}, {engine.PartGunzip, p.Gunzip}, {engine.PartFSShm, p.FSShm}, {engine.PartFSTmp, p.FSTmp}, {engine.PartNet, p.Net}, {engine.PartHTTP, p.HTTP}}
	out := all[:0]
	for _, x := range all {
		if x.p != nil {
			out = append(out, x)
		}
	}
	return out
}

// costs returns the parts as the sim engine takes them, nil for none.
func (p *Parts) costs() map[string]engine.PartCost {
	if p == nil {
		return nil
	}
	out := map[string]engine.PartCost{}
	for _, x := range p.list() {
		c := engine.PartCost{
			Wait:  engine.Linear{A: x.p.Wait.A, B: x.p.Wait.B},
			CPU:   engine.Linear{A: x.p.CPU.A, B: x.p.CPU.B},
			Ratio: x.p.Ratio,
		}
		if d := x.p.Driver; d != nil {
			c.Driver = engine.Linear{A: d.CPU.A, B: d.CPU.B}
		}
		out[x.key] = c
	}
	return out
}

// check reports the first impossible figure of p, or nil.
func (p *Parts) check() error {
	if p.Version != PartsVersion {
		return fmt.Errorf("parts: %w %d (this bpbench reads %d)", ErrVersion, p.Version, PartsVersion)
	}
	for _, x := range p.list() {
		ls := []Linear{x.p.Wait, x.p.CPU}
		if x.p.Driver != nil {
			ls = append(ls, x.p.Driver.CPU)
		}
		for _, l := range ls {
			if !(l.A >= 0 && l.A < 1e10 && l.B >= 0 && l.B < 1e6) {
				return fmt.Errorf("parts: %s: %v + %v/byte: want a in [0, 10s) and b in [0, 1ms/byte)", x.key, l.A, l.B)
			}
		}
		stage := x.key == engine.PartGzip || x.key == engine.PartGunzip
		if stage && !(x.p.Ratio > 0 && x.p.Ratio < 1e3) {
			return fmt.Errorf("parts: %s: ratio %v: want a number above 0", x.key, x.p.Ratio)
		}
	}
	return nil
}

// MeasureParts runs parts.js in the runtime at nodePath and returns the
// real parts' figures (opts as Measure's).
func MeasureParts(ctx context.Context, nodePath string, opts Options) (*Parts, error) {
	stdout, err := runScript(ctx, nodePath, partsScript, opts, "parts: ")
	if err != nil {
		return nil, err
	}
	var p Parts
	if err := json.Unmarshal(stdout, &p); err != nil {
		return nil, fmt.Errorf("calibration: parts: %s printed no figures: %w", nodePath, err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("calibration: implausible figures from %s: %w", nodePath, err)
	}
	return &p, nil
}

// partFigures returns p's figures as report rows.
func partFigures(p *Parts, ns func(float64) string) [][2]string {
	if p == nil {
		return nil
	}
	var rows [][2]string
	for _, x := range p.list() {
		v := fmt.Sprintf("wait %s + %s/KiB, loop CPU %s + %s/KiB", ns(x.p.Wait.A), ns(x.p.Wait.B*1024), ns(x.p.CPU.A), ns(x.p.CPU.B*1024))
		if x.p.Ratio > 0 {
			v += fmt.Sprintf(", output/input %.4g", x.p.Ratio)
		}
		if d := x.p.Driver; d != nil {
			v += fmt.Sprintf("; in a cell, loop CPU %s + %s/KiB more", ns(d.CPU.A), ns(d.CPU.B*1024))
		}
		rows = append(rows, [2]string{"part " + x.key, v})
	}
	return rows
}

// Runtime returns the runtime f was measured in as a scenario's node:
// names it: the major version ("22") for Node.js, "bun" or "deno".
func (f *File) Runtime() string {
	switch {
	case strings.HasPrefix(f.Node, "bun "):
		return "bun"
	case strings.HasPrefix(f.Node, "deno "):
		return "deno"
	}
	v := strings.TrimPrefix(f.Node, "v")
	if i := strings.IndexByte(v, '.'); i > 0 {
		v = v[:i]
	}
	if _, err := strconv.Atoi(v); err != nil {
		return f.Node
	}
	return v
}

// Match returns the index of the file among files measured in runtime
// (as Runtime returns it: "22", "bun", "deno"), or -1.
func Match(files []*File, runtime string) int {
	for i, f := range files {
		if f.Runtime() == runtime {
			return i
		}
	}
	return -1
}
