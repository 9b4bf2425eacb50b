package calibration

import (
	"bytes"
	"context"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/engine/sim"
)

// The real parts calibrate in every installed runtime (Node 20, 22, 24,
// Bun, Deno; skipped with the install command where missing), plausibly:
// every time per chunk is positive and below a second at 64 KiB, gzip
// and gunzip cost more for more bytes (B > 0), gzip shrinks base64 data
// (ratio in (0, 1]; 6 bits of entropy per byte: about 3/4) and gunzip
// grows it back (the inverse, within 1%). The file keeps them through
// Encode and Parse, and says which runtime it is for.
func TestMeasureParts(t *testing.T) {
	for _, rt := range []string{"20", "22", "24", node.Bun, node.Deno} {
		t.Run(rt, func(t *testing.T) {
			b, err := node.Find(rt)
			if err != nil {
				install := "make nodes"
				if _, e := strconv.Atoi(rt); e != nil {
					install = "make runtimes"
				}
				t.Skipf("no %s: install it with `%s` (%v)", rt, install, err)
			}
			p, err := MeasureParts(context.Background(), b.Path, Options{Repeats: 3, Scale: 0.3})
			if err != nil {
				t.Fatal(err)
			}
			plausibleParts(t, p)
			// Node reports the loop's active time; Bun and Deno do
			// not, and their main thread's CPU time stands for it
			// (Linux: schedstat), so that pipelines contend for their
			// loop in sim too. Either way every part costs the loop
			// some CPU per chunk, at most its wall time.
			want := "elu"
			if b.Runtime == node.Bun || b.Runtime == node.Deno {
				want = "thread"
			}
			if !p.LoopCPU || p.LoopCPUSource != want {
				t.Errorf("loopCpu %v from %q on %s %s; want true from %q", p.LoopCPU, p.LoopCPUSource, rt, b.Version, want)
			}
			for _, x := range p.list() {
				r := x.p.Raw
				for i := range r.Sizes {
					if !(r.CPU[i] > 0 && r.CPU[i] <= r.Wall[i]) {
						t.Errorf("%s at %d B: loop CPU %.4g ns of a %.4g ns write; want in (0, wall]", x.key, r.Sizes[i], r.CPU[i], r.Wall[i])
					}
				}
			}
			f := &File{Version: Version, Node: b.Version, Parts: p}
			if b.Runtime == node.Bun || b.Runtime == node.Deno {
				f.Node = b.Runtime + " " + b.Version + " (Node compatibility v22.0.0)"
			}
			if want := rt; f.Runtime() != want {
				t.Errorf("Runtime() of %q = %q; want %q", f.Node, f.Runtime(), want)
			}
			var buf bytes.Buffer
			if err := Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			g, err := Parse(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if g.Parts == nil || g.Parts.Gzip == nil || g.Parts.Gzip.Raw == nil || len(g.Parts.Gzip.Raw.Wall) != len(p.Sizes) || g.Parts.Gzip.Ratio != p.Gzip.Ratio {
				t.Errorf("parts after Encode and Parse: %+v; want %+v", g.Parts, p)
			}
			if c := g.Costs().Parts; c[engine.PartGzip].Ratio != p.Gzip.Ratio || c[engine.PartHTTP].Wait != (engine.Linear{A: p.HTTP.Wait.A, B: p.HTTP.Wait.B}) {
				t.Errorf("Costs().Parts = %v; want the file's figures", c)
			}
		})
	}
}

func plausibleParts(t *testing.T, p *Parts) {
	t.Helper()
	if p.Version != PartsVersion || p.Data != "base64" {
		t.Errorf("version %d, data %q; want %d, base64", p.Version, p.Data, PartsVersion)
	}
	want := []string{engine.PartGzip, engine.PartGunzip, engine.PartFSTmp, engine.PartNet, engine.PartHTTP}
	if _, err := os.Stat("/dev/shm"); err == nil {
		want = append(want, engine.PartFSShm)
	}
	got := map[string]*Part{}
	for _, x := range p.list() {
		got[x.key] = x.p
	}
	for _, k := range want {
		x := got[k]
		if x == nil {
			t.Errorf("no figures for %s", k)
			continue
		}
		for _, size := range []int{1 << 10, 64 << 10} {
			total := x.Wait.A + x.Wait.B*float64(size) + x.CPU.A + x.CPU.B*float64(size)
			if !(total > 0 && total < 1e9) {
				t.Errorf("%s: %.4g ns per %d-byte chunk; want in (0, 1s)", k, total, size)
			}
		}
	}
	for _, k := range []string{engine.PartGzip, engine.PartGunzip} {
		if x := got[k]; x != nil && !(x.Wait.B+x.CPU.B > 0) {
			t.Errorf("%s: %v + %v per byte; want B > 0 (more bytes, more zlib work)", k, x.Wait.B, x.CPU.B)
		}
	}
	if g, u := p.Gzip, p.Gunzip; g != nil && u != nil {
		if !(g.Ratio > 0 && g.Ratio <= 1) {
			t.Errorf("gzip ratio on base64 = %v; want in (0, 1]", g.Ratio)
		}
		if r := g.Ratio * u.Ratio; !(r > 0.99 && r < 1.01) {
			t.Errorf("gzip ratio × gunzip ratio = %v; want 1 (gunzip undoes gzip)", r)
		}
	}
}

// A parts section of another version, or with an impossible figure, is
// refused by Parse, naming parts and the part.
func TestParsePartsErrors(t *testing.T) {
	sample, err := os.ReadFile("testdata/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	with := func(parts string) []byte {
		i := bytes.LastIndexByte(sample, '}')
		return append(append(append([]byte(nil), sample[:i]...), []byte(`, "parts": `+parts)...), '}')
	}
	ok := `{"version": 1, "data": "base64", "sizes": [1024], "loopCpu": true, "gzip": {"wait": {"a": 1000, "b": 2}, "cpu": {"a": 10, "b": 1}, "ratio": 0.75}}`
	if f, err := Parse(with(ok)); err != nil || f.Parts.Gzip.Ratio != 0.75 {
		t.Fatalf("a valid parts section: %v", err)
	}
	for _, c := range []struct{ parts, want string }{
		{`{"version": 2, "data": "base64"}`, "parts: calibration: unknown format version 2"},
		{`{"version": 1, "gzip": {"wait": {"a": -1, "b": 2}, "cpu": {"a": 0, "b": 0}, "ratio": 0.75}}`, "parts: gzip: -1 + 2/byte"},
		{`{"version": 1, "gunzip": {"wait": {"a": 1, "b": 2}, "cpu": {"a": 0, "b": 0}}}`, "parts: gunzip: ratio 0"},
	} {
		_, err := Parse(with(c.parts))
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
			t.Errorf("Parse(parts %s) = %v; want an error containing %q", c.parts, err, c.want)
		}
	}
}

