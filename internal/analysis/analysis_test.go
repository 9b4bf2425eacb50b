package analysis

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// rec builds a record of the cell "hwm=<hwm>[/chunk=<chunk>]" with the given
// throughput and buffered.peak.
func rec(index, repeat int, hwm, chunk string, thr, peak float64) results.Record {
	r := results.Record{Scenario: "s", Index: index, Repeat: repeat, Engine: "sim"}
	r.Params = []results.Param{{Path: "highWaterMark", Key: "hwm", Value: hwm}}
	r.Cell = "hwm=" + hwm
	if chunk != "" {
		r.Params = append(r.Params, results.Param{Path: "producer.chunk", Key: "chunk", Value: chunk})
		r.Cell += "/chunk=" + chunk
	}
	r.Result.Metrics = metrics.Metrics{{Name: metrics.Throughput, Value: thr}, {Name: metrics.BufferedPeak, Value: peak}}
	return r
}

func cells(ps []Point) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Cell)
	}
	return out
}

func TestPoints(t *testing.T) {
	t.Parallel()
	failed := rec(3, 1, "1KiB", "", 1e9, 1e9)
	failed.Error = "boom"
	allFailed := rec(4, 0, "2KiB", "", 5, 5)
	allFailed.Error = "boom"
	recs := []results.Record{
		rec(2, 0, "4KiB", "", 30, 300), // out of plan order: comes second
		rec(0, 0, "1KiB", "", 10, 100),
		rec(1, 1, "1KiB", "", 20, 200),
		failed,
		allFailed,
	}
	meta := &results.Meta{HighWaterMarks: map[string]int64{"hwm=1KiB": 1024}} // hwm=4KiB missing: parsed
	ps := Points(meta, recs)
	if got, want := cells(ps), []string{"hwm=1KiB", "hwm=4KiB"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("cells = %q; want %q (plan order, all-failed point left out)", got, want)
	}
	p := ps[0]
	if p.Repeats != 2 || p.HWM != 1024 {
		t.Errorf("hwm=1KiB: Repeats %d, HWM %d; want 2, 1024 (the failed record left out)", p.Repeats, p.HWM)
	}
	if m, _ := p.Mean(metrics.Throughput); m != 15 {
		t.Errorf("hwm=1KiB throughput mean = %v; want 15", m)
	}
	if s := p.Stats[metrics.BufferedPeak]; s.Min != 100 || s.Max != 200 || s.N != 2 {
		t.Errorf("hwm=1KiB buffered.peak = %+v; want 2 values in [100, 200]", s)
	}
	if ps[1].HWM != 4096 {
		t.Errorf("hwm=4KiB HWM = %d; want 4096 from the parameter", ps[1].HWM)
	}
	if _, ok := p.Mean("latency.p99"); ok {
		t.Error("Mean(latency.p99) found; want missing")
	}
	if got := Points(nil, nil); len(got) != 0 {
		t.Errorf("Points(nil, nil) = %v; want none", got)
	}
}

func TestGroups(t *testing.T) {
	t.Parallel()
	recs := []results.Record{
		rec(0, 0, "64KiB", "1KiB", 1, 1),
		rec(1, 0, "64KiB", "16KiB", 1, 1),
		rec(2, 0, "1KiB", "1KiB", 1, 1),
		rec(3, 0, "1KiB", "16KiB", 1, 1),
		rec(4, 0, "16KiB", "1KiB", 1, 1),
	}
	gs := Groups(Points(nil, recs))
	if len(gs) != 2 {
		t.Fatalf("%d groups; want 2", len(gs))
	}
	if gs[0].Label != "chunk=1KiB" || gs[1].Label != "chunk=16KiB" {
		t.Errorf("labels = %q, %q; want chunk=1KiB, chunk=16KiB", gs[0].Label, gs[1].Label)
	}
	if got, want := cells(gs[0].Points), []string{"hwm=1KiB/chunk=1KiB", "hwm=16KiB/chunk=1KiB", "hwm=64KiB/chunk=1KiB"}; !reflect.DeepEqual(got, want) {
		t.Errorf("group 0 = %q; want %q (by HWM)", got, want)
	}

	// Only the highWaterMark swept, also under another path: one group "".
	one := []Point{
		{Cell: "b", HWM: 2, Params: []results.Param{{Path: "stages.0.highWaterMark", Key: "stage-hwm", Value: "2B"}}},
		{Cell: "a", HWM: 1, Params: []results.Param{{Path: "stages.0.highWaterMark", Key: "stage-hwm", Value: "1B"}}},
	}
	gs = Groups(one)
	if len(gs) != 1 || gs[0].Label != "" || gs[0].Points[0].Cell != "a" {
		t.Errorf("Groups(hwm only) = %+v; want one group labelled \"\" starting with a", gs)
	}
}

