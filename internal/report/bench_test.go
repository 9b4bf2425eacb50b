package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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

// TestBenchstatComparesAcrossVersions writes the bench.txt of two runs that
// differ in bpbench version, scenario text and seed, and runs the real
// benchstat on them: it must print one table per unit with a "vs base"
// column, not a table per file.
func TestBenchstatComparesAcrossVersions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds benchstat with go run")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build benchstat (install Go 1.26: https://go.dev/dl)")
	}
	dir := t.TempDir()
	write := func(name, version, sha string, seed uint64) string {
		meta, recs := fixture()
		meta.Env.Bpbench, meta.SHA256, meta.Seed = version, sha, seed
		for i := range recs { // the new run is twice as fast
			for j := range recs[i].Result.Metrics {
				if m := &recs[i].Result.Metrics[j]; m.Name == "throughput" {
					m.Value *= float64(seed)
				}
			}
		}
		var b bytes.Buffer
		if err := WriteBench(&b, meta, recs); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old := write("old.txt", "v1.0.0", "aaaa", 1)
	cur := write("new.txt", "v1.1.0-dirty", "bbbb", 2)
	cmd := exec.Command(goTool, "run", "golang.org/x/perf/cmd/benchstat", old, cur)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("benchstat: %v\n%s", err, out)
	}
	s := string(out)
	if n := strings.Count(s, "goos: linux"); n != 1 {
		t.Errorf("benchstat printed %d configuration headers; want 1 (one table):\n%s", n, s)
	}
	if !strings.Contains(s, "vs base") {
		t.Errorf("benchstat printed no vs base column:\n%s", s)
	}
	for _, hidden := range []string{"bpbench: v1", "scenario-sha256:"} {
		if strings.Contains(s, hidden) {
			t.Errorf("benchstat shows %q as a configuration key:\n%s", hidden, s)
		}
	}
	for _, unit := range []string{"sim-B/s", "drains/op"} {
		if !strings.Contains(s, unit) {
			t.Errorf("benchstat has no %s table:\n%s", unit, s)
		}
	}
}
