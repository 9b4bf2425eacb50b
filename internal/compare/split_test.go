package compare

import (
	"slices"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	s := &Side{Name: "defaults"}
	for _, hwm := range []string{"node20", "node22", "fs"} {
		for _, chunk := range []string{"1KiB", "16KiB"} {
			for i := range 4 {
				v := 10.0 + float64(i)
				if hwm == "node22" {
					v += 100
				}
				s.Records = append(s.Records, results.Record{
					Scenario: "defaults", Cell: "hwm=" + hwm + "/chunk=" + chunk, Repeat: i,
					Params: []results.Param{{Path: "highWaterMark", Key: "hwm", Value: hwm}, {Path: "producer.chunk", Key: "chunk", Value: chunk}},
					Result: metrics.Result{Metrics: metrics.Metrics{{Name: "buffered.peak", Value: v}}},
				})
			}
		}
	}
	a, b, err := Split(s, "highWaterMark", "node20", "node22")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Records) != 8 || len(b.Records) != 8 {
		t.Fatalf("Split: %d and %d records; want 8 and 8", len(a.Records), len(b.Records))
	}
	r, err := Compare(a, b, Options{Metrics: []string{"buffered.peak"}})
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, row := range r.Tables[0].Rows {
		cells = append(cells, row.Cell)
		if !row.Worse(metrics.Lower) {
			t.Errorf("%s: not worse; want node22's larger buffers significant (%+v)", row.Cell, row)
		}
	}
	if want := []string{"chunk=1KiB", "chunk=16KiB"}; !slices.Equal(cells, want) {
		t.Errorf("cells = %q; want %q", cells, want)
	}
	if len(s.Records) != 24 || s.Records[0].Cell != "hwm=node20/chunk=1KiB" {
		t.Errorf("Split changed its input")
	}
	if _, _, err := Split(s, "hwm", "node20", "node24"); err == nil || !strings.Contains(err.Error(), "the results have node20, node22, fs") {
		t.Errorf("Split on a missing value: err = %v; want the values listed", err)
	}
	if _, _, err := Split(s, "consumer.rate", "1", "2"); err == nil || !strings.Contains(err.Error(), `no parameter "consumer.rate"`) {
		t.Errorf("Split on a missing parameter: err = %v", err)
	}
}

func TestParseSplit(t *testing.T) {
	t.Parallel()
	if k, a, b, err := ParseSplit("hwm=node20,node22"); err != nil || k != "hwm" || a != "node20" || b != "node22" {
		t.Errorf("ParseSplit = %q %q %q %v", k, a, b, err)
	}
	for _, bad := range []string{"hwm", "hwm=node20", "=a,b", "hwm=a,", "hwm=a,b,c"} {
		if _, _, _, err := ParseSplit(bad); err == nil {
			t.Errorf("ParseSplit(%q): no error", bad)
		}
	}
}
