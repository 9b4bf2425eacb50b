package plots

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// rec is a record of a cell with its params, throughput, buffered.peak and
// buffered.mean; latency.p99 too when p99 > 0.
func rec(index, repeat int, params []results.Param, thr, peak, mean, p99 float64) results.Record {
	var names []string
	for _, p := range params {
		names = append(names, p.Key+"="+p.Value)
	}
	cell := strings.Join(names, "/")
	if cell == "" {
		cell = "default"
	}
	r := results.Record{Scenario: "t", Cell: cell, Params: params, Index: index, Repeat: repeat, Engine: "sim"}
	r.Result.Metrics = metrics.Metrics{
		{Name: metrics.Throughput, Value: thr},
		{Name: metrics.BufferedPeak, Value: peak},
		{Name: metrics.BufferedMean, Value: mean},
	}
	if p99 > 0 {
		r.Result.Metrics = append(r.Result.Metrics, metrics.Metric{Name: metrics.LatencyP99, Value: p99})
		r.Result.Latency = metrics.Latencies{Count: 3, CDF: []metrics.CDFPoint{
			{Q: 0, Latency: time.Duration(p99 * 1e9 / 10)},
			{Q: 0.5, Latency: time.Duration(p99 * 1e9 / 2)},
			{Q: 1, Latency: time.Duration(p99 * 1e9)},
		}}
	}
	// A sawtooth between peak/2 and peak, 300 points (enough for a zoom).
	for i := 0; i < 300; i++ {
		b := int64(peak)
		if i%2 == 1 {
			b /= 2
		}
		r.Result.Timeline = append(r.Result.Timeline, metrics.Point{T: time.Duration(i) * time.Millisecond, Bytes: b})
	}
	r.Result.Paused = []metrics.Interval{{Start: 0, End: 100 * time.Millisecond}, {Start: 200 * time.Millisecond, End: 250 * time.Millisecond}}
	return r
}

func hc(hwm, chunk string) []results.Param {
	return []results.Param{{Path: "highWaterMark", Key: "hwm", Value: hwm}, {Path: "producer.chunk", Key: "chunk", Value: chunk}}
}

const KiB, MiB = 1024.0, 1024.0 * 1024

// twoD is a 2-D sweep: hwm 0, 1KiB, 16KiB × chunk 1KiB, 16KiB, two
// repeats, a failed record, a point without latency.
func twoD() (*results.Meta, []results.Record) {
	meta := &results.Meta{
		Scenario: "t",
		Sweep: []results.Axis{
			{Path: "highWaterMark", Key: "hwm", Values: []string{"0B", "1KiB", "16KiB"}},
			{Path: "producer.chunk", Key: "chunk", Values: []string{"1KiB", "16KiB"}},
		},
		HighWaterMarks: map[string]int64{},
	}
	var recs []results.Record
	i := 0
	for _, h := range []struct {
		v   string
		n   int64
		thr float64
	}{{"0B", 0, 2 * MiB}, {"1KiB", 1024, 9 * MiB}, {"16KiB", 16384, 10 * MiB}} {
		for ci, c := range []string{"1KiB", "16KiB"} {
			for rep := range 2 {
				peak := float64(h.n)*2 + KiB*float64(1+15*ci)
				p99 := 0.01 * float64(rep+1)
				if h.n == 16384 && ci == 1 {
					p99 = 0 // no latency measured
				}
				r := rec(i, rep, hc(h.v, c), h.thr+float64(rep)*0.5*MiB, peak, peak/2, p99)
				meta.HighWaterMarks[r.Cell] = h.n
				recs = append(recs, r)
				i++
			}
		}
	}
	failed := recs[0]
	failed.Repeat, failed.Index, failed.Error = 2, i, "engine: boom"
	failed.Result.Metrics = metrics.Metrics{{Name: metrics.Throughput, Value: 1e12}}
	recs = append(recs, failed)
	return meta, recs
}