func TestIsHWMPath(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"highWaterMark": true, "producer.highWaterMark": true, "stages.0.highWaterMark": true,
		"producer.chunk": false, "highWaterMarks": false, "x.highWaterMark.y": false,
	} {
		if got := IsHWMPath(path); got != want {
			t.Errorf("IsHWMPath(%q) = %v; want %v", path, got, want)
		}
	}
}

func group(label string, pts ...Point) Group { return Group{Label: label, Points: pts} }

// pt is a point with one repeat of the given mean throughput and peak.
func pt(cell string, hwm int64, thr, peak float64) Point {
	r := rec(0, 0, "1B", "", thr, peak)
	r.Cell = cell
	p := Points(nil, []results.Record{r})[0]
	p.HWM = hwm
	return p
}

func TestRecommend(t *testing.T) {
	t.Parallel()
	const MiB = 1 << 20
	tests := []struct {
		name string
		g    Group
		obj  bool
		cell string
		text string
	}{
		{
			name: "knee",
			g: group("chunk=4KiB",
				pt("a", 1024, 5*MiB, 2048),
				pt("b", 4096, 9.4*MiB, 8192),    // 94%: outside 5%
				pt("c", 16384, 9.7*MiB, 32768),  // 97%: the knee
				pt("d", 65536, 10*MiB, 131072)), // the best
			cell: "c",
			text: "chunk=4KiB: highWaterMark 16KiB reaches 97% of the best throughput (9.7MiB/s of 10MiB/s) with a peak of 32KiB buffered",
		},
		{
			name: "exactly 95% qualifies",
			g:    group("", pt("a", 1, 95, 10), pt("b", 2, 100, 20)),
			obj:  true,
			cell: "a",
			text: "highWaterMark 1 object reaches 95% of the best throughput (95B/s of 100B/s) with a peak of 10B buffered",
		},
		{
			name: "the smallest is the best",
			g:    group("", pt("a", 16, 100, 10), pt("b", 32, 100, 20)),
			obj:  true,
			cell: "a",
			text: "highWaterMark 16 objects gives the best throughput (100B/s) with a peak of 10B buffered",
		},
		{
			name: "equal hwm everywhere: lowest peak wins",
			g:    group("chunk=1KiB", pt("a", 1024, 100, 30), pt("b", 1024, 99, 20), pt("c", 1024, 100, 20), pt("d", 1024, 50, 1)),
			cell: "c",
			text: "chunk=1KiB: highWaterMark 1KiB gives the best throughput (100B/s) with a peak of 20B buffered",
		},
		{
			name: "99.7% is not rounded up to 100%",
			g:    group("", pt("a", 1, 997, 1), pt("b", 2, 1000, 2)),
			cell: "a",
			text: "highWaterMark 1B reaches 99% of the best throughput (997B/s of 1000B/s) with a peak of 1B buffered",
		},
		{
			name: "all zero",
			g:    group("", pt("a", 2, 0, 0), pt("b", 1, 0, 0)),
			cell: "b",
			text: "highWaterMark 1B gives the best throughput (0B/s) with a peak of 0B buffered",
		},
		{
			name: "empty",
			g:    group("chunk=1KiB"),
			text: "chunk=1KiB: no throughput measured, no highWaterMark to recommend",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Recommend(tt.g, Options{ObjectMode: tt.obj})
			if r.Cell != tt.cell || r.Text != tt.text {
				t.Errorf("Recommend = %q, %q; want %q, %q", r.Cell, r.Text, tt.cell, tt.text)
			}
			if r.Group != tt.g.Label {
				t.Errorf("Group = %q; want %q", r.Group, tt.g.Label)
			}
		})
	}
	r := Recommend(tests[0].g, Options{})
	if r.HWM != 16384 || r.Throughput != 9.7*MiB || r.Best != 10*MiB || r.PeakBuffered != 32768 {
		t.Errorf("knee = %+v; want HWM 16384, 9.7MiB/s of 10MiB/s, peak 32768", r)
	}
}

