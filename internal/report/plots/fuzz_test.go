package plots

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// FuzzCharts builds (without drawing) every chart of arbitrary results:
// reading refuses the input, or the charts are built without a panic.
func FuzzCharts(f *testing.F) {
	line := func(cell, hwm string, thr, peak float64, idx int) string {
		r := results.Record{Scenario: "s", Cell: cell, Index: idx, Engine: "sim",
			Params: []results.Param{{Path: "highWaterMark", Key: "hwm", Value: hwm}}}
		r.Result.Metrics = metrics.Metrics{{Name: metrics.Throughput, Value: thr}, {Name: metrics.BufferedPeak, Value: peak}}
		b, _ := results.Marshal(&r)
		return string(b)
	}
	f.Add([]byte(line("hwm=1KiB", "1KiB", 10, 2048, 0)+line("hwm=4KiB", "4KiB", 20, 8192, 1)), []byte(`{"scenario":"s","highWaterMarks":{"hwm=1KiB":1024,"hwm=4KiB":4096}}`))
	f.Add([]byte(line("hwm=0B", "0B", 0, 0, 0)+line("hwm=1B", "1B", 0, 0, 1)), []byte(`null`))
	f.Fuzz(func(t *testing.T, data, metaJSON []byte) {
		recs, _, err := results.Read(bytes.NewReader(data), "f.jsonl")
		if err != nil || len(recs) > 64 {
			return
		}
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, results.MetaName), metaJSON, 0o644)
		meta, err := results.ReadMeta(dir)
		if err != nil {
			meta = nil
		}
		for _, c := range charts(meta, recs) {
			c.build()
			if c.below != nil {
				c.below.build()
			}
		}
	})
}
