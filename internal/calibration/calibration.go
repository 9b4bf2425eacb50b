package calibration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
)

// Version is the calibration file format's version.
const Version = 1

// File is a calibration file.
type File struct {
	// Version is the format's version (Version).
	Version int `json:"version"`
	// Node is the Node.js version measured ("v20.20.2"; for Bun and Deno
	// "bun 1.4.5 (Node compatibility v26.3.0)"), NodePath its
	// binary.
	Node     string `json:"node"`
	NodePath string `json:"nodePath,omitempty"`
	// CPU is the machine's CPU model, Cores its number of cores.
	CPU   string `json:"cpu"`
	Cores int    `json:"cores"`
	// Date is when the calibration was measured.
	Date time.Time `json:"date"`
	// LoadAvg is the machine's 1-minute load average when it started
	// ("" where unknown): a busy machine gives higher figures.
	LoadAvg string `json:"loadavg,omitempty"`
	// Repeats is the number of runs each figure is the median of.
	Repeats int `json:"repeats"`
	// WallPerCPU is the median of wall time over CPU time across the CPU
	// figures' runs (at least 1): how much longer CPU work took on the
	// wall clock than on the core, from the machine's other load. The CPU
	// figures (NextTick, Immediate, Bytes, Objects) are CPU time, stable
	// from one calibration to the next; Costs multiplies them by it, to
	// predict the wall clock under the load the calibration saw.
	WallPerCPU float64 `json:"wallPerCpu"`
	// Handoffs, Timer, Bytes and Objects are the figures.
	Handoffs Handoffs `json:"handoffs"`
	Timer    Timer    `json:"timer"`
	Bytes    Chunks   `json:"bytes"`
	Objects  Chunks   `json:"objects"`
	// Driver is what the node engine pays per chunk beyond the figures
	// above, measured by running its driver (nil in files from before
	// it was measured: sim then charges none).
	Driver *Driver `json:"driver,omitempty"`
	// Parts are the real parts' figures (MeasureParts); nil in a file
	// measured without them (or before they existed).
	Parts *Parts `json:"parts,omitempty"`
}

// Handoffs are the latencies of a hop, in ns.
type Handoffs struct {
	// NextTick is one process.nextTick hop; Immediate one setImmediate hop.
	NextTick  float64 `json:"nextTick"`
	Immediate float64 `json:"immediate"`
	// IO is, for I/O waits of several lengths, the mean time beyond the
	// length until the callback ran on the loop (a device thread's hops).
	IO []LagPoint `json:"io"`
	// FSRead is a 1-byte read of /dev/zero through libuv's thread pool
	// (recorded, not used by the model).
	FSRead float64 `json:"fsRead,omitempty"`
}

// LagPoint is a wait's length and its mean lag, in ns.
type LagPoint struct {
	Wait float64 `json:"wait"`
	Lag  float64 `json:"lag"`
}

// Timer is setTimeout's model (engine.TimerModel), in ns.
type Timer struct {
	MinDelay   float64 `json:"minDelay"`
	Resolution float64 `json:"resolution"`
	// Overshoot are quantiles at evenly spaced probabilities from 0 to 1.
	Overshoot []float64 `json:"overshoot"`
}

// Chunks are the CPU costs per chunk of one mode, each a + b·bytes.
type Chunks struct {
	Write     Linear `json:"write"`
	Push      Linear `json:"push"`
	Pipe      Linear `json:"pipe"`
	Transform Linear `json:"transform"`
	// Join is a paused read() that joins several buffered chunks into one
	// Buffer, by the bytes joined, beyond reading them one by one (bytes
	// only; zero in files from before it was measured).
	Join Linear `json:"join,omitzero"`
}

// Linear is a + b·bytes, in ns.
type Linear struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
}

// Costs returns the figures as the sim engine takes them.
func (f *File) Costs() *engine.Costs {
	k := max(1, f.WallPerCPU)
	lin := func(l Linear) engine.Linear { return engine.Linear{A: k * l.A, B: k * l.B} }
	ch := func(c Chunks) engine.ChunkCosts {
		return engine.ChunkCosts{Write: lin(c.Write), Push: lin(c.Push), Pipe: lin(c.Pipe), Transform: lin(c.Transform), Join: lin(c.Join)}
	}
	var io []engine.LagPoint
	for _, p := range f.Handoffs.IO {
		io = append(io, engine.LagPoint{Wait: p.Wait, Lag: p.Lag})
	}
	bytes, objects := ch(f.Bytes), ch(f.Objects)
	var poll engine.PollModel
	var producerWait float64
	var start engine.StartCost
	var drain, resume float64
	if d := f.Driver; d != nil {
		bytes.Driver = d.curve(d.Bytes, d.BytesBySize)
		objects.Driver = d.curve(d.Objects, d.ObjectsBySize)
		poll = engine.PollModel{Stretch: d.Stretch, Window: d.Window}
		producerWait = d.ProducerWait
		start = engine.StartCost{Ns: d.Start, Writes: d.StartWrites}
		drain, resume = d.Drain, d.Resume
	}
	return &engine.Costs{
		NextTick:  k * f.Handoffs.NextTick,
		Immediate: k * f.Handoffs.Immediate,
		IO:        io,
		Timer: engine.TimerModel{
			MinDelay:   f.Timer.MinDelay,
			Resolution: f.Timer.Resolution,
			Overshoot:  append([]float64(nil), f.Timer.Overshoot...),
		},
		Bytes:   bytes,
		Objects: objects,
		Parts:   f.Parts.costs(),
		Poll:    poll,

		ProducerWait: producerWait,
		Start:        start,
		Drain:        drain,
		Resume:       resume,
	}
}