// parts.js measures the data the node engine's producer makes: its base64
// alphabet and generator (xorshift32, five characters per draw) are the
// driver's, line for line.
func TestPartsDataIsTheDrivers(t *testing.T) {
	driver, err := os.ReadFile("../engine/node/driver.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`const abc = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');`,
		`x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32`,
		`for (let k = 0, y = x >>> 2; k < 5 && i < `,
		`] = abc[y & 63];`,
	} {
		if !bytes.Contains(driver, []byte(line)) || !bytes.Contains([]byte(partsScript), []byte(line)) {
			t.Errorf("driver.js and parts.js do not both have %q: the data calibrated is not the data run", line)
		}
	}
}

// Every part but gunzip gets its residual from a node engine cell in every
// installed runtime: the node engine's and sim's times per chunk are
// positive, the residual is not negative, and sim charged it lands closer
// to the node engine than without it (in total over the sizes: the fit of
// a + b·bytes through three points need not pass through each).
func TestMeasurePartDrivers(t *testing.T) {
	if raceScale < 1 {
		// Under -race the sim runs that fit the residuals are about ten
		// times slower: one runtime took 500 s (all five take 78 s
		// without). make test runs this test again without -race.
		t.Skip("slow under -race; make test runs it without: go test -run TestMeasurePartDrivers ./internal/calibration")
	}
	for _, rt := range []string{"20", "22", "24", node.Bun, node.Deno} {
		t.Run(rt, func(t *testing.T) {
			b, err := node.Find(rt)
			if err != nil {
				install := "make nodes"
				if _, e := strconv.Atoi(rt); e != nil {
					install = "make runtimes"
				}
				t.Skipf("no %s: install it with `%s` (%v)", rt, install, err)
			}
			ctx := context.Background()
			p, err := MeasureParts(ctx, b.Path, Options{Repeats: 1, Scale: 0.2})
			if err != nil {
				t.Fatal(err)
			}
			f := &File{Version: Version, Node: b.Version, Parts: p}
			if b.Runtime == node.Bun || b.Runtime == node.Deno {
				f.Node = b.Runtime + " " + b.Version
			}
			var warnings []string
			if err := MeasurePartDrivers(ctx, b.Path, f, Options{Repeats: 1, Scale: 0.4 * raceScale}, func(s string) { warnings = append(warnings, s) }); err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("warnings: %q; want none", warnings)
			}
			costs := f.Costs()
			for _, x := range p.list() {
				d := x.p.Driver
				if x.key == engine.PartGunzip {
					if d != nil {
						t.Errorf("gunzip: a residual %+v; want none (the producer makes no gzip data)", d)
					}
					continue
				}
				if d == nil {
					t.Errorf("%s: no residual", x.key)
					continue
				}
				if len(d.Node) != len(d.Sizes) || len(d.Sim) != len(d.Sizes) || !(d.CPU.A >= 0 && d.CPU.B >= 0) {
					t.Fatalf("%s: residual %+v: want a point per size and a, b >= 0", x.key, d)
				}
				var before, after float64
				for i, size := range d.Sizes {
					r, err := sim.Engine{Costs: costs, TimelinePoints: -1}.Run(ctx, partCell(x.key, size, profileOf(f.Node), partDriverDuration(0.4)))
					if err != nil {
						t.Fatal(err)
					}
					ts, err := perChunk(r)
					if err != nil {
						t.Fatal(err)
					}
					tn := d.Node[i]
					if !(tn > 0 && d.Sim[i] > 0) {
						t.Errorf("%s at %d B: node %v, sim %v ns per chunk; want > 0", x.key, size, tn, d.Sim[i])
					}
					before += math.Abs(d.Sim[i] - tn)
					after += math.Abs(ts - tn)
				}
				if after > before*1.001+1 {
					t.Errorf("%s: sim with the residual is off by %.4g ns per chunk in all, without it %.4g; want closer", x.key, after, before)
				}
			}
		})
	}
}