func TestRecommendMissingPeak(t *testing.T) {
	t.Parallel()
	p := pt("a", 1, 10, 0)
	delete(p.Stats, metrics.BufferedPeak)
	r := Recommend(group("", p), Options{})
	if r.Cell != "a" || r.PeakBuffered != 0 || !strings.HasSuffix(r.Text, "with no buffered.peak measured") {
		t.Errorf("Recommend = %+v; want cell a, no peak", r)
	}
}

func TestFrontier(t *testing.T) {
	t.Parallel()
	noPeak := pt("nopeak", 9, 1000, 0)
	delete(noPeak.Stats, metrics.BufferedPeak)
	pts := []Point{
		pt("big", 5, 100, 400),      // best throughput, largest peak: on the frontier
		pt("dominated", 4, 50, 300), // "mid" has more for less
		pt("mid", 3, 80, 200),
		pt("tie1", 2, 10, 100), // equal on both: both kept
		pt("tie2", 2, 10, 100),
		pt("sameThrMorePeak", 2, 10, 150), // dominated by the ties
		pt("small", 1, 5, 50),
		pt("zero", 0, 0, 50), // same peak as small, less throughput
		noPeak,
	}
	if got, want := cells(Frontier(pts)), []string{"small", "tie1", "tie2", "mid", "big"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Frontier = %q; want %q", got, want)
	}
	if got := Frontier(pts[:1]); len(got) != 1 {
		t.Errorf("Frontier(one) = %v; want it", got)
	}
	if got := Frontier(nil); len(got) != 0 {
		t.Errorf("Frontier(nil) = %v; want none", got)
	}
}

func TestFormatHWM(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n    int64
		obj  bool
		want string
	}{{16384, false, "16KiB"}, {0, false, "0B"}, {1, true, "1 object"}, {16, true, "16 objects"}, {0, true, "0 objects"}} {
		if got := FormatHWM(tt.n, tt.obj); got != tt.want {
			t.Errorf("FormatHWM(%d, %v) = %q; want %q", tt.n, tt.obj, got, tt.want)
		}
	}
}

func TestRecommendAtTheSweepsEdge(t *testing.T) {
	pt := func(hwm int64, tput float64) Point {
		return Point{Cell: fmt.Sprint(hwm), HWM: hwm, Repeats: 1, Stats: map[string]summary.Stats{
			"throughput": {N: 1, Mean: tput}, "buffered.peak": {N: 1, Mean: float64(2 * hwm)}}}
	}
	r := Recommend(Group{Points: []Point{pt(1024, 10), pt(4096, 20), pt(16384, 40)}}, Options{})
	if !r.AtEdge || r.HWM != 16384 || !strings.Contains(r.Text, "the largest value swept") {
		t.Fatalf("knee at the largest value: %+v", r)
	}
	r = Recommend(Group{Points: []Point{pt(1024, 10), pt(4096, 40), pt(16384, 40)}}, Options{})
	if r.AtEdge || r.HWM != 4096 || strings.Contains(r.Text, "largest") {
		t.Fatalf("knee inside the sweep: %+v", r)
	}
}

func TestRecommendSkipsTheGuard(t *testing.T) {
	a, b := rec(0, 0, "1KiB", "", 100, 2048), rec(1, 0, "16KiB", "", 100, 1<<25)
	a.Result.GuardExceeded = true
	ps := Points(nil, []results.Record{a, b})
	if ps[0].Guarded != 1 || ps[1].Guarded != 0 {
		t.Fatalf("guarded %d, %d", ps[0].Guarded, ps[1].Guarded)
	}
	// The guard-stopped 1KiB point is never the knee.
	r := Recommend(Group{Points: ps}, Options{})
	if r.HWM != 16384 || r.Cell != "hwm=16KiB" {
		t.Fatalf("%+v; want 16KiB, the point the guard did not stop", r)
	}
	// Every point stopped: nothing to recommend, and why.
	ps[1].Guarded = 1
	r = Recommend(Group{Points: ps}, Options{})
	if r.Cell != "" || !strings.Contains(r.Text, "the memory guard stopped every point") {
		t.Fatalf("%+v; want no recommendation naming the guard", r)
	}
}