// ErrVersion is returned for a calibration file of another format version.
var ErrVersion = errors.New("calibration: unknown format version")

// Parse decodes and checks a calibration file's bytes. Its errors start
// with "line:col: " where they have a place, else " ".
func Parse(b []byte) (*File, error) {
	if len(b) > 1<<20 {
		return nil, fmt.Errorf(" calibration: larger than 1 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			l, c := lineCol(b, se.Offset-1) // Offset is just past the bad byte
			return nil, fmt.Errorf("%d:%d: calibration: %v", l, c, err)
		case errors.As(err, &te):
			l, c := lineCol(b, te.Offset)
			return nil, fmt.Errorf("%d:%d: calibration: %v", l, c, err)
		}
		return nil, fmt.Errorf(" calibration: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf(" calibration: data after the JSON object")
	}
	if !(f.WallPerCPU >= 0 && f.WallPerCPU < 1000) {
		return nil, fmt.Errorf(" calibration: wallPerCpu = %v: want a number in [0, 1000)", f.WallPerCPU)
	}
	if f.Version != Version {
		return nil, fmt.Errorf(" %w %d (this bpbench reads %d)", ErrVersion, f.Version, Version)
	}
	if f.Parts != nil {
		if err := f.Parts.check(); err != nil {
			return nil, fmt.Errorf(" calibration: %w", err)
		}
	}
	if err := f.Costs().Validate(); err != nil {
		return nil, fmt.Errorf(" calibration: %w", err)
	}
	return &f, nil
}

// lineCol returns the 1-based line and column of byte offset off.
func lineCol(b []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(b)))
	line, col := 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Write writes f to path as indented JSON.
func Write(path string, f *File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Encode writes f to w as indented JSON.
func Encode(w io.Writer, f *File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Figures returns f's figures as (name, value) rows for reports, in the
// units people read them in.
func Figures(f *File) [][2]string {
	ns := func(v float64) string {
		switch {
		case v >= 1e6 || v <= -1e6:
			return fmt.Sprintf("%.3g ms", v/1e6)
		case v >= 1e3 || v <= -1e3:
			return fmt.Sprintf("%.3g µs", v/1e3)
		}
		return fmt.Sprintf("%.3g ns", v)
	}
	lin := func(l Linear) string { return fmt.Sprintf("%s + %.3g ns/KiB", ns(l.A), l.B*1024) }
	rows := [][2]string{
		{"calibration", fmt.Sprintf("Node %s, %s, %s, load %s", f.Node, f.CPU, f.Date.Format(time.DateOnly), f.LoadAvg)},
		{"wall per CPU", fmt.Sprintf("%.3g (CPU figures below are CPU time; sim pays them times this)", max(1, f.WallPerCPU))},
		{"nextTick hop", ns(f.Handoffs.NextTick)},
		{"setImmediate hop", ns(f.Handoffs.Immediate)},
		{"I/O lag", ioLags(f.Handoffs.IO, ns)},
		{"setTimeout", fmt.Sprintf("min %s, resolution %s", ns(f.Timer.MinDelay), ns(f.Timer.Resolution))},
	}
	if q := f.Timer.Overshoot; len(q) >= 2 {
		rows = append(rows, [2]string{"timer overshoot", fmt.Sprintf("p10 %s, p50 %s, p90 %s", ns(quantile(q, 0.1)), ns(quantile(q, 0.5)), ns(quantile(q, 0.9)))})
	}
	for _, m := range []struct {
		n string
		c Chunks
	}{{"bytes", f.Bytes}, {"objects", f.Objects}} {
		rows = append(rows,
			[2]string{m.n + " write", lin(m.c.Write)},
			[2]string{m.n + " push", lin(m.c.Push)},
			[2]string{m.n + " pipe hop", lin(m.c.Pipe)},
			[2]string{m.n + " transform", lin(m.c.Transform)})
		if m.c.Join != (Linear{}) {
			rows = append(rows, [2]string{m.n + " joined read()", lin(m.c.Join) + " (by the bytes joined)"})
		}
	}
	if d := f.Driver; d != nil {
		rows = append(rows,
			[2]string{"bytes node engine per chunk", d.bySize(d.Bytes, d.BytesBySize, lin, ns) + " (wall)"},
			[2]string{"objects node engine per chunk", d.bySize(d.Objects, d.ObjectsBySize, lin, ns) + " (wall)"},
			[2]string{"polled wait stretch", fmt.Sprintf("%.3g ns per ns of the last %s of a wait", d.Stretch, ns(d.Window))},
			[2]string{"node engine per producer wait", ns(d.ProducerWait) + " (wall)"})
		if d.Drain > 0 {
			rows = append(rows, [2]string{"node engine per drain", ns(d.Drain) + " (wall)"})
		}
		if d.Resume > 0 {
			rows = append(rows, [2]string{"node engine per busy slice of load", ns(d.Resume) + " after the slice (wall)"})
		}
		if d.StartWrites > 0 {
			rows = append(rows, [2]string{"node engine start-up", fmt.Sprintf("%s over the first %d writes (wall)", ns(d.Start), d.StartWrites)})
		}
	}
	return append(rows, partFigures(f.Parts, ns)...)
}

// quantile interpolates evenly spaced quantiles q at probability p.
func quantile(q []float64, p float64) float64 {
	u := p * float64(len(q)-1)
	i := min(int(u), len(q)-2)
	return q[i] + (u-float64(i))*(q[i+1]-q[i])
}

// ioLags formats a lag curve: "20µs: 150µs, 2ms: 430µs".
func ioLags(c []LagPoint, ns func(float64) string) string {
	var parts []string
	for _, p := range c {
		parts = append(parts, ns(p.Wait)+" → +"+ns(p.Lag))
	}
	return strings.Join(parts, ", ")
}
