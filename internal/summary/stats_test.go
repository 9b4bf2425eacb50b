package summary

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestOf(t *testing.T) {
	t.Parallel()
	sd5 := math.Sqrt(2.5) // 1.5811...
	tests := []struct {
		name   string
		values []float64
		want   Stats
	}{
		{"1..5", []float64{1, 2, 3, 4, 5}, Stats{
			N: 5, Mean: 3, Median: 3, Stddev: sd5, Min: 1, Max: 5,
			CI95Lo: 3 - 2.7764451051977987*sd5/math.Sqrt(5), CI95Hi: 3 + 2.7764451051977987*sd5/math.Sqrt(5),
		}},
		{"order does not matter", []float64{5, 3, 1, 4, 2}, Stats{
			N: 5, Mean: 3, Median: 3, Stddev: sd5, Min: 1, Max: 5,
			CI95Lo: 3 - 2.7764451051977987*sd5/math.Sqrt(5), CI95Hi: 3 + 2.7764451051977987*sd5/math.Sqrt(5),
		}},
		{"even count median", []float64{10, 20}, Stats{
			N: 2, Mean: 15, Median: 15, Stddev: math.Sqrt(50), Min: 10, Max: 20,
			// t(0.975, 1) = 12.706
			CI95Lo: 15 - 12.706204736174698*math.Sqrt(50)/math.Sqrt(2), CI95Hi: 15 + 12.706204736174698*math.Sqrt(50)/math.Sqrt(2),
		}},
		{"identical", []float64{7, 7, 7}, Stats{N: 3, Mean: 7, Median: 7, Min: 7, Max: 7, CI95Lo: 7, CI95Hi: 7}},
		{"one value", []float64{42}, Stats{
			N: 1, Mean: 42, Median: 42, Min: 42, Max: 42, CI95Lo: 42, CI95Hi: 42, Warnings: []error{ErrSingle},
		}},
		{"empty", nil, Stats{Warnings: []error{ErrEmpty}}},
		{"NaN left out", []float64{1, math.NaN(), 3, math.Inf(1)}, Stats{
			N: 2, Mean: 2, Median: 2, Stddev: math.Sqrt2, Min: 1, Max: 3,
			CI95Lo: 2 - 12.706204736174698, CI95Hi: 2 + 12.706204736174698, Warnings: []error{ErrNotFinite},
		}},
	}
	for _, tt := range tests {
		got := Of(tt.values)
		g, w := got, tt.want
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"Mean", g.Mean, w.Mean}, {"Median", g.Median, w.Median}, {"Stddev", g.Stddev, w.Stddev},
			{"Min", g.Min, w.Min}, {"Max", g.Max, w.Max}, {"CI95Lo", g.CI95Lo, w.CI95Lo}, {"CI95Hi", g.CI95Hi, w.CI95Hi},
		} {
			if !near(f.got, f.want) {
				t.Errorf("Of(%s).%s = %v; want %v", tt.name, f.name, f.got, f.want)
			}
		}
		if g.N != w.N || !reflect.DeepEqual(g.Warnings, w.Warnings) {
			t.Errorf("Of(%s): N %d warnings %v; want %d %v", tt.name, g.N, g.Warnings, w.N, w.Warnings)
		}
	}
}

func TestOfDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	in := []float64{3, 1, 2}
	Of(in)
	if !reflect.DeepEqual(in, []float64{3, 1, 2}) {
		t.Errorf("input changed to %v", in)
	}
}

func TestOfIsBitIdenticalInAnyOrder(t *testing.T) {
	t.Parallel()
	a := []float64{0.1, 0.2, 0.3, 1e16, -1e16, 0.7}
	b := []float64{0.7, -1e16, 0.3, 0.1, 1e16, 0.2}
	if sa, sb := Of(a), Of(b); !reflect.DeepEqual(sa, sb) {
		t.Errorf("Of(a) = %+v; Of(b) = %+v", sa, sb)
	}
}

func TestTQuantile(t *testing.T) {
	t.Parallel()
	// Student's t table, two-sided 95%.
	for df, want := range map[int]float64{1: 12.706, 2: 4.303, 4: 2.776, 9: 2.262, 29: 2.045, 1000: 1.962} {
		if got := TQuantile(0.975, df); math.Abs(got-want) > 0.0005 {
			t.Errorf("TQuantile(0.975, %d) = %.4f; want %.3f", df, got, want)
		}
	}
}

func TestStatsJSON(t *testing.T) {
	t.Parallel()
	s := Of([]float64{1})
	b, err := json.Marshal(s)
	want := `{"n":1,"mean":1,"median":1,"stddev":0,"min":1,"max":1,"ci95_lo":1,"ci95_hi":1,"warnings":["summary: one value: no confidence interval"]}`
	if err != nil || string(b) != want {
		t.Fatalf("Marshal = %s, %v; want %s", b, err, want)
	}
	var back Stats
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, s) || !errors.Is(back.Warnings[0], ErrSingle) {
		t.Errorf("Unmarshal = %+v, %v; want %+v", back, err, s)
	}
	if err := json.Unmarshal([]byte(`{"warnings":["other"]}`), &back); err != nil || back.Warnings[0].Error() != "other" {
		t.Errorf("unknown warning = %v, %v", back.Warnings, err)
	}
	if err := json.Unmarshal([]byte(`[]`), &back); err == nil {
		t.Error("Unmarshal of an array: no error")
	}
}
