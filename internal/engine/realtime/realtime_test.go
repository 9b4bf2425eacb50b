package realtime

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

const (
	KiB = 1 << 10
	MiB = 1 << 20
)

// The tests of this file run one at a time (no t.Parallel): they measure
// the process's heap and the wall clock, and the machine may have 2 cores.
// None asserts speed: rates are paced against deadlines, and where a bound
// on time appears it is tens of times what is needed.

func mustRun(t *testing.T, cfg engine.Config) engine.Result {
	t.Helper()
	res, err := Engine{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	return res
}

func metric(t *testing.T, res engine.Result, name string) float64 {
	t.Helper()
	v, ok := res.Metrics.Get(name)
	if !ok {
		t.Fatalf("metric %s missing from %v", name, res.Metrics)
	}
	return v
}

// rateWarning returns the warning that says a rate was not achieved.
func rateWarning(res engine.Result) string {
	for _, w := range res.Warnings {
		if strings.Contains(w, "rate not achieved") {
			return w
		}
	}
	return ""
}

// A consumer at 10 MiB/s, fed by a faster producer for 1 s of wall time,
// achieves 10 MiB/s within 2%, whatever the chunk size: 64 KiB chunks take
// 6.25 ms each, 1 KiB chunks 98 µs (ten per sleep's overshoot).
func TestConsumerRateWithin2Percent(t *testing.T) {
	const rate = 10 * MiB
	for _, chunk := range []int{64 * KiB, 4 * KiB, 1 * KiB} {
		t.Run(fmt.Sprintf("chunk=%dB", chunk), func(t *testing.T) {
			res := mustRun(t, engine.Config{
				Producer:  engine.Producer{Rate: 4 * rate, Chunk: engine.Fixed(chunk)},
				Stop:      engine.Stop{Bytes: rate}, // 1 s at the consumer's rate
				Consumers: []engine.Consumer{{Name: "disk", Rate: rate}},
				Strategy:  engine.StrategyPipe,
			})
			got := metric(t, res, metrics.Throughput)
			t.Logf("throughput = %.0f B/s (%+.3f%%), duration %.4fs, clock.lag.max %.4fs, cpu/chunk %.2gs",
				got, 100*(got/rate-1), metric(t, res, metrics.Duration), metric(t, res, ClockLagMax), metric(t, res, CPUPerChunk))
			if math.Abs(got/rate-1) > 0.02 {
				t.Errorf("throughput = %.0f B/s; want %d ±2%% (warnings %q)", got, rate, res.Warnings)
			}
			if w := rateWarning(res); w != "" {
				t.Errorf("warning %q for a rate within reach", w)
			}
		})
	}
}
