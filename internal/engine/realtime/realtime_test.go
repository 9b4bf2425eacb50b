package realtime

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/engine/sim"
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
// 6.25 ms each, 1 KiB chunks 98 µs (ten per sleep's overshoot). A loaded
// machine may wake the loop late at the very end (the one lateness that is
// not caught up): such a run must say so, and the cell is tried again, up
// to three times. Drift would fail every attempt.
func TestConsumerRateWithin2Percent(t *testing.T) {
	const rate = 10 * MiB
	for _, chunk := range []int{64 * KiB, 4 * KiB, 1 * KiB} {
		t.Run(fmt.Sprintf("chunk=%dB", chunk), func(t *testing.T) {
			for attempt := 1; ; attempt++ {
				res := mustRun(t, engine.Config{
					Producer:  engine.Producer{Rate: 4 * rate, Chunk: engine.Fixed(chunk)},
					Stop:      engine.Stop{Bytes: rate}, // 1 s at the consumer's rate
					Consumers: []engine.Consumer{{Name: "disk", Rate: rate}},
					Strategy:  engine.StrategyPipe,
				})
				got := metric(t, res, metrics.Throughput)
				t.Logf("throughput = %.0f B/s (%+.3f%%), duration %.4fs, clock.lag.max %.4fs, cpu/chunk %.2gs",
					got, 100*(got/rate-1), metric(t, res, metrics.Duration), metric(t, res, ClockLagMax), metric(t, res, CPUPerChunk))
				ok := math.Abs(got/rate-1) <= 0.02
				w := rateWarning(res)
				if !ok && w == "" {
					t.Fatalf("throughput = %.0f B/s; want %d ±2%%, or a warning that the machine could not keep up", got, rate)
				}
				if ok && w == "" {
					return
				}
				if attempt == 3 {
					t.Fatalf("throughput = %.0f B/s (%q); want %d ±2%% and no warning in one of %d attempts", got, w, rate, attempt)
				}
				t.Logf("attempt %d: %s", attempt, w)
			}
		})
	}
}

// 100 GB/s of 1-byte chunks is beyond any machine: the run takes what it
// takes, and says the rate was not achieved.
func TestImpossibleRateWarns(t *testing.T) {
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Rate: 100e9, Chunk: engine.Fixed(1)},
		Stop:      engine.Stop{Bytes: 20_000}, // 0.2 µs at 100 GB/s
		Consumers: []engine.Consumer{{Name: "c", Rate: 100e9}},
		Strategy:  engine.StrategyPipe,
	})
	if got := metric(t, res, metrics.BytesConsumed); got != 20_000 {
		t.Errorf("bytes.consumed = %v; want 20000", got)
	}
	if rateWarning(res) == "" {
		t.Errorf("warnings %q; want one saying the rate was not achieved", res.Warnings)
	}
	t.Logf("warnings %q", res.Warnings)
}

// With stop.duration, a run that cannot keep up is stopped on the wall
// soon after the duration (not when the model gets there, hours later),
// returns no error, and says why.
func TestImpossibleRateStopsOnTheWall(t *testing.T) {
	// 2e8 one-byte chunks: the model would take hours, so the warning
	// below, not the test's timeout, is what ends it.
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Rate: 1e9, Chunk: engine.Fixed(1)},
		Stop:      engine.Stop{Duration: 200 * time.Millisecond},
		Consumers: []engine.Consumer{{Name: "c", Rate: 1e9}},
		Strategy:  engine.StrategyPipe,
	})
	w := rateWarning(res)
	t.Logf("warnings %q", res.Warnings)
	if !strings.Contains(w, "stopped on the wall clock") {
		t.Errorf("warnings %q; want one saying it stopped on the wall clock", res.Warnings)
	}
	if d := metric(t, res, metrics.Duration); d < 0.2 {
		t.Errorf("duration = %vs; want at least the 0.2s it ran", d)
	}
	if got := metric(t, res, metrics.Throughput); got >= 1e9 {
		t.Errorf("throughput = %v; want below the impossible 1e9", got)
	}
}

// ignoreCell floods a slow consumer until the guard stops it.
func ignoreCell(guard int64) engine.Config {
	return engine.Config{
		Producer:    engine.Producer{Rate: 256 * MiB, Chunk: engine.Fixed(64 * KiB)},
		Stop:        engine.Stop{Bytes: 1 << 30},
		Consumers:   []engine.Consumer{{Name: "c", Rate: 1 * MiB}},
		Strategy:    engine.StrategyIgnore,
		MemoryGuard: guard,
	}
}