// lpt is a point of a live producer's sweep: throughput, p99 latency and
// peak, with its highWaterMark swept as written.
func lpt(hwm string, bytes int64, thr, p99, peak float64) Point {
	return Point{Cell: "hwm=" + hwm, HWM: bytes, Repeats: 3,
		Params: []results.Param{{Path: "highWaterMark", Key: "hwm", Value: hwm}},
		Stats: map[string]summary.Stats{
			metrics.Throughput:   {N: 3, Mean: thr},
			metrics.LatencyP99:   {N: 3, Mean: p99},
			metrics.BufferedPeak: {N: 3, Mean: peak},
		}}
}

// TestRecommendLiveFlat: a live producer whose throughput does not move
// with the buffer gets the smallest highWaterMark, and is told why, the
// backlog upstream, and how to choose on latency instead.
func TestRecommendLiveFlat(t *testing.T) {
	t.Parallel()
	g := group("", lpt("1KiB", 1<<10, 100, 0.050, 2<<10), lpt("16KiB", 16<<10, 101, 0.004, 32<<10), lpt("256KiB", 256<<10, 100.5, 0.003, 512<<10))
	r := Recommend(g, Options{Live: true})
	if r.HWM != 1<<10 || !r.Flat {
		t.Fatalf("live flat: %+v; want 1KiB, flat", r)
	}
	for _, want := range []string{"Throughput is flat across the sweep (within 5%)", "The producer is live: chunks the stream does not take wait upstream", "p99 50ms here", "recommend: {objective: latency.p99}"} {
		if !strings.Contains(r.TradeOff, want) {
			t.Errorf("TradeOff = %q; want it to say %q", r.TradeOff, want)
		}
	}
	if want := "const source = new Readable({ highWaterMark: 1024, read() { /* resume the producer */ } }); // 1KiB"; !strings.Contains(r.Code, want) {
		t.Errorf("Code = %q; want %q", r.Code, want)
	}
	if !strings.Contains(r.Code, "const sink = new Writable({ highWaterMark: 1024, write(chunk, encoding, callback)") {
		t.Errorf("Code = %q; want the Writable too (highWaterMark reaches every stream)", r.Code)
	}

	// On latency, within 5% of the best p99 (3ms): 3.15ms allows only 256KiB.
	r = Recommend(g, Options{Live: true, Objective: Objective{Metric: metrics.LatencyP99}})
	if r.HWM != 256<<10 || !strings.Contains(r.Text, "gives the best latency.p99 (3ms)") || !strings.Contains(r.TradeOff, "The smallest swept, 1KiB, gives 100B/s with p99 latency 50ms and a peak of 2KiB buffered.") {
		t.Errorf("latency objective: %+v", r)
	}
	// A wider tolerance (50%: up to 4.5ms) takes 16KiB.
	r = Recommend(g, Options{Objective: Objective{Metric: metrics.LatencyP99, Tolerance: 0.5}})
	if r.HWM != 16<<10 || !strings.Contains(r.Text, "is within 50% of the best latency.p99 (3ms)") {
		t.Errorf("latency objective, 50%%: %+v", r)
	}
	// Data read on demand: fs.createReadStream.
	r = Recommend(group("", lpt("64KiB", 64<<10, 10, 1, 1)), Options{})
	if !strings.HasPrefix(r.Code, "const source = fs.createReadStream(path, { highWaterMark: 65536 }); // 64KiB") {
		t.Errorf("pull Code = %q", r.Code)
	}
}

// TestRecommendProfiles: a sweep of profiles names them, and never asks
// for larger ones.
func TestRecommendProfiles(t *testing.T) {
	t.Parallel()
	g := group("engine=sim", lpt("node20", 16<<10, 90, 0.004, 32<<10), lpt("node22", 64<<10, 100, 0.004, 128<<10), lpt("fs", 64<<10, 100, 0.004, 128<<10))
	r := Recommend(g, Options{})
	if r.Name != "node22" || r.AtEdge || strings.Contains(r.Text, "sweep larger") {
		t.Fatalf("profiles: %+v", r)
	}
	if !strings.HasPrefix(r.Text, "engine=sim: highWaterMark node22 (64KiB) gives the best throughput") {
		t.Errorf("Text = %q; want the profile's name and size", r.Text)
	}
	if !strings.Contains(r.TradeOff, "The smallest swept, node20 (16KiB), gives 90B/s") {
		t.Errorf("TradeOff = %q", r.TradeOff)
	}
	if !ProfileSweep(g.Points) || ProfileSweep([]Point{lpt("1KiB", 1024, 1, 1, 1)}) {
		t.Error("ProfileSweep wrong")
	}
}

