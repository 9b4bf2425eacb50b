package compare

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

var tput = Options{Metrics: []string{metrics.Throughput}}

func TestCompareRegression(t *testing.T) {
	t.Parallel()
	a := side("a", "s", "hwm=1KiB", "throughput", 100, 101, 99, 100.5, 99.5, 100.2)
	b := side("b", "s", "hwm=1KiB", "throughput", 80, 81, 79, 80.5, 79.5, 80.2)
	r, err := Compare(a, b, tput)
	if err != nil {
		t.Fatal(err)
	}
	row := onlyRow(t, r)
	if !row.Significant || row.P > 0.05 {
		t.Errorf("Significant, P = %v, %v; want true, <= 0.05", row.Significant, row.P)
	}
	if want := 80.1/100.1 - 1; math.Abs(row.Delta-want) > 1e-9 {
		t.Errorf("Delta = %v; want %v", row.Delta, want)
	}
	if !row.Worse(metrics.Higher) || row.Better(metrics.Higher) {
		t.Errorf("Worse, Better = %v, %v; want true, false", row.Worse(metrics.Higher), row.Better(metrics.Higher))
	}
	if row.A.N != 6 || row.B.N != 6 || row.A.Center != 100.1 {
		t.Errorf("A, B = %+v, %+v; want n=6 each, A median 100.1", row.A, row.B)
	}
	if len(row.Warnings) != 0 {
		t.Errorf("Warnings = %q; want none with 6 repeats a side", row.Warnings)
	}
	// The other way round is an improvement of the same significance.
	r, _ = Compare(b, a, tput)
	if row := onlyRow(t, r); !row.Better(metrics.Higher) || row.Delta <= 0 {
		t.Errorf("reversed: Delta %v, Better %v; want > 0, true", row.Delta, row.Better(metrics.Higher))
	}
}

func TestCompareIdentical(t *testing.T) {
	t.Parallel()
	for _, vals := range [][]float64{{5, 5, 5, 5, 5, 5}, {1, 2, 3, 4, 5, 6}} {
		r, err := Compare(side("a", "s", "c", "throughput", vals...), side("b", "s", "c", "throughput", vals...), tput)
		if err != nil {
			t.Fatal(err)
		}
		row := onlyRow(t, r)
		if row.Significant || row.Delta != 0 {
			t.Errorf("%v against itself: Significant %v, Delta %v; want false (~), 0", vals, row.Significant, row.Delta)
		}
		if len(row.Warnings) != 0 {
			t.Errorf("%v against itself: Warnings = %q; want none", vals, row.Warnings)
		}
	}
}

func TestCompareTooFewRepeats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b []float64
		warn bool
	}{
		{[]float64{100, 101}, []float64{10, 11}, true},
		{[]float64{100, 100}, []float64{100, 100}, true}, // equal samples warn too
		{[]float64{100, 101, 102}, []float64{10, 11, 12}, true},
		{[]float64{100, 101, 102, 103}, []float64{10, 11, 12, 13}, false},
	} {
		r, err := Compare(side("a", "s", "c", "throughput", tc.a...), side("b", "s", "c", "throughput", tc.b...), tput)
		if err != nil {
			t.Fatal(err)
		}
		row := onlyRow(t, r)
		warned := slices.ContainsFunc(row.Warnings, func(w string) bool { return strings.HasPrefix(w, "too few repeats") })
		if warned != tc.warn {
			t.Errorf("n=%d+%d: too-few warning %v; want %v (warnings %q)", len(tc.a), len(tc.b), warned, tc.warn, row.Warnings)
		}
		if tc.warn && row.Significant {
			t.Errorf("n=%d+%d: Significant; want ~", len(tc.a), len(tc.b))
		}
		if !tc.warn && !row.Significant {
			t.Errorf("n=%d+%d, disjoint: not Significant (p=%v); want significant", len(tc.a), len(tc.b), row.P)
		}
	}
}

func TestUTestMinP(t *testing.T) {
	t.Parallel()
	// benchmath's table of the minimum p for n against n.
	for n, want := range map[int]float64{1: 1, 2: 1.0 / 3, 3: 0.1, 4: 0.02857142857142857, 5: 0.007936507936507936} {
		if got := uTestMinP(n, n); math.Abs(got-want) > 1e-12 {
			t.Errorf("uTestMinP(%d, %d) = %v; want %v", n, n, got, want)
		}
	}
	if got := minRepeats(0.05); got != 4 {
		t.Errorf("minRepeats(0.05) = %d; want 4", got)
	}
}

