package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results"
)

// FuzzReport feeds arbitrary results.jsonl and run.json text through what
// bpbench report does with them: either reading refuses the input, or the
// analysis and the report's files (CSV, bench.txt, pages) are made
// without a panic.
func FuzzReport(f *testing.F) {
	meta, recs := fixture()
	var jsonl bytes.Buffer
	for i := range recs {
		b, _ := results.Marshal(&recs[i])
		jsonl.Write(b)
	}
	mb, _ := json.Marshal(meta)
	f.Add(jsonl.Bytes(), mb)
	f.Add(jsonl.Bytes(), []byte("null"))
	// Extreme values where reading lets them through: zero, huge, one point.
	for _, v := range []float64{0, math.MaxFloat64, 1e-300} {
		_, rs := fixture()
		var b bytes.Buffer
		for i := range rs {
			for k := range rs[i].Result.Metrics {
				rs[i].Result.Metrics[k].Value = v
			}
			line, _ := results.Marshal(&rs[i])
			b.Write(line)
		}
		f.Add(b.Bytes(), mb)
	}
	f.Fuzz(func(t *testing.T, data, metaJSON []byte) {
		recs, _, err := results.Read(bytes.NewReader(data), "f.jsonl")
		if err != nil || len(recs) > 64 {
			return
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, results.MetaName), metaJSON, 0o644); err != nil {
			t.Fatal(err)
		}
		meta, err := results.ReadMeta(dir)
		if err != nil {
			meta = nil // as bpbench report does without run.json
		}
		for _, g := range analysis.Groups(analysis.Points(meta, recs)) {
			analysis.Recommend(g, analysis.OptionsOf(meta))
			analysis.Frontier(g.Points)
		}
		// Everything WriteWith does but draw the plots (FuzzCharts in
		// internal/report/plots covers those): drawing PNGs makes a run
		// take seconds, too slow to fuzz.
		m := meta
		if m == nil {
			m = metaFromRecords(recs)
		}
		var b bytes.Buffer
		WriteCSV(&b, m, recs)
		WriteSummaryCSV(&b, m, recs)
		WriteBench(&b, m, recs)
		p := newPage(m, recs, nil, nil)
		if err := htmlPage.Execute(&b, p); err != nil {
			t.Fatalf("index.html: %v", err)
		}
		if err := mdPage.Execute(&b, p); err != nil {
			t.Fatalf("index.md: %v", err)
		}
	})
}
