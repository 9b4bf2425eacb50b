package plots

import (
	"testing"

	"github.com/bpbench/bpbench/internal/results/resultstest"
)

// FuzzChartValues builds (without drawing, but with the axes' ticks)
// every chart of runs of any
// values, including those reading refuses: none may panic.
func FuzzChartValues(f *testing.F) {
	f.Add([]byte{1, 0, 2, 1, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 0, 2, 1, 7, 8, 0, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Add([]byte{0, 0, 0, 0, 6, 9, 10, 11, 6, 6, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, recs := resultstest.FuzzRun(data)
		for _, c := range charts(meta, recs, nil) {
			for _, cc := range []*chart{c, c.below} {
				if cc == nil {
					continue
				}
				p, _, err := cc.build()
				if err != nil || p == nil {
					continue
				}
				// What drawing asks of the axes: their ticks.
				p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
				p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
			}
		}
	})
}
