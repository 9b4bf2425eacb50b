package compare

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenReport is a small comparison with every kind of row: a significant
// regression, an improvement, no change, too few repeats, and cells on one
// side only.
func goldenReport(t *testing.T) *Report {
	t.Helper()
	rec := func(cell string, i int, tput, peak float64) results.Record {
		return results.Record{Scenario: "demo", Cell: cell, Repeat: i, Result: metrics.Result{Metrics: metrics.Metrics{
			{Name: "throughput", Value: tput}, {Name: "buffered.peak", Value: peak},
		}}}
	}
	a, b := &Side{Name: "base/demo"}, &Side{Name: "new/demo"}
	for i := range 6 {
		j := float64(i)
		a.Records = append(a.Records, rec("hwm=1KiB", i, 10<<20+j*1000, 2048+j))
		b.Records = append(b.Records, rec("hwm=1KiB", i, 8<<20+j*1000, 1024+j))
		a.Records = append(a.Records, rec("hwm=16KiB", i, 10<<20+j*1000, 32768))
		b.Records = append(b.Records, rec("hwm=16KiB", i, 10<<20+j*1000, 32768))
	}
	for i := range 2 {
		a.Records = append(a.Records, rec("hwm=64KiB", i, 10<<20+float64(i), 131072))
		b.Records = append(b.Records, rec("hwm=64KiB", i, 5<<20+float64(i), 131072))
	}
	a.Records = append(a.Records, rec("hwm=1MiB", 0, 1, 1))
	b.Records = append(b.Records, rec("hwm=4KiB", 0, 1, 1))
	r, err := Compare(a, b, Options{Metrics: []string{"throughput", "buffered.peak"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWriteGolden(t *testing.T) {
	r := goldenReport(t)
	gates, err := ParseGates("throughput:-5%,buffered.peak:+10%")
	if err != nil {
		t.Fatal(err)
	}
	v := r.Check(gates)
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"compare.txt", func(b *bytes.Buffer) error {
			if err := WriteText(b, r); err != nil {
				return err
			}
			return WriteVerdict(b, v, false)
		}},
		{"compare.md", func(b *bytes.Buffer) error {
			if err := WriteMarkdown(b, r); err != nil {
				return err
			}
			return WriteVerdict(b, v, true)
		}},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs; got:\n%s", path, b.Bytes())
		}
	}
}
