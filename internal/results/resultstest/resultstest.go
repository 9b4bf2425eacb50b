// Package resultstest builds runs of results for tests and fuzz targets:
// results and pages must tolerate anything a results file can hold, and
// the report and its plots fuzz the same generated runs.
package resultstest

import (
	"fmt"
	"math"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// Values are the values FuzzRun draws from: what reading refuses
// (negative, NaN, infinite) is included, since the analysis and the page
// must tolerate anything handed to them.
var Values = []float64{0, 1, 2, 1e-300, 5e-324, 1e300, math.MaxFloat64, -1, -1e300, math.NaN(), math.Inf(1), math.Inf(-1), 1024, 65536, 0.5}

// FuzzRun builds a run from the fuzzer's bytes: up to 3 highWaterMarks
// x 2 chunk sizes x 3 repeats, each metric a value of Values, some
// records failed, missing or repeated, and the meta's highWaterMarks.
func FuzzRun(data []byte) (*results.Meta, []results.Record) {
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
						r.Result.Metrics = append(r.Result.Metrics, metrics.Metric{Name: m, Value: Values[k%len(Values)]})
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
