package calibration

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/node"
)

func TestReadSample(t *testing.T) {
	t.Parallel()
	f, err := Read("testdata/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != Version || !strings.HasPrefix(f.Node, "v") || f.Date.IsZero() || len(f.Handoffs.IO) == 0 {
		t.Errorf("sample: version %d, node %q, date %v, io %v", f.Version, f.Node, f.Date, f.Handoffs.IO)
	}
	c := f.Costs()
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	// A file from before the parts section still reads: without parts,
	// and sim models none.
	if f.Parts != nil || c.Parts != nil {
		t.Errorf("sample (no parts section): Parts = %+v, Costs().Parts = %v; want none", f.Parts, c.Parts)
	}
	k := max(1, f.WallPerCPU)
	if c.NextTick != k*f.Handoffs.NextTick || c.Bytes.Pipe.A != k*f.Bytes.Pipe.A || len(c.Timer.Overshoot) != len(f.Timer.Overshoot) {
		t.Errorf("Costs() does not carry the figures: %+v", c)
	}
	// Write and Read give the same file back.
	p := filepath.Join(t.TempDir(), "c.json")
	if err := Write(p, f); err != nil {
		t.Fatal(err)
	}
	g, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	Encode(&a, f)
	Encode(&b, g)
	if a.String() != b.String() {
		t.Errorf("round trip changed the file:\n%s\n%s", a.String(), b.String())
	}
	if rows := Figures(f); len(rows) < 10 || rows[0][0] != "calibration" {
		t.Errorf("Figures = %v", rows)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, want string
	}{
		{"syntax", "{\n  \"version\": 1,\n  \"node\": ,\n}", "3:11: calibration: invalid character"},
		{"type", "{\n  \"version\": \"one\"\n}", "2:19: calibration: json: cannot unmarshal string"},
		{"unknown field", `{"version": 1, "nod": "v1"}`, `unknown field "nod"`},
		{"version", strings.Replace(string(good), `"version": 1`, `"version": 2`, 1), "unknown format version 2"},
		{"negative", strings.Replace(string(good), `"nextTick": `, `"nextTick": -`, 1), "nextTick"},
		{"trailing", string(good) + "{}", "data after"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse error %v; want it to contain %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse([]byte(`{"version": 7}`)); !errors.Is(err, ErrVersion) {
		t.Errorf("version 7: %v; want ErrVersion", err)
	}
	if _, err := Read("testdata/none.json"); err == nil {
		t.Error("Read of a missing file: no error")
	}
}

// findNode returns a Node to calibrate, or skips naming the install.
func findNode(t *testing.T) string {
	t.Helper()
	for _, v := range []string{os.Getenv("BPBENCH_NODE"), "22", "20", "24", "path"} {
		if v == "" {
			continue
		}
		if b, err := node.Find(v); err == nil {
			return b.Path
		}
	}
	t.Skip("no Node.js found: install it with `make nodes` (or put node on PATH)")
	return ""
}

// TestMeasure calibrates twice on the installed Node and checks that both
// are plausible and agree.
//
// Plausible: every measured cost is above 0 and below a bound no healthy
// machine reaches (10 ms for a hop or a chunk's CPU, 1 s for an I/O lag).
//
// Stable, within these tolerances (each a ratio between the two
// calibrations' figures):
//   - CPU per chunk (write, push, a piped hop, at 64 B, 4 KiB, 64 KiB):
//     a factor of 10. These are CPU time (process.cpuUsage), so the
//     machine's load moves them less than wall time; what still moves them
//     is the process's other threads (GC, JIT) that cpuUsage counts, which
//     on this 2-core machine shared by seven engineers made the same
//     figure differ by up to 3x between runs a minute apart.
//   - a nextTick or setImmediate hop: a factor of 10, or both under 5 µs.
//     A hop is 0.1-5 µs, so one GC pause or a preemption in the run moves
//     it most: 131, 680 and 356 ns in three calibrations in a row here,
//     and 0.1 then 2.1 µs once under a load of 3.
//   - an I/O lag and the median timer overshoot: a factor of 20, or both
//     under 200 µs. They are thread wake-ups, decided by the scheduler:
//     from 110 µs to 1.2 ms within one calibration at a load of 10.
//
// The test asserts no speed. It catches a calibration that is garbage (a
// unit slip, a figure off by 1000, a fit gone negative or to zero), which
// would be off by far more than these factors.
func TestMeasure(t *testing.T) {
	bin := findNode(t)
	ctx := context.Background()
	opts := Options{Repeats: 3, Scale: 0.5}
	a, err := Measure(ctx, bin, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Measure(ctx, bin, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []*File{a, b} {
		plausible(t, f)
	}
	const cpuFactor, hopFactor, lagFactor = 10, 10, 20
	ratio := func(name string, x, y, factor, floor float64) {
		t.Helper()
		if x < floor && y < floor {
			return
		}
		if r := x / y; !(r >= 1/factor && r <= factor) {
			t.Errorf("%s: %.4g then %.4g: ratio %.3g outside [1/%g, %g]", name, x, y, r, factor, factor)
		}
	}
	ratio("nextTick", a.Handoffs.NextTick, b.Handoffs.NextTick, hopFactor, 5e3)
	ratio("immediate", a.Handoffs.Immediate, b.Handoffs.Immediate, hopFactor, 5e3)
	for i := range a.Handoffs.IO {
		ratio("io lag", a.Handoffs.IO[i].Lag, b.Handoffs.IO[i].Lag, lagFactor, 200e3)
	}
	ratio("timer overshoot p50", math.Abs(quantile(a.Timer.Overshoot, 0.5)), math.Abs(quantile(b.Timer.Overshoot, 0.5)), lagFactor, 200e3)
	for _, size := range []int{64, 4096, 65536} {
		for _, m := range []struct {
			n    string
			x, y Chunks
		}{{"bytes", a.Bytes, b.Bytes}, {"objects", a.Objects, b.Objects}} {
			ca, cb := costs(m.x), costs(m.y)
			ratio(m.n+" write", ca.Write.At(size), cb.Write.At(size), cpuFactor, 0)
			ratio(m.n+" push", ca.Push.At(size), cb.Push.At(size), cpuFactor, 0)
			ratio(m.n+" piped hop", hop(ca, size), hop(cb, size), cpuFactor, 0)
		}
	}
}

func costs(c Chunks) engine.ChunkCosts {
	return (&File{Bytes: c}).Costs().Bytes
}

// hop is what a chunk through a pipe costs: push, the pipe hop and write.
func hop(c engine.ChunkCosts, size int) float64 {
	return c.Push.At(size) + c.Pipe.At(size) + c.Write.At(size)
}

func plausible(t *testing.T, f *File) {
	t.Helper()
	if err := f.Costs().Validate(); err != nil {
		t.Error(err)
	}
	check := func(name string, v, hi float64) {
		t.Helper()
		if !(v > 0 && v < hi) {
			t.Errorf("%s = %v ns; want in (0, %g)", name, v, hi)
		}
	}
	check("nextTick", f.Handoffs.NextTick, 10e6)
	check("immediate", f.Handoffs.Immediate, 10e6)
	for _, p := range f.Handoffs.IO {
		check("io lag", p.Lag, 1e9)
	}
	if q := f.Timer.Overshoot; len(q) < 2 || !(quantile(q, 0.5) > -1e6 && quantile(q, 0.5) < 50e6) {
		t.Errorf("timer overshoot quantiles %v: want a median in (-1ms, 50ms)", q)
	}
	for _, size := range []int{64, 4096, 65536} {
		for n, c := range map[string]engine.ChunkCosts{"bytes": costs(f.Bytes), "objects": costs(f.Objects)} {
			check(n+" write", c.Write.At(size), 10e6)
			check(n+" push", c.Push.At(size), 10e6)
			check(n+" piped hop", hop(c, size), 10e6)
			check(n+" transform hop", hop(c, size)+c.Pipe.At(size)+c.Transform.At(size)+c.Write.At(size), 10e6)
		}
	}
}

// Bun and Deno (`make runtimes`) calibrate through their Node
// compatibility: the figures are plausible, and the file names the runtime
// and its exact version, not only the Node version it claims.
func TestMeasureRuntimes(t *testing.T) {
	for _, rt := range node.Runtimes {
		t.Run(rt, func(t *testing.T) {
			b, err := node.Find(rt)
			if err != nil {
				t.Skipf("no %s: install it with `make runtimes` (%v)", rt, err)
			}
			f, err := Measure(context.Background(), b.Path, Options{Repeats: 1, Scale: 0.25})
			if err != nil {
				t.Fatal(err)
			}
			plausible(t, f)
			if want := b.Name() + " (Node compatibility v"; !strings.HasPrefix(f.Node, want) {
				t.Errorf("node = %q; want it to start %q", f.Node, want)
			}
		})
	}
}
