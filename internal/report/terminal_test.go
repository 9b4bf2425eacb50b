package report

import (
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// TestWriteTable: one line per cell with the means over its successful
// repeats, a failed repeat counted and left out of the means.
func TestWriteTable(t *testing.T) {
	t.Parallel()
	rec := func(thr float64, errText string) results.Record {
		r := results.Record{Scenario: "s", Cell: "hwm=1KiB", Params: []results.Param{{Path: "highWaterMark", Key: "hwm", Value: "1KiB"}}, Error: errText}
		r.Result.Metrics = metrics.Metrics{{Name: metrics.Throughput, Value: thr}}
		return r
	}
	var b strings.Builder
	WriteTable(&b, "s", []results.Record{rec(1<<20, ""), rec(3<<20, ""), rec(1e12, "boom")})
	out := b.String()
	if !strings.Contains(out, "2MiB/s") || !strings.Contains(out, "2 (1 failed)") {
		t.Errorf("WriteTable =\n%s\nwant a mean of 2MiB/s over 2 runs, 1 failed", out)
	}
	b.Reset()
	th := results.Threshold{Metric: metrics.Throughput, Op: ">", Value: 10 << 20, Text: "> 10MiB/s"}
	all := []results.Verdict{{Cell: "hwm=1KiB", Threshold: th, Value: 2 << 20}}
	WriteVerdicts(&b, "s", all, all)
	if out := b.String(); !strings.Contains(out, "1 of 1 threshold checks FAILED") || !strings.Contains(out, "2MiB/s") {
		t.Errorf("WriteVerdicts =\n%s\nwant the failed check with its measured 2MiB/s", out)
	}
}
