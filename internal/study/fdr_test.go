package study

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

func TestBH(t *testing.T) {
	for _, tc := range []struct {
		p, want []float64
	}{
		// Sorted: 0.005, 0.01, 0.03, 0.04 (m = 4); p·m/j = 0.02, 0.02,
		// 0.04, 0.04. R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") gives
		// 0.02 0.04 0.04 0.02.
		{[]float64{0.01, 0.04, 0.03, 0.005}, []float64{0.02, 0.04, 0.04, 0.02}},
		// Sorted: 0.01, 0.011, 0.04, 0.9; p·m/j = 0.04, 0.022, 0.0533,
		// 0.9; the running minimum from the top gives 0.01 the q of 0.011
		// (0.022, not 0.04). R: p.adjust(c(0.04, 0.01, 0.9, 0.011), "BH")
		// gives 0.05333333 0.02200000 0.90000000 0.02200000.
		{[]float64{0.04, 0.01, 0.9, 0.011}, []float64{0.16 / 3, 0.022, 0.9, 0.022}},
		// Ties share a q: 0.03·3/3 = 0.03 for all three.
		{[]float64{0.03, 0.03, 0.03}, []float64{0.03, 0.03, 0.03}},
		// 0.9·2/1 = 1.8 is not a q: the minimum with 0.95·2/2 caps it.
		{[]float64{0.9, 0.95}, []float64{0.95, 0.95}},
		{nil, []float64{}},
	} {
		got := BH(tc.p)
		if len(got) != len(tc.want) {
			t.Errorf("BH(%v) = %v; want %v", tc.p, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("BH(%v) = %v; want %v", tc.p, got, tc.want)
				break
			}
		}
	}
}

// Throughputs of three repeats: significant alone (Welch p ≈ 0.021, CV
// 1%), far from significant, and overwhelming.
var (
	thrSmall    = []float64{100, 101, 99}
	thrAlone    = []float64{103, 104, 102}
	thrNothing  = []float64{100, 104, 96}
	thrNothing2 = []float64{101, 105, 97}
	thrStrong   = []float64{150, 151, 149}
)

// run builds a scenario's run on the node engine: for each runtime, a
// 16KiB point and a 64KiB point with those throughputs.
func run(name string, cells map[string][2][]float64) Run {
	var recs []results.Record
	for rt, thr := range cells {
		for k, hwm := range []string{Small, Large} {
			params := results.Point{{Path: "node", Key: "node", Value: rt}, {Path: "highWaterMark", Key: "hwm", Value: hwm}}
			for i, x := range thr[k] {
				recs = append(recs, results.Record{Scenario: name, Cell: params.Name(), Params: params, Repeat: i, Index: len(recs), Engine: "node",
					Result: metrics.Result{Metrics: metrics.Metrics{{Name: metrics.Throughput, Value: x}}}})
			}
		}
	}
	return Run{ScenarioRun: ScenarioRun{Name: name}, Points: analysis.Points(nil, recs)}
}

// study has two scenarios: "a" holds the cell significant alone (runtime
// 22) and the overwhelming one (24); "b" holds nine cells without a
// difference. Eleven comparisons in all.
func twoScenarios() *Study {
	b := map[string][2][]float64{}
	for i := range 9 {
		b[fmt.Sprint(i)] = [2][]float64{thrNothing, thrNothing2}
	}
	return &Study{Runs: []Run{
		run("a", map[string][2][]float64{"22": {thrSmall, thrAlone}, "24": {thrSmall, thrStrong}}),
		run("b", b),
	}}
}

// find returns the pair of runtime rt.
func find(t *testing.T, pairs []Pair, rt string) *Pair {
	t.Helper()
	for i := range pairs {
		if pairs[i].Runtime == rt {
			return &pairs[i]
		}
	}
	t.Fatalf("no pair for runtime %s", rt)
	return nil
}

// Alone, scenario a's runtime-22 cell wins; across the study's eleven
// comparisons it does not. Removing the correction (or applying it per
// scenario, two comparisons in a) fails this test.
func TestStudyPairsCorrected(t *testing.T) {
	s := twoScenarios()
	alone := find(t, Pairs(&s.Runs[0]), "22")
	if alone.Verdict != Wins || alone.Throughput.P > 0.05 || alone.Throughput.P < 0.01 {
		t.Fatalf("alone: %v, p = %v; want a win at 0.01 < p < 0.05 (the test's premise)", alone.Verdict, alone.Throughput.P)
	}
	all := s.Pairs()
	if len(all) != 2 || len(all[0]) != 2 || len(all[1]) != 9 {
		t.Fatalf("Pairs: %d runs; want 2 runs of 2 and 9 pairs", len(all))
	}
	pr := find(t, all[0], "22")
	// p sorted: strong (rank 1), alone (rank 2), nine large ones: the
	// alone cell's q is min(p·11/2, the larger ones' q).
	wantQ := alone.Throughput.P * 11 / 2
	if pr.Tests != 11 || math.Abs(pr.Q-wantQ) > 1e-12 {
		t.Errorf("q = %v over %d; want %v over 11 (every scenario's cells together)", pr.Q, pr.Tests, wantQ)
	}
	if pr.Verdict != Inconclusive {
		t.Errorf("verdict %v; want no conclusion after correcting", pr.Verdict)
	}
	want := fmt.Sprintf("significant alone (%s) but not after correcting for 11 comparisons (%s)", pValue(alone.Throughput.P), qValue(wantQ))
	if pr.Why != want {
		t.Errorf("why = %q; want %q", pr.Why, want)
	}
	if strong := find(t, all[0], "24"); strong.Verdict != Wins || strong.Q > FDR {
		t.Errorf("strong cell: %v, q = %v; want a win that survives", strong.Verdict, strong.Q)
	}
	if nothing := find(t, all[1], "0"); nothing.Why != "the 95% CI spans 0" {
		t.Errorf("a cell without a difference says %q; want its own reason kept", nothing.Why)
	}
	// The page says so, with each cell's q beside its p.
	page := renderMarkdown(Title, s.blocks())
	for _, w := range []string{
		"64KiB wins in 1, loses in 0",
		"not after correcting for 11 comparisons",
		pValue(alone.Throughput.P) + ", " + qValue(wantQ) + " over 11 cells",
		"Benjamini–Hochberg",
		"2 of the 11 cells with a p-value would be called a win or a loss",
	} {
		if !strings.Contains(page, strings.ReplaceAll(w, "<", "&lt;")) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// Correct leaves a pair without a p-value alone: Q 1, not counted.
func TestCorrectNoPValue(t *testing.T) {
	r := run("c", map[string][2][]float64{"20": {{100}, {200}}, "22": {thrSmall, thrStrong}})
	ps := Pairs(&r)
	Correct(ps)
	one, two := find(t, ps, "20"), find(t, ps, "22")
	if one.Q != 1 || one.Tests != 0 || one.Why != "fewer than 2 repeats" {
		t.Errorf("one repeat: q %v over %d, %q; want 1 over 0, fewer than 2 repeats", one.Q, one.Tests, one.Why)
	}
	if two.Tests != 1 || two.Q != two.Throughput.P || two.Verdict != Wins {
		t.Errorf("strong: q %v over %d, %v; want its p over 1, a win", two.Q, two.Tests, two.Verdict)
	}
}