// objectMode sweeps the highWaterMark in objects, one repeat each.
func objectMode() (*results.Meta, []results.Record) {
	meta := &results.Meta{ObjectMode: true, HighWaterMarks: map[string]int64{},
		Sweep: []results.Axis{{Path: "highWaterMark", Key: "hwm", Values: []string{"1", "16"}}}}
	var recs []results.Record
	for i, h := range []int64{1, 16} {
		r := rec(i, 0, []results.Param{{Path: "highWaterMark", Key: "hwm", Value: fmt.Sprint(h)}}, 5*MiB*float64(i+1), 100*float64(h), 50*float64(h), 0.002)
		meta.HighWaterMarks[r.Cell] = h
		recs = append(recs, r)
	}
	return meta, recs
}

// byRate sweeps consumer.rate only: a categorical axis.
func byRate() (*results.Meta, []results.Record) {
	meta := &results.Meta{HighWaterMarks: map[string]int64{},
		Sweep: []results.Axis{{Path: "consumer.rate", Key: "rate", Values: []string{"10MiB/s", "1MiB/s"}}}}
	var recs []results.Record
	for i, v := range []string{"1MiB/s", "10MiB/s"} { // plan order differs from the sweep's
		r := rec(i, 0, []results.Param{{Path: "consumer.rate", Key: "rate", Value: v}}, MiB*float64(1+9*i), 64*KiB, 60*KiB, 0.5)
		meta.HighWaterMarks[r.Cell] = 65536
		recs = append(recs, r)
	}
	return meta, recs
}

// noSweep is a single cell, one repeat.
func noSweep() (*results.Meta, []results.Record) {
	r := rec(0, 0, nil, 3*MiB, 32*KiB, 16*KiB, 0.001)
	return &results.Meta{HighWaterMarks: map[string]int64{"default": 16384}}, []results.Record{r}
}

func TestChartsGolden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		run  func() (*results.Meta, []results.Record)
	}{{"two-d", twoD}, {"object-mode", objectMode}, {"by-rate", byRate}, {"no-sweep", noSweep}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			for _, c := range charts(tt.run()) {
				b.WriteString(c.dump())
				b.WriteString("\n")
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("charts differ from %s (go test -update to accept):\n%s", path, diff(string(want), got))
			}
		})
	}
}

// diff returns the first lines that differ.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %s\n got %s", i+1, a, b)
		}
	}
	return ""
}