// TestRecommendObjectMode: throughput in objects per second, sizes in
// objects.
func TestRecommendObjectMode(t *testing.T) {
	t.Parallel()
	p := lpt("16", 16, 4.66*(1<<20), 1, 1)
	p.Stats[metrics.ThroughputChunks] = summary.Stats{N: 3, Mean: 9532.4}
	r := Recommend(group("", p), Options{ObjectMode: true})
	if !strings.Contains(r.Text, "highWaterMark 16 objects gives the best throughput (9532 objects/s)") {
		t.Errorf("Text = %q", r.Text)
	}
	if !strings.Contains(r.Code, "objectMode: true, highWaterMark: 16") {
		t.Errorf("Code = %q", r.Code)
	}
}

// TestNodeCodeStages: the code names the Transforms the sweep reaches.
func TestNodeCodeStages(t *testing.T) {
	t.Parallel()
	p := lpt("1MiB", 1<<20, 1, 1, 1)
	got := NodeCode(&p, Options{Stages: []string{"compress", "to-disk"}})
	for _, want := range []string{
		"const source = fs.createReadStream(path, { highWaterMark: 1048576 }); // 1MiB",
		"const compress = new Transform({ highWaterMark: 1048576,",
		"const stage2 = new Transform({ highWaterMark: 1048576,", // to-disk is no JavaScript name
		"const sink = new Writable({ highWaterMark: 1048576,",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("NodeCode = %q; want %q", got, want)
		}
	}
	p.Params = []results.Param{{Path: "stages.1.highWaterMark", Key: "hwm", Value: "1MiB"}}
	if got := NodeCode(&p, Options{Stages: []string{"a", "b"}}); !strings.HasPrefix(got, "const b = new Transform") || strings.Contains(got, "sink") {
		t.Errorf("stages.1.highWaterMark: NodeCode = %q; want only stage b", got)
	}
}

// TestAnalyze: one Analyze gives the points, groups and one recommendation
// per group that Points, Groups and Recommend give one by one.
func TestAnalyze(t *testing.T) {
	t.Parallel()
	recs := []results.Record{
		rec(0, 0, "1KiB", "1KiB", 10, 100),
		rec(1, 0, "64KiB", "1KiB", 30, 6400),
		rec(2, 0, "1KiB", "16KiB", 20, 100),
		rec(3, 0, "64KiB", "16KiB", 21, 6400),
	}
	meta := &results.Meta{Objective: metrics.Throughput}
	a := Analyze(meta, recs)
	if !reflect.DeepEqual(a.Points, Points(meta, recs)) {
		t.Errorf("Analyze.Points differ from Points")
	}
	if len(a.Groups) != 2 || len(a.Recommendations) != 2 {
		t.Fatalf("%d groups, %d recommendations; want 2, 2", len(a.Groups), len(a.Recommendations))
	}
	for i, g := range a.Groups {
		if want := Recommend(g, OptionsOf(meta)); !reflect.DeepEqual(a.Recommendations[i], want) {
			t.Errorf("recommendation %d = %+v; want %+v", i, a.Recommendations[i], want)
		}
	}
	if a.Recommendations[0].Cell != "hwm=64KiB/chunk=1KiB" || a.Recommendations[1].Cell != "hwm=1KiB/chunk=16KiB" {
		t.Errorf("recommended %s, %s; want hwm=64KiB/chunk=1KiB (3x throughput), hwm=1KiB/chunk=16KiB (within tolerance)", a.Recommendations[0].Cell, a.Recommendations[1].Cell)
	}
}

