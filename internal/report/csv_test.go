package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"testing"
)

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	meta, recs := fixture()
	var b bytes.Buffer
	if err := WriteCSV(&b, meta, recs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("results.csv does not parse: %v", err)
	}
	wantHead := []string{"scenario", "cell", "highWaterMark", "producer.chunk", "repeat", "seed", "engine", "error",
		"throughput (B/s)", "throughput.chunks (chunks/s)", "buffered.peak (B)", "buffered.peak.sink (B)", "buffered.mean (B)",
		"latency.p50 (s)", "latency.p99 (s)", "writes.false (count)", "drains (count)", "pauses (count)",
		"producer.stalled (fraction)", "duration (s)"}
	if !slices.Equal(rows[0], wantHead) {
		t.Errorf("header = %q;\nwant %q", rows[0], wantHead)
	}
	if len(rows) != 1+len(recs) {
		t.Fatalf("%d rows; want a header and %d records", len(rows), len(recs))
	}
	r1 := rows[2] // hwm=1KiB/chunk=1KiB repeat 1
	if want := []string{"fixture", "hwm=1KiB/chunk=1KiB", "1KiB", "1KiB", "1", "101", "sim", ""}; !slices.Equal(r1[:8], want) {
		t.Errorf("row 2 = %q; want %q", r1[:8], want)
	}
	if v, err := strconv.ParseFloat(r1[8], 64); err != nil || v != recs[1].Result.Metrics[0].Value {
		t.Errorf("row 2 throughput = %q; want %v exactly", r1[8], recs[1].Result.Metrics[0].Value)
	}
	last := rows[len(rows)-1]
	if last[7] != "engine: boom <here>" || last[8] != "" {
		t.Errorf("failed row = %q; want the error and empty metrics", last)
	}
}

func TestWriteSummaryCSV(t *testing.T) {
	t.Parallel()
	meta, recs := fixture()
	var b bytes.Buffer
	if err := WriteSummaryCSV(&b, meta, recs, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("summary.csv does not parse: %v", err)
	}
	if want := []string{"cell", "highWaterMark", "producer.chunk", "hwm", "repeats", "throughput mean (B/s)", "throughput stddev (B/s)"}; !slices.Equal(rows[0][:7], want) {
		t.Errorf("header starts %q; want %q", rows[0][:7], want)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows; want a header and 4 points", len(rows))
	}
	if got := rows[1][:6]; !slices.Equal(got, []string{"hwm=1KiB/chunk=1KiB", "1KiB", "1KiB", "1024", "2", strconv.FormatFloat(8.05*MiB, 'f', -1, 64)}) {
		t.Errorf("point 1 = %q; want mean throughput 8.05MiB/s over 2 repeats", got)
	}
	if got := rows[4][4]; got != "1" {
		t.Errorf("hwm=16KiB/chunk=4KiB repeats = %s; want 1 (one failed)", got)
	}
}
