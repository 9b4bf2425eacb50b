package harness

import (
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// A live producer keeps its schedule: what the stream cannot take waits
// upstream. Faster than its consumer, the backlog peaks when the schedule
// ends, near total·(1 − consumer/producer), and grows with the rate gap.
func TestBacklogGrowsWithRateGap(t *testing.T) {
	t.Parallel()
	const total = 8 * MiB
	run := func(rate float64, objectMode bool) engine.Result {
		hwm := 16 * KiB
		if objectMode {
			hwm = 16
		}
		return mustRun(t, engine.Config{
			Producer:      engine.Producer{Rate: rate, Chunk: engine.Fixed(16 * KiB), ObjectMode: objectMode},
			Stop:          engine.Stop{Bytes: total},
			HighWaterMark: &hwm,
			Consumers:     []engine.Consumer{{Name: "sink", Rate: 10 * MiB, HighWaterMark: &hwm}},
			Strategy:      engine.StrategyPipe,
		})
	}
	var last float64
	for _, rate := range []float64{5 * MiB, 20 * MiB, 40 * MiB} {
		res := run(rate, false)
		peak, mean := metric(t, res, metrics.BacklogPeak), metric(t, res, metrics.BacklogMean)
		want := max(0, total*(1-10*MiB/rate))
		if rate <= 10*MiB {
			if peak > 16*KiB {
				t.Errorf("rate %.0f below the consumer's: backlog.peak %.0f, want at most a chunk", rate, peak)
			}
		} else if !within(peak, want, 0.05) || peak <= last || mean <= 0 || mean >= peak {
			t.Errorf("rate %.0f: backlog.peak %.0f (want ≈ %.0f, above %.0f), mean %.0f", rate, peak, want, last, mean)
		}
		last = peak
	}
	// In object mode the backlog counts objects: 512 of 16KiB, of which
	// 384 wait by the schedule's end less the two 16-object buffers'.
	res := run(40*MiB, true)
	if got := metric(t, res, metrics.BacklogPeak); got < 384-2*16-4 || got > 384 {
		t.Errorf("object mode: backlog.peak %v objects, want 348..384", got)
	}
}

// A pull producer makes a chunk when asked: nothing waits upstream, and no
// backlog is listed.
func TestBacklogAbsentForPull(t *testing.T) {
	t.Parallel()
	res := mustRun(t, engine.Config{
		Producer:  engine.Producer{Pull: true, Rate: 64 * MiB, Chunk: engine.Fixed(16 * KiB)},
		Stop:      engine.Stop{Bytes: 8 * MiB},
		Consumers: []engine.Consumer{{Name: "sink", Rate: 10 * MiB}},
		Strategy:  engine.StrategyPipe,
	})
	for _, m := range res.Metrics {
		if m.Name == metrics.BacklogPeak || m.Name == metrics.BacklogMean {
			t.Errorf("pull producer lists %s = %v", m.Name, m.Value)
		}
	}
}
