package results

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
)

func rec(cell string, repeat int) *Record {
	return &Record{Scenario: "s", Cell: cell, Repeat: repeat, Engine: "sim",
		Params: []Param{{Path: "highWaterMark", Key: "hwm", Value: "16KiB"}},
		Result: metrics.Result{Metrics: metrics.Metrics{{Name: "throughput", Value: 1.5}}}}
}

func TestWriteReadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	w, err := Create(path, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := w.Write(rec("hwm=16KiB", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs, warns, err := ReadFile(path)
	if err != nil || len(warns) != 0 || len(recs) != 3 {
		t.Fatalf("%d records, %v, %v", len(recs), warns, err)
	}
	if v, ok := recs[2].Param("hwm"); !ok || v != "16KiB" || recs[2].Repeat != 2 {
		t.Fatalf("record %+v", recs[2])
	}
	if x, _ := recs[1].Result.Metrics.Get("throughput"); x != 1.5 {
		t.Fatalf("throughput %v", x)
	}
}

// TestCutShortLastLine: an interrupted write leaves a partial last line,
// which is skipped with a warning; the lines before it are kept.
func TestCutShortLastLine(t *testing.T) {
	a, _ := Marshal(rec("a", 0))
	b, _ := Marshal(rec("b", 0))
	data := append(append([]byte(nil), a...), b[:len(b)/2]...)
	recs, warns, err := Read(bytes.NewReader(data), "r.jsonl")
	if err != nil || len(recs) != 1 || recs[0].Cell != "a" || len(warns) != 1 || !strings.Contains(warns[0], "r.jsonl:2") {
		t.Fatalf("%d records, warnings %v, %v", len(recs), warns, err)
	}
}

func TestBadLineNamesItsNumber(t *testing.T) {
	a, _ := Marshal(rec("a", 0))
	data := append(append([]byte(nil), a...), "{not json}\n"...)
	_, _, err := Read(bytes.NewReader(data), "r.jsonl")
	if err == nil || !strings.HasPrefix(err.Error(), "r.jsonl:2: ") {
		t.Fatalf("err = %v", err)
	}
	_, _, err = Read(strings.NewReader("{\"x\":1}\n"), "r.jsonl")
	if err == nil || !strings.Contains(err.Error(), "no scenario or cell") {
		t.Fatalf("err = %v", err)
	}
}

func TestMetaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := &Meta{Scenario: "s", Seed: 3, Sweep: []Axis{{Path: "highWaterMark", Key: "hwm", Values: []string{"1KiB"}}}}
	if err := WriteMeta(dir, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadMeta(dir)
	if err != nil || got.Seed != 3 || got.Sweep[0].Values[0] != "1KiB" {
		t.Fatalf("%+v, %v", got, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("left %d files, want run.json only", len(ents))
	}
}

func TestCheck(t *testing.T) {
	var recs []Record
	for i, v := range []float64{10, 20, 30} { // mean 20
		r := rec("p", i)
		r.Result.Metrics[0].Value = v
		recs = append(recs, *r)
	}
	vs := Check([]Threshold{{Metric: "throughput", Op: ">", Value: 19}, {Metric: "throughput", Op: "<", Value: 19}}, recs)
	if len(vs) != 2 || !vs[0].Pass || vs[1].Pass || vs[0].Value != 20 || len(Failed(vs)) != 1 {
		t.Fatalf("%+v", vs)
	}
}

// TestDuplicateCells: a file concatenated with itself is read once, with a
// warning that names every repeated cell and its lines; two writers'
// records that differ for one cell are refused, naming both lines.
func TestDuplicateCells(t *testing.T) {
	a, _ := Marshal(rec("a", 0))
	b, _ := Marshal(rec("b", 0))
	twice := bytes.Join([][]byte{a, b, a, b}, nil)
	recs, warns, err := Read(bytes.NewReader(twice), "r.jsonl")
	if err != nil || len(recs) != 2 || recs[0].Cell != "a" || recs[1].Cell != "b" {
		t.Fatalf("Read(a b a b) = %d records, %v; want a, b", len(recs), err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "2 records repeat an earlier one exactly") ||
		!strings.Contains(warns[0], "a#0 (r.jsonl:3 = r.jsonl:1)") || !strings.Contains(warns[0], "b#0 (r.jsonl:4 = r.jsonl:2)") {
		t.Fatalf("warnings = %q; want both cells named with their lines", warns)
	}

	other := rec("b", 0)
	other.Result.Metrics[0].Value = 2.5
	c, _ := Marshal(other)
	_, _, err = Read(bytes.NewReader(bytes.Join([][]byte{a, b, c}, nil)), "r.jsonl")
	if err == nil || !strings.Contains(err.Error(), "r.jsonl:3: cell b#0 again, with other results than at r.jsonl:2") {
		t.Fatalf("conflicting duplicate: err = %v; want a refusal naming lines 3 and 2", err)
	}

	// The function alone, as a merge of several files uses it.
	kept, warn, err := Dedupe([]Record{*rec("x", 1), *rec("x", 1), *rec("x", 2)}, func(i int) string { return fmt.Sprint("#", i) })
	if err != nil || len(kept) != 2 || !strings.Contains(warn, "x#1 (#1 = #0)") {
		t.Fatalf("Dedupe = %d kept, %q, %v", len(kept), warn, err)
	}
}

// TestImpossibleValues: values no run writes are refused with the line.
func TestImpossibleValues(t *testing.T) {
	for _, c := range []struct {
		edit func(r *Record)
		want string
	}{
		{func(r *Record) { r.Result.Metrics[0].Value = -1 }, "metric throughput is -1"},
		{func(r *Record) { r.Index = -3 }, "index -3"},
		{func(r *Record) { r.Result.Timeline = []metrics.Point{{T: 5}, {T: 2}} }, "timeline point 1"},
		{func(r *Record) { r.Result.Paused = []metrics.Interval{{Start: 5, End: 1}} }, "paused interval"},
	} {
		r := rec("a", 0)
		c.edit(r)
		b, _ := Marshal(r)
		_, _, err := Read(bytes.NewReader(b), "r.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), "r.jsonl:1: impossible result: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v; want r.jsonl:1 and %q", err, c.want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, MetaName), []byte(`{"scenario":"s","highWaterMarks":{"a":-1}}`), 0o644)
	if _, err := ReadMeta(dir); err == nil || !strings.Contains(err.Error(), "cell a: -1 is negative") {
		t.Errorf("ReadMeta(negative hwm) = %v", err)
	}
}
