package plots

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// The generator below is internal/report's (gen_fuzz_test.go), copied:
// test helpers do not cross packages.

// fuzzValues are the values genRecords draws from: what reading refuses
// (negative, NaN, infinite) is included, since the analysis and the page
// must tolerate anything handed to them.
var fuzzValues = []float64{0, 1, 2, 1e-300, 5e-324, 1e300, math.MaxFloat64, -1, -1e300, math.NaN(), math.Inf(1), math.Inf(-1), 1024, 65536, 0.5}

// genRecords builds a run from the fuzzer's bytes: up to 3 highWaterMarks
// x 2 chunk sizes x 3 repeats, each metric a value of fuzzValues, some
// records failed, missing or repeated, and the meta's highWaterMarks.
func genRecords(data []byte) (*results.Meta, []results.Record) {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	meta := &results.Meta{Scenario: "f", Repeat: 1 + next()%3, ObjectMode: next()%4 == 0, HighWaterMarks: map[string]int64{}}
	hwms := []int64{0, 1, 1024, 1 << 20, 1 << 40, -5}
	var recs []results.Record
	nh, nc := 1+next()%3, 1+next()%2
	for h := range nh {
		hwm := hwms[next()%len(hwms)]
		for c := range nc {
			cell := fmt.Sprintf("hwm=%d/chunk=%d", h, c)
			meta.HighWaterMarks[cell] = hwm
			for rep := range meta.Repeat {
				if next()%8 == 0 {
					continue // a missing record
				}
				r := results.Record{Scenario: "f", Cell: cell, Repeat: rep, Index: len(recs), Engine: "sim",
					Params: []results.Param{{Path: "highWaterMark", Key: "hwm", Value: fmt.Sprint(hwm)}, {Path: "producer.chunk", Key: "chunk", Value: fmt.Sprint(c)}}}
				for _, m := range []string{metrics.Throughput, metrics.BufferedPeak, metrics.BufferedMean, metrics.LatencyP50, metrics.LatencyP99, metrics.ProducerStalled, metrics.Duration, metrics.HeapPeak} {
					if k := next(); k%16 != 15 {
						r.Result.Metrics = append(r.Result.Metrics, metrics.Metric{Name: m, Value: fuzzValues[k%len(fuzzValues)]})
					}
				}
				for range next() % 4 {
					r.Result.Timeline = append(r.Result.Timeline, metrics.Point{T: time.Duration(next()) * time.Millisecond, Bytes: int64(next()) - 10})
				}
				r.Result.GuardExceeded = next()%8 == 0
				if next()%8 == 0 {
					r.Error = "boom"
				}
				recs = append(recs, r)
			}
		}
	}
	meta.Cells = len(recs)
	return meta, recs
}

// FuzzChartValues builds (without drawing, but with the axes' ticks)
// every chart of runs of any
// values, including those reading refuses: none may panic.
func FuzzChartValues(f *testing.F) {
	f.Add([]byte{1, 0, 2, 1, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 0, 2, 1, 7, 8, 0, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Add([]byte{0, 0, 0, 0, 6, 9, 10, 11, 6, 6, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, recs := genRecords(data)
		for _, c := range charts(meta, recs) {
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
