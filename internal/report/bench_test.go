package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

func TestWriteBench(t *testing.T) {
	t.Parallel()
	meta, recs := fixture()
	var b bytes.Buffer
	if err := WriteBench(&b, meta, recs); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(bytes.NewReader(b.Bytes()), "bench.txt")
	var res []*benchfmt.Result
	for r.Scan() {
		switch x := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("bench.txt: %v", x)
		case *benchfmt.Result:
			res = append(res, x.Clone())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(res) != 7 {
		t.Fatalf("%d results; want 7 (8 records, one failed)\n%s", len(res), b.String())
	}
	first := res[0]
	if got := first.Name.String(); got != "Scenarios/fixture/hwm=1KiB/chunk=1KiB" {
		t.Errorf("name = %q; want Scenarios/fixture/hwm=1KiB/chunk=1KiB", got)
	}
	for k, want := range map[string]string{"goos": "linux", "goarch": "amd64", "pkg": BenchPkg, "cpu": "Test CPU @ 3GHz", "engine": "sim"} {
		if got := first.GetConfig(k); got != want {
			t.Errorf("config %s = %q; want %q", k, got, want)
		}
	}
	for unit, want := range map[string]float64{
		"sim-B/s":         8 * MiB,
		"peak-buffered-B": 2048,
		"p99-latency-sec": 0.010, // tidied from ns
		"writes-false/op": 100,
		"drains/op":       99,
	} {
		if got, ok := first.Value(unit); !ok || got != want {
			t.Errorf("%s = %v, %v; want %v", unit, got, ok, want)
		}
	}
	units := r.Units()
	if got := units.GetBetter("sim-B/s"); got != 1 {
		t.Errorf("better(sim-B/s) = %d; want 1 (higher)", got)
	}
	if got := units.GetBetter("peak-buffered-B"); got != -1 {
		t.Errorf("better(peak-buffered-B) = %d; want -1 (lower)", got)
	}
	if got := units.GetAssumption("sim-B/s"); got != benchmath.AssumeNothing {
		t.Errorf("assumption = %v; want none", got)
	}
	for _, u := range BenchUnits {
		if strings.ContainsFunc(u.Unit, func(r rune) bool { return r == ' ' || r == '\t' }) {
			t.Errorf("unit %q has a space", u.Unit)
		}
	}
}

func TestBenchUnitFor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ metric, engine, want string }{
		{"throughput", "sim", "sim-B/s"},
		{"throughput", "", "sim-B/s"},
		{"throughput", "realtime", "realtime-B/s"},
		{"duration", "node", "node-ns/op"},
		{"buffered.peak", "node", "peak-buffered-B"},
	} {
		if u, ok := BenchUnitFor(tt.metric, tt.engine); !ok || u.Unit != tt.want {
			t.Errorf("BenchUnitFor(%q, %q) = %q, %v; want %q", tt.metric, tt.engine, u.Unit, ok, tt.want)
		}
	}
	if _, ok := BenchUnitFor("bytes.consumed", "sim"); ok {
		t.Error("BenchUnitFor(bytes.consumed) found; bench.txt leaves it out")
	}
}