func TestChartsEdgeCases(t *testing.T) {
	t.Parallel()
	if got := charts(nil, nil); len(got) != 0 {
		t.Errorf("charts(nil, nil) = %d charts; want none", len(got))
	}
	// Every record failed: nothing to draw.
	_, recs := noSweep()
	recs[0].Error = "boom"
	if got := charts(nil, recs); len(got) != 0 {
		t.Errorf("charts(all failed) = %d charts; want none", len(got))
	}
	// All zero, no timeline, no latency: still drawable.
	r := rec(0, 0, hc("1KiB", "1KiB"), 0, 0, 0, 0)
	r.Result.Timeline, r.Result.Paused = nil, nil
	r2 := rec(1, 0, hc("2KiB", "1KiB"), 0, 0, 0, 0)
	r2.Result.Timeline = nil
	cs := charts(nil, []results.Record{r, r2})
	var names []string
	for _, c := range cs {
		names = append(names, c.fig.Name)
		c.dump() // tickers on degenerate ranges must not panic
	}
	want := "throughput-vs-hwm buffered-peak-vs-hwm buffered-mean-vs-hwm frontier"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("charts(zeros) = %s; want %s", got, want)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Rasterising is slow under -race: a small run, two figures.
	meta, recs := noSweep()
	recs[0].Result.Timeline = recs[0].Result.Timeline[:20]
	figs, err := Render(dir, meta, recs)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) == 0 {
		t.Fatal("no figures")
	}
	for _, f := range figs {
		if f.Title == "" || f.Caption == "" {
			t.Errorf("%s: title %q, caption %q; want both", f.Name, f.Title, f.Caption)
		}
		b, err := os.ReadFile(filepath.Join(dir, f.Name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s.png: %v", f.Name, err)
		} else if s := img.Bounds().Size(); s.X < 400 || s.Y < 200 {
			t.Errorf("%s.png is %v; want at least 400x200", f.Name, s)
		}
		svg, err := os.ReadFile(filepath.Join(dir, f.Name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(svg, []byte("<?xml")) && !bytes.HasPrefix(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("</svg>")) {
			t.Errorf("%s.svg does not look like SVG: %.40q", f.Name, svg)
		}
	}
	if _, err := Render(filepath.Join(dir, "missing"), meta, recs); err == nil {
		t.Error("Render into a missing folder: no error")
	}
}

// TestProfileNamesInSVG: a sweep of profiles (defaults.yaml's node20,
// node22, fs across engines) keeps their names on the axes, the heatmaps
// and the CDF legends, and node22 and fs (both 64KiB) do not share a spot.
func TestProfileNamesInSVG(t *testing.T) {
	t.Parallel()
	meta := &results.Meta{
		Scenario: "defaults",
		Sweep: []results.Axis{
			{Path: "engine", Key: "engine", Values: []string{"sim", "realtime"}},
			{Path: "highWaterMark", Key: "hwm", Values: []string{"node20", "node22", "fs"}},
		},
		HighWaterMarks: map[string]int64{},
	}
	var recs []results.Record
	i := 0
	for _, e := range []string{"sim", "realtime"} {
		for _, h := range []struct {
			v string
			n int64
		}{{"node20", 16 * 1024}, {"node22", 64 * 1024}, {"fs", 64 * 1024}} {
			params := []results.Param{{Path: "engine", Key: "engine", Value: e}, {Path: "highWaterMark", Key: "hwm", Value: h.v}}
			for rep := range 2 {
				r := rec(i, rep, params, 30*MiB+float64(h.n), 2*float64(h.n), float64(h.n), 0.004)
				meta.HighWaterMarks[r.Cell] = h.n
				recs = append(recs, r)
				i++
			}
		}
	}
	dir := t.TempDir()
	figs, err := Render(dir, meta, recs)
	if err != nil {
		t.Fatal(err)
	}
	svg := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name+".svg"))
		if err != nil {
			var names []string
			for _, f := range figs {
				names = append(names, f.Name)
			}
			t.Fatalf("%v (figures: %q)", err, names)
		}
		return string(b)
	}
	for _, name := range []string{"throughput-vs-hwm", "heatmap-throughput"} {
		s := svg(name)
		for _, want := range []string{">node20<", ">node22<", ">fs<"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s.svg has no %s on its axis", name, want)
			}
		}
	}
	s := svg("latency-cdf-engine-sim")
	for _, want := range []string{"hwm node20 (16KiB)", "hwm node22 (64KiB)", "hwm fs (64KiB)"} {
		if !strings.Contains(s, want) {
			t.Errorf("latency-cdf-engine-sim.svg has no legend %q", want)
		}
	}
}

// TestGuardedTimeline: fast-tap-slow-drain's strategy ignore, stopped by
// the memory guard, gets a timeline, and none of its points is a knee.
func TestGuardedTimeline(t *testing.T) {
	t.Parallel()
	meta := &results.Meta{Scenario: "ftsd", HighWaterMarks: map[string]int64{}}
	var recs []results.Record
	i := 0
	for _, st := range []string{"pipe", "ignore"} {
		for _, h := range []struct {
			v string
			n int64
		}{{"16KiB", 16 << 10}, {"64KiB", 64 << 10}} {
			params := []results.Param{{Path: "strategy", Key: "strategy", Value: st}, {Path: "highWaterMark", Key: "hwm", Value: h.v}}
			peak := 2 * float64(h.n)
			if st == "ignore" {
				peak = 32 * MiB
			}
			r := rec(i, 0, params, 10*MiB, peak, peak/2, 0.01)
			r.Result.GuardExceeded = st == "ignore"
			meta.HighWaterMarks[r.Cell] = h.n
			recs = append(recs, r)
			i++
		}
	}
	var names []string
	for _, c := range charts(meta, recs) {
		names = append(names, c.fig.Name)
		if c.fig.Name == "frontier" {
			for _, m := range c.marks {
				if strings.Contains(m.label, "ignore") {
					t.Errorf("frontier marks a knee %q in the guard-stopped group", m.label)
				}
			}
		}
	}
	if !strings.Contains(strings.Join(names, " "), "timeline-strategy-ignore-hwm-16KiB") {
		t.Errorf("figures %q; want a timeline of strategy=ignore", names)
	}
}
