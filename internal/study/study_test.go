package study

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/nodedefaults"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

func TestWelchP(t *testing.T) {
	// Means 3 and 5, variances 2.5, n 5 each: se 1, t 2, Welch df 8;
	// the two-sided p of t(8) = 2 is 0.0805 (tables).
	c := Compare(summary.Of([]float64{1, 2, 3, 4, 5}), summary.Of([]float64{3, 4, 5, 6, 7}))
	if math.Abs(c.P-0.0805) > 0.0005 {
		t.Errorf("p = %.4f; want 0.0805", c.P)
	}
	// t(0.975, 8) = 2.306: the interval is 2 ± 2.306, which holds 0.
	if c.Diff != 2 || math.Abs(c.Half-2.306) > 0.001 || math.Abs(c.Rel-2.0/3) > 1e-12 {
		t.Errorf("diff %v ± %v (rel %v); want 2 ± 2.306 (rel 0.667)", c.Diff, c.Half, c.Rel)
	}
}

func TestDecide(t *testing.T) {
	for _, tc := range []struct {
		name         string
		small, large []float64
		want         Verdict
		why          string
	}{
		{"wins", []float64{100, 101, 99}, []float64{120, 121, 119}, Wins, ""},
		{"loses", []float64{100, 101, 99}, []float64{80, 81, 79}, Loses, ""},
		{"CI spans 0", []float64{100, 104, 96}, []float64{101, 105, 97}, Inconclusive, "the 95% CI spans 0"},
		// Far apart, yet 16KiB's repeats vary by 30%: no verdict.
		{"spread", []float64{100, 130, 70}, []float64{300, 301, 299}, Inconclusive, "repeats vary by 30%, over the 10% a verdict allows"},
		{"one repeat", []float64{100}, []float64{200}, Inconclusive, "fewer than 2 repeats"},
	} {
		v, why := Decide(summary.Of(tc.small), summary.Of(tc.large))
		if v != tc.want || why != tc.why {
			t.Errorf("%s: Decide = %v, %q; want %v, %q", tc.name, v, why, tc.want, tc.why)
		}
	}
}

