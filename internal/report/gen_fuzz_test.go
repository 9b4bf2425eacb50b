package report

import (
	"bytes"
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results/resultstest"
)

// FuzzAnalysis runs the analysis and the report's pages and tables on
// runs of any values, including those reading refuses: none may panic.
func FuzzAnalysis(f *testing.F) {
	f.Add([]byte{1, 0, 2, 1, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 0, 2, 1, 7, 8, 0, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Add([]byte{0, 0, 0, 0, 6, 9, 10, 11, 6, 6, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, recs := resultstest.FuzzRun(data)
		points := analysis.Points(meta, recs)
		for _, g := range analysis.Groups(points) {
			analysis.Recommend(g, analysis.OptionsOf(meta))
		}
		analysis.Frontier(points)
		var b bytes.Buffer
		WriteCSV(&b, meta, recs)
		WriteSummaryCSV(&b, meta, recs, nil)
		WriteBench(&b, meta, recs)
		p := newPage(meta, recs, nil, nil, nil)
		if err := htmlPage.Execute(&b, p); err != nil {
			t.Fatal(err)
		}
		if err := mdPage.Execute(&b, p); err != nil {
			t.Fatal(err)
		}
	})
}
