package metrics_test

import (
	"fmt"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
)

// A stage is empty for a second, then holds 100 bytes for three: its
// time-weighted mean is 75 bytes and its peak 100.
func ExampleRecorder() {
	rec := metrics.New(metrics.Config{Stages: []string{"sink"}})
	rec.SetBuffered(1*time.Second, 0, 100)
	rec.Consumed(4000)
	rec.Latency(20 * time.Millisecond)
	res := rec.Finish(4 * time.Second)
	for _, v := range res.Metrics.Values() {
		switch v.Name {
		case metrics.BufferedMean, metrics.BufferedPeak, metrics.Throughput, metrics.LatencyP99:
			fmt.Printf("%s = %g %s\n", v.Name, v.Value, v.Unit)
		}
	}
	// Output:
	// throughput = 1000 B/s
	// buffered.peak = 100 B
	// buffered.mean = 75 B
	// latency.p99 = 0.02 s
}

func ExampleLookup() {
	m, _ := metrics.Lookup("buffered.peak.sink")
	fmt.Println(m.Name, m.Unit, m.Better)
	// Output: buffered.peak.<stage> B lower
}