// fixture writes a study folder: scenario "sw" on node 22 and bun at 1 and
// 100 pipelines (bun at 100 has no 64KiB twin), deno missing, and a
// prediction run for node 22 only.
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	m := &Manifest{
		Machine: Machine{CPU: "Test CPU", Cores: 2, Kernel: "6.1.0", LoadBefore: "1.00 2.00 3.00", LoadAfter: "4.00 5.00 6.00"},
		Bpbench: "test",
		Runtimes: []Runtime{
			{Name: "22", Version: "node v22.12.0", Calibration: "calibration/22.json", Defaults: &nodedefaults.Defaults{Readable: 65536, Writable: 65536, ObjectReadable: 16, FSReadStream: 65536, SocketWritable: 65536}},
			{Name: "bun", Version: "bun 1.4.5"},
			{Name: "deno", Missing: "not installed (make runtimes)"},
		},
		Scenarios: []ScenarioRun{{Name: "sw", File: "scenarios/study/sw.yaml", Parts: []string{"net"}, Predictions: map[string]string{"22": "predictions/22/sw"}}},
	}
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	var recs, sims []results.Record
	add := func(to *[]results.Record, engine, node string, pipes int, hwm string, thr []float64, rss, buf float64) {
		params := results.Point{
			{Path: "pipelines", Key: "pipelines", Value: strconv.Itoa(pipes)},
			{Path: "node", Key: "node", Value: node},
			{Path: "highWaterMark", Key: "hwm", Value: hwm},
		}
		for i, x := range thr {
			// buf is per stream; buffered.peak is the sum over the
			// pipelines, and buffered.per.pipeline is reported with
			// several, as the engines do.
			ms := metrics.Metrics{
				{Name: metrics.Throughput, Value: x},
				{Name: metrics.LatencyP99, Value: 0.002},
				{Name: metrics.RSSPerPipeline, Value: rss + float64(i)},
				{Name: metrics.BufferedPeak, Value: buf * float64(pipes)},
			}
			if pipes > 1 {
				ms = append(ms, metrics.Metric{Name: metrics.BufferedPerPipeline, Value: buf})
			}
			*to = append(*to, results.Record{Scenario: "sw", Cell: params.Name(), Params: params, Repeat: i, Index: len(*to), Engine: engine,
				Result: metrics.Result{Metrics: ms}})
		}
	}
	// Node 22, 1 pipeline: 64KiB wins (120 against 100).
	add(&recs, "node", "22", 1, "16KiB", []float64{100, 101, 99}, 1e6, 16384)
	add(&recs, "node", "22", 1, "64KiB", []float64{120, 121, 119}, 1e6, 65536)
	// Node 22, 100 pipelines: 64KiB loses; 50000 B more RSS per stream.
	add(&recs, "node", "22", 100, "16KiB", []float64{100, 101, 99}, 100000, 16384)
	add(&recs, "node", "22", 100, "64KiB", []float64{80, 81, 79}, 150000, 65536)
	// Bun, 1 pipeline: no conclusion (the CI spans 0).
	add(&recs, "node", "bun", 1, "16KiB", []float64{100, 104, 96}, 1e6, 16384)
	add(&recs, "node", "bun", 1, "64KiB", []float64{101, 105, 97}, 1e6, 65536)
	// Bun, 100 pipelines: 16KiB only, no twin.
	add(&recs, "node", "bun", 100, "16KiB", []float64{100, 101, 99}, 1e5, 16384)
	// Calibrated sim on node 22's cells: 110 for the 16KiB point at 1
	// pipeline (+10%), 120 for the 64KiB one (0%).
	add(&sims, "sim", "22", 1, "16KiB", []float64{110, 110, 110}, 0, 16384)
	add(&sims, "sim", "22", 1, "64KiB", []float64{120, 120, 120}, 0, 65536)
	write := func(sub string, rs []results.Record) {
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		w, err := results.Create(filepath.Join(d, results.FileName), true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range rs {
			if err := w.Write(&rs[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := results.WriteMeta(d, &results.Meta{Scenario: "sw", Description: "Small writes into a socket.", Engine: "node", Status: results.StatusFinished}); err != nil {
			t.Fatal(err)
		}
	}
	write("sw", recs)
	write("predictions/22/sw", sims)
	return dir
}

func TestPairs(t *testing.T) {
	s, err := Load(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	pairs := Pairs(&s.Runs[0])
	if len(pairs) != 3 {
		t.Fatalf("%d pairs; want 3 (bun at 100 pipelines has no 64KiB twin)", len(pairs))
	}
	want := []struct {
		rt    string
		pipes int
		v     Verdict
	}{{"22", 1, Wins}, {"22", 100, Loses}, {"bun", 1, Inconclusive}}
	for i, w := range want {
		p := pairs[i]
		if p.Runtime != w.rt || p.Pipelines != w.pipes || p.Verdict != w.v {
			t.Errorf("pair %d = %s/%d %v; want %s/%d %v", i, p.Runtime, p.Pipelines, p.Verdict, w.rt, w.pipes, w.v)
		}
	}
	// 64KiB at 100 pipelines: RSS per stream 150001 against 100001 on
	// average, 50000 B more: 5e7 B per 1000 streams.
	if d := pairs[1].Memory[metrics.RSSPerPipeline]; d != 50000 || PerThousand(d) != 5e7 {
		t.Errorf("rss.per.pipeline difference %v (per 1000: %v); want 50000 (5e7)", d, PerThousand(d))
	}
	// Buffers per stream: buffered.per.pipeline at 100 pipelines (not the
	// difference of the sums, 100 times more), buffered.peak at one.
	for _, i := range []int{0, 1} {
		if d := pairs[i].Memory[metrics.BufferedPerPipeline]; d != 65536-16384 {
			t.Errorf("pair %d: buffered per stream difference %v; want 49152", i, d)
		}
	}
	if e, ok := PredictionError(pairs[0].SmallPoint, pairs[0].SmallSim); !ok || math.Abs(e-0.1) > 1e-9 {
		t.Errorf("sim's error at 16KiB = %v, %v; want +10%%", e, ok)
	}
	if _, ok := PredictionError(pairs[2].SmallPoint, pairs[2].SmallSim); ok {
		t.Errorf("bun has a prediction; want none (no prediction run for bun)")
	}
	if d, sig, of := MemoryCost(Many(pairs), metrics.RSSPerPipeline); d != 50000 || sig != 1 || of != 1 {
		t.Errorf("MemoryCost = %v, %d of %d; want 50000, 1 of 1", d, sig, of)
	}
}

func TestWrite(t *testing.T) {
	dir := fixture(t)
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(s); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{Page, Readme} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		for _, want := range []string{
			"node v22.12.0", "bun 1.4.5", // every runtime's exact version
			"not measured: not installed (make runtimes)", // the missing one
			"64KiB wins in 1, loses in 1",
			"the data does not support a conclusion in 1",
			"+47.7MiB per 1000 streams",     // 50000 B × 1000
			"no prediction",                 // bun's cells
			"+10%",                          // sim's error on node 22's 16KiB point
			"pipelines=1/node=22/hwm=64KiB", // the cells behind a finding
			"plots/sw-throughput.png",       // and its plot
			"net.connect({ host, port, writableHighWaterMark })",
			"load average 1.00 2.00 3.00 before, 4.00 5.00 6.00 after",
		} {
			if name == Readme {
				want = strings.NewReplacer("_", `\_`).Replace(want)
			}
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	// Each page links the scenario's own report in its format.
	for name, want := range map[string]string{Page: `href="sw/index.html"`, Readme: "](sw/index.md)"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	// The plots exist, and no text on them is under 10 points.
	size := regexp.MustCompile(`font-size[:=]"?([0-9.]+)`)
	for _, which := range []string{"throughput", "memory"} {
		for _, ext := range []string{"png", "svg"} {
			if fi, err := os.Stat(filepath.Join(dir, plotFile("sw", which, ext))); err != nil || fi.Size() == 0 {
				t.Errorf("plot %s.%s: %v", which, ext, err)
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, plotFile("sw", which, "svg")))
		if err != nil {
			t.Fatal(err)
		}
		ms := size.FindAllStringSubmatch(string(b), -1)
		if len(ms) == 0 {
			t.Errorf("%s.svg: no font-size found", which)
		}
		for _, m := range ms {
			if v, _ := strconv.ParseFloat(m[1], 64); v < MinFontSize {
				t.Errorf("%s.svg: text of %vpt; want >= %d", which, v, MinFontSize)
			}
		}
	}
}

func TestParseLoadAvg(t *testing.T) {
	if got := parseLoadAvg("0.63 0.75 1.46 2/345 6789"); got != "0.63 0.75 1.46" {
		t.Errorf("parseLoadAvg = %q; want 0.63 0.75 1.46", got)
	}
	if got := parseLoadAvg(""); got != "" {
		t.Errorf("parseLoadAvg(\"\") = %q; want empty", got)
	}
}

// A scenario that sweeps engine: [sim, node] carries its own predictions:
// the sim points predict the node points of the same name.
func TestPairsEngineSwept(t *testing.T) {
	var recs []results.Record
	for _, eng := range []string{"sim", "node"} {
		for _, hwm := range []string{"16KiB", "64KiB"} {
			params := results.Point{{Path: "engine", Key: "engine", Value: eng}, {Path: "node", Key: "node", Value: "24"}, {Path: "highWaterMark", Key: "hwm", Value: hwm}}
			thr := map[string]float64{"sim16KiB": 95, "sim64KiB": 105, "node16KiB": 100, "node64KiB": 100}[eng+hwm]
			for i := range 3 {
				recs = append(recs, results.Record{Scenario: "x", Cell: params.Name(), Params: params, Repeat: i, Index: len(recs), Engine: eng,
					Result: metrics.Result{Metrics: metrics.Metrics{{Name: metrics.Throughput, Value: thr + float64(i)}}}})
			}
		}
	}
	r := &Run{ScenarioRun: ScenarioRun{Name: "x"}, Points: analysis.Points(nil, recs)}
	pairs := Pairs(r)
	if len(pairs) != 1 {
		t.Fatalf("%d pairs; want 1 (the sim points predict, they are no pair)", len(pairs))
	}
	if e, ok := PredictionError(pairs[0].SmallPoint, pairs[0].SmallSim); !ok || math.Abs(e-(-5.0/101)) > 1e-9 {
		t.Errorf("16KiB prediction error = %v, %v; want (96-101)/101", e, ok)
	}
	if e, ok := PredictionError(pairs[0].LargePoint, pairs[0].LargeSim); !ok || math.Abs(e-(5.0/101)) > 1e-9 {
		t.Errorf("64KiB prediction error = %v, %v; want (106-101)/101", e, ok)
	}
	if got := predCell(&pairs[0]); got != "-4.95% / +4.95%" {
		t.Errorf("predCell = %q; want -4.95%% / +4.95%%", got)
	}
}

// plain flattens inlines to their text.
func plain(in []inline) string {
	var b strings.Builder
	for _, x := range in {
		b.WriteString(x.text)
	}
	return b.String()
}

// One pipeline's memory figures are the process's (or one stream's): the
// page never multiplies them by 1000; at ManyPipelines it does.
func TestMemoryPerThousandOnlyAtMany(t *testing.T) {
	s, err := Load(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	pairs := s.Pairs()[0]
	for i := range pairs {
		pr := &pairs[i]
		text := plain(finding(pr))
		for _, m := range memoryMetrics {
			text += " | " + plain(memCell(pr, m))
		}
		switch pr.Pipelines {
		case 1:
			if strings.Contains(text, "per 1000") {
				t.Errorf("%s: %q; want no per-1000 figure at 1 pipeline", pairName(pr), text)
			}
			if !strings.Contains(text, "buffered.peak +48KiB (1 pipeline, not extrapolated to 1000 streams)") || !strings.Contains(text, "16KiB → 64KiB (Δ +48KiB)") {
				t.Errorf("%s: %q; want buffered.peak's difference itself, said to be 1 pipeline's", pairName(pr), text)
			}
		case ManyPipelines:
			if !strings.Contains(text, "buffered.per.pipeline +48KiB per stream (+46.9MiB per 1000)") || !strings.Contains(text, "(+46.9MiB per 1000)") {
				t.Errorf("%s: %q; want per-stream and per-1000 figures at %d pipelines", pairName(pr), text, ManyPipelines)
			}
		}
	}
	// The whole page: no finding line of a 1-pipeline cell says "per 1000".
	for _, line := range strings.Split(renderMarkdown(Title, s.blocks()), "\n") {
		if strings.Contains(line, ", 1 pipeline") && strings.Contains(line, "per 1000") {
			t.Errorf("page line %q extrapolates one pipeline to 1000", line)
		}
	}
}
