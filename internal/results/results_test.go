package results

import (
	"bytes"
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
