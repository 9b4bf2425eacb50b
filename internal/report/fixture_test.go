package report

import (
	"fmt"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/units"
)

const (
	KiB = 1 << 10
	MiB = 1 << 20
)

// fixture is a run of 2 highWaterMarks x 2 chunk sizes x 2 repeats with
// fixed numbers: hwm=1KiB reaches 80% of the throughput, hwm=16KiB all of
// it; the last record failed; one record carries a warning. The scenario's
// text and description hold markup, to check that it is escaped.
func fixture() (*results.Meta, []results.Record) {
	meta := &results.Meta{
		Scenario:    "fixture",
		File:        "scenarios/fixture.yaml",
		Description: `A <b>fast</b> producer & a "slow" consumer`,
		Source:      "name: fixture\n# <script>alert('x')</script> ```not a fence```\nsweep:\n  highWaterMark: [1KiB, 16KiB]\n  producer.chunk: [1KiB, 4KiB]\n",
		SHA256:      "0123abcd",
		Engine:      "sim",
		Profile:     "node22",
		Strategy:    "pipe",
		Seed:        1,
		Repeat:      2,
		Cells:       8,
		Parallel:    2,
		Sweep: []results.Axis{
			{Path: "highWaterMark", Key: "hwm", Values: []string{"1KiB", "16KiB"}},
			{Path: "producer.chunk", Key: "chunk", Values: []string{"1KiB", "4KiB"}},
		},
		Thresholds: []results.Threshold{
			{Metric: metrics.Throughput, Op: ">", Value: 9 * MiB, Text: "> 9MiB/s"},
			{Metric: metrics.BufferedPeak, Op: "<", Value: 64 * KiB, Text: "< 64KiB"},
		},
		HighWaterMarks: map[string]int64{},
		Env:            results.Env{Bpbench: "test", Go: "go1.26.0", OS: "linux", Arch: "amd64", CPU: "Test CPU @ 3GHz", Cores: 4},
		Started:        time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Finished:       time.Date(2026, 1, 2, 3, 4, 7, 0, time.UTC),
	}
	var recs []results.Record
	i := 0
	for _, hwm := range []int64{KiB, 16 * KiB} {
		for _, chunk := range []string{"1KiB", "4KiB"} {
			cell := fmt.Sprintf("hwm=%s/chunk=%s", units.Bytes(float64(hwm)), chunk)
			meta.HighWaterMarks[cell] = hwm
			for rep := range 2 {
				thr := 10.0 * MiB
				if hwm == KiB {
					thr = 8*MiB + float64(rep)*0.1*MiB
				}
				r := results.Record{
					Scenario: "fixture", Cell: cell, Repeat: rep, Index: i, Seed: uint64(100 + i), Engine: "sim",
					Params: []results.Param{
						{Path: "highWaterMark", Key: "hwm", Value: units.Bytes(float64(hwm))},
						{Path: "producer.chunk", Key: "chunk", Value: chunk},
					},
				}
				i++
				r.Result.Metrics = metrics.Metrics{
					{Name: metrics.Throughput, Value: thr},
					{Name: metrics.ThroughputChunks, Value: thr / KiB},
					{Name: metrics.BufferedPeak, Value: float64(2 * hwm)},
					{Name: metrics.BufferedPeak + ".sink", Value: float64(hwm)},
					{Name: metrics.BufferedMean, Value: float64(hwm) * 1.5},
					{Name: metrics.LatencyP50, Value: 0.005},
					{Name: metrics.LatencyP99, Value: 0.010 + float64(rep)*0.001},
					{Name: metrics.WritesFalse, Value: 100},
					{Name: metrics.Drains, Value: 99},
					{Name: metrics.Pauses, Value: 100},
					{Name: metrics.ProducerStalled, Value: 0.9},
					{Name: metrics.Duration, Value: 6.5},
				}
				r.Result.Timeline = []metrics.Point{{T: 0, Bytes: 0}, {T: time.Second, Bytes: 2 * hwm}, {T: 2 * time.Second, Bytes: hwm}, {T: 3 * time.Second, Bytes: 0}}
				r.Result.Paused = []metrics.Interval{{Start: time.Second, End: 2 * time.Second}}
				if i == 3 {
					r.Result.Warnings = []string{"metrics: a <odd> thing"}
				}
				if i == 8 {
					r.Error = "engine: boom <here>"
					r.Result = metrics.Result{}
				}
				recs = append(recs, r)
			}
		}
	}
	return meta, recs
}