// TestRecommendToleratesAnyValue: values read from a results file may be
// negative, zero, NaN or infinite; Recommend leaves out throughputs that
// are not finite numbers >= 0 and never panics (a negative best made the
// 5% floor lie above it: no knee, a nil dereference).
func TestRecommendToleratesAnyValue(t *testing.T) {
	t.Parallel()
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		name string
		pts  []Point
		want string // the knee's cell, "" for none
	}{
		{"all negative", []Point{pt("a", 1, -10, 5), pt("b", 2, -5, 5)}, ""},
		{"negative beside positive", []Point{pt("a", 1, -10, 5), pt("b", 2, 5, 5)}, "b"},
		{"all zero", []Point{pt("a", 1, 0, 0), pt("b", 2, 0, 0)}, "a"},
		{"NaN", []Point{pt("a", 1, nan, 5), pt("b", 2, 3, nan)}, "b"},
		{"infinite", []Point{pt("a", 1, inf, 5), pt("b", 2, -inf, 5)}, ""},
		{"huge", []Point{pt("a", 1, math.MaxFloat64, 5), pt("b", 2, math.MaxFloat64/2, 1)}, "a"},
	} {
		r := Recommend(group("g", c.pts...), Options{})
		if r.Cell != c.want {
			t.Errorf("%s: Recommend = %+v; want knee %q", c.name, r, c.want)
		}
		if c.want == "" && !strings.Contains(r.Text, "no throughput measured") {
			t.Errorf("%s: Text = %q; want it to say no throughput", c.name, r.Text)
		}
		Frontier(c.pts) // must not panic either
	}
}

// TestRecommendNamesBacklog: for a live producer the trade-off says how
// much waits upstream at each point it names, objects in object mode.
func TestRecommendNamesBacklog(t *testing.T) {
	t.Parallel()
	withBacklog := func(p Point, v float64) Point {
		s := maps.Clone(p.Stats)
		s[metrics.BacklogPeak] = summary.Stats{N: 3, Mean: v}
		p.Stats = s
		return p
	}
	g := group("", withBacklog(lpt("1KiB", 1<<10, 100, 0.050, 2<<10), 3.2*(1<<20)), withBacklog(lpt("256KiB", 256<<10, 100, 0.003, 512<<10), 1<<20))
	g.Points[1].Stats[metrics.LatencyP99] = summary.Stats{N: 3, Mean: 0.003}
	r := Recommend(g, Options{Live: true, Objective: Objective{Metric: metrics.LatencyP99}})
	if want := "The smallest swept, 1KiB, gives 100B/s with p99 latency 50ms and a peak of 2KiB buffered and 3.2MiB waiting upstream."; !strings.Contains(r.TradeOff, want) {
		t.Errorf("TradeOff = %q; want %q", r.TradeOff, want)
	}
	if !strings.Contains(r.Text, "and 1MiB waiting upstream") {
		t.Errorf("Text = %q; want the chosen point's backlog", r.Text)
	}
	r = Recommend(g, Options{Live: true, ObjectMode: true, Objective: Objective{Metric: metrics.LatencyP99}})
	if !strings.Contains(r.TradeOff, "3355443 objects waiting upstream") {
		t.Errorf("object mode TradeOff = %q; want objects waiting upstream", r.TradeOff)
	}
}

// TestRecommendObjectModeOnObjects: in object mode the best and its
// tolerance are on objects per second, not bytes: 1 object moves as many
// bytes as 16 but 10% fewer objects, so 16 is recommended.
func TestRecommendObjectModeOnObjects(t *testing.T) {
	t.Parallel()
	objs := func(p Point, v float64) Point {
		s := maps.Clone(p.Stats)
		s[metrics.ThroughputChunks] = summary.Stats{N: 3, Mean: v}
		p.Stats = s
		return p
	}
	g := group("", objs(lpt("1", 1, 10<<20, 0.01, 1<<10), 1000), objs(lpt("16", 16, 10<<20, 0.01, 1<<14), 1100))
	r := Recommend(g, Options{ObjectMode: true})
	if r.HWM != 16 || !strings.Contains(r.Text, "gives the best throughput (1100 objects/s)") {
		t.Errorf("object mode: HWM %d, %q; want 16 objects, on objects/s", r.HWM, r.Text)
	}
	if !strings.Contains(r.TradeOff, "The smallest swept, 1 object, gives 1000 objects/s") {
		t.Errorf("object mode TradeOff = %q", r.TradeOff)
	}
	// The same points in byte mode: equal bytes/s, the smallest.
	if r := Recommend(g, Options{}); r.HWM != 1 {
		t.Errorf("byte mode: HWM %d; want 1 (equal bytes/s)", r.HWM)
	}
}