// Under ignore the buffered payloads are Go heap: heap.peak holds at least
// half of buffered.peak (sampling may miss the last moments) and grows with
// the guard.
func TestHeapGrowsWithBuffered(t *testing.T) {
	small := mustRun(t, ignoreCell(4*MiB))
	big := mustRun(t, ignoreCell(48*MiB))
	for _, res := range []engine.Result{small, big} {
		if !res.GuardExceeded {
			t.Fatalf("GuardExceeded = false; want true")
		}
		for _, name := range []string{metrics.HeapPeak, RSSPeak} {
			if v := metric(t, res, name); !(v > 0) {
				t.Errorf("%s = %v; want > 0", name, v)
			}
		}
	}
	hs, hb := metric(t, small, metrics.HeapPeak), metric(t, big, metrics.HeapPeak)
	bb := metric(t, big, metrics.BufferedPeak)
	t.Logf("heap.peak %.1f MiB (guard 4 MiB), %.1f MiB (guard 48 MiB, buffered.peak %.1f MiB); rss.peak %.1f, %.1f MiB; gc.count %v, %v",
		hs/MiB, hb/MiB, bb/MiB, metric(t, small, RSSPeak)/MiB, metric(t, big, RSSPeak)/MiB, metric(t, small, GCCount), metric(t, big, GCCount))
	if hb < bb/2 {
		t.Errorf("heap.peak = %v; want at least half of buffered.peak %v", hb, bb)
	}
	if hb <= hs {
		t.Errorf("heap.peak = %v with a 48 MiB guard, %v with 4 MiB; want it to grow", hb, hs)
	}
}

// Cancelling ctx while the loop sleeps toward a deadline an hour away
// returns at once (a loop that slept on would outlast the test's timeout),
// with ctx's error and what was measured.
func TestCancelReturnsPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	res, err := Engine{}.Run(ctx, engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(KiB)},
		Stop:      engine.Stop{Chunks: 100},
		Consumers: []engine.Consumer{{Name: "c", ChunkRate: 1.0 / 3600}}, // an hour per chunk
		Strategy:  engine.StrategyPipe,
	})
	if err != context.Canceled {
		t.Fatalf("Run() error = %v; want %v", err, context.Canceled)
	}
	if got := metric(t, res, metrics.ChunksProduced); got < 1 {
		t.Errorf("chunks.produced = %v; want the partial run's", got)
	}
	if d := metric(t, res, metrics.Duration); d > 5 {
		t.Errorf("duration = %vs; want the wall time until the cancel", d)
	}
	if _, ok := res.Metrics.Get(metrics.HeapPeak); !ok {
		t.Error("heap.peak missing from a cancelled run")
	}
}

// A Result has sim's metrics in sim's order, heap.peak at its catalog place
// and Extra's names at the end, for every strategy, in byte and object
// mode; and every byte arrives (real payloads through read() and concat).
func TestSameMetricsAsSim(t *testing.T) {
	for _, s := range engine.Strategies {
		for _, obj := range []bool{false, true} {
			t.Run(fmt.Sprintf("strategy=%s/object=%v", s, obj), func(t *testing.T) {
				cfg := engine.Config{
					Producer: engine.Producer{Rate: 200 * MiB, ObjectMode: obj,
						Chunk: engine.Uniform{MinSize: 100, MaxSize: 20 * KiB}},
					Stop:   engine.Stop{Bytes: 1 * MiB},
					Stages: []engine.Stage{{Name: "gzip", CostPerByte: 2}},
					Consumers: []engine.Consumer{
						{Name: "x", Rate: 100 * MiB, Jitter: 0.2},
						{Name: "y", Latency: 50 * time.Microsecond},
					},
					Strategy:    s,
					MemoryGuard: 1 << 30,
					Seed:        3,
				}
				want, err := sim.Engine{}.Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				res := mustRun(t, cfg)
				if got := metric(t, res, metrics.BytesConsumed); got != 1*MiB {
					t.Errorf("bytes.consumed = %v; want %d", got, 1*MiB)
				}
				wantM := insert(want.Metrics, metrics.Metric{Name: metrics.HeapPeak})
				for _, d := range Extra {
					wantM = append(wantM, metrics.Metric{Name: d.Name})
				}
				var names, wantNames []string
				for _, m := range res.Metrics {
					names = append(names, m.Name)
				}
				for _, m := range wantM {
					wantNames = append(wantNames, m.Name)
				}
				if fmt.Sprint(names) != fmt.Sprint(wantNames) {
					t.Errorf("metric names\n %v\nwant\n %v", names, wantNames)
				}
			})
		}
	}
}