func TestCompareMatching(t *testing.T) {
	t.Parallel()
	a := side("a", "s", "hwm=1KiB", "throughput", 1, 2, 3)
	addRecords(a, "s", "hwm=2KiB", "throughput", 1, 2, 3)
	addRecords(a, "t", "hwm=1KiB", "throughput", 1, 2, 3)
	b := side("b", "s", "hwm=1KiB", "throughput", 1, 2, 3)
	addRecords(b, "t", "hwm=1KiB", "throughput", 1, 2, 3)
	addRecords(b, "t", "hwm=4KiB", "throughput", 1, 2, 3)
	b.Records = append(b.Records, results.Record{Scenario: "s", Cell: "hwm=1KiB", Error: "boom"})
	r, err := Compare(a, b, tput)
	if err != nil {
		t.Fatal(err)
	}
	if !r.MultiScenario() || len(r.Tables[0].Rows) != 2 {
		t.Fatalf("MultiScenario %v, rows %+v; want true, s/hwm=1KiB and t/hwm=1KiB", r.MultiScenario(), r.Tables[0].Rows)
	}
	if got := []string{r.Tables[0].Rows[0].Scenario, r.Tables[0].Rows[1].Scenario}; !slices.Equal(got, []string{"s", "t"}) {
		t.Errorf("row scenarios = %q; want [s t]", got)
	}
	if !slices.Equal(r.OnlyA, []string{"s/hwm=2KiB"}) || !slices.Equal(r.OnlyB, []string{"t/hwm=4KiB"}) {
		t.Errorf("OnlyA, OnlyB = %q, %q; want [s/hwm=2KiB], [t/hwm=4KiB]", r.OnlyA, r.OnlyB)
	}
	if !slices.Contains(r.Warnings, "B: 1 failed cells left out") {
		t.Errorf("Warnings = %q; want the failed cell named", r.Warnings)
	}
	if n := r.Tables[0].Rows[0].B.N; n != 3 {
		t.Errorf("s/hwm=1KiB B.N = %d; want 3 (the failed record left out)", n)
	}
}

func TestCompareDifferentScenariosByCell(t *testing.T) {
	t.Parallel()
	a := side("a", "node20", "chunk=4KiB", "throughput", 1, 2, 3, 4)
	b := side("b", "node22", "chunk=4KiB", "throughput", 5, 6, 7, 8)
	r, err := Compare(a, b, tput)
	if err != nil {
		t.Fatal(err)
	}
	if row := onlyRow(t, r); row.Cell != "chunk=4KiB" || row.Scenario != "node20" || !row.Significant {
		t.Errorf("row = %+v; want chunk=4KiB of node20, significant", row)
	}
	b = side("b", "node22", "chunk=8KiB", "throughput", 5, 6, 7, 8)
	if _, err := Compare(a, b, tput); !errors.Is(err, ErrNoCommonCells) {
		t.Errorf("no common cell: err = %v; want ErrNoCommonCells", err)
	}
}

func TestCompareMetrics(t *testing.T) {
	t.Parallel()
	mk := func(name string, v float64) *Side {
		s := &Side{Name: name}
		for i := range 4 {
			s.Records = append(s.Records, results.Record{Scenario: "s", Cell: "c", Repeat: i, Result: metrics.Result{Metrics: metrics.Metrics{
				{Name: "throughput", Value: v + float64(i)},
				{Name: "buffered.peak", Value: v},
				{Name: "buffered.peak.source", Value: v},
				{Name: "buffered.peak.sink", Value: v},
			}}})
		}
		return s
	}
	r, err := Compare(mk("a", 10), mk("b", 20), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tb := range r.Tables {
		got = append(got, tb.Metric)
	}
	if want := []string{"throughput", "buffered.peak"}; !slices.Equal(got, want) {
		t.Errorf("default tables = %q; want %q (the others are not measured)", got, want)
	}
	if len(r.Warnings) != 2 || !strings.Contains(r.Warnings[0], "buffered.mean: not measured") {
		t.Errorf("Warnings = %q; want buffered.mean and latency.p99 not measured", r.Warnings)
	}
	r, err = Compare(mk("a", 10), mk("b", 20), Options{Metrics: []string{"buffered.peak.*", "buffered.peak.sink"}})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, tb := range r.Tables {
		got = append(got, tb.Metric)
	}
	if want := []string{"buffered.peak.source", "buffered.peak.sink"}; !slices.Equal(got, want) {
		t.Errorf("buffered.peak.* tables = %q; want %q", got, want)
	}
	if _, err := Compare(mk("a", 10), mk("b", 20), Options{Metrics: []string{"throughpt"}}); err == nil || !strings.Contains(err.Error(), "did you mean throughput") {
		t.Errorf("unknown metric: err = %v; want a did-you-mean", err)
	}
}

func TestDelta(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, want float64 }{
		{100, 95, -0.05}, {100, 110, 0.1}, {0, 0, 0}, {0, 5, math.Inf(1)}, {-10, -5, 0.5},
	} {
		if got := delta(tc.a, tc.b); math.Abs(got-tc.want) > 1e-12 && got != tc.want {
			t.Errorf("delta(%v, %v) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFormatDeltaTiny(t *testing.T) {
	for d, want := range map[float64]string{0.1234: "+12.34%", -0.05: "-5.00%", -0.00001234: "-0.0012%", 0.00004: "+0.004%", 0: "+0.00%"} {
		if got := formatDelta(d); got != want {
			t.Errorf("formatDelta(%v) = %q, want %q", d, got, want)
		}
	}
}
