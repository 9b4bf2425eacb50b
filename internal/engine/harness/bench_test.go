package harness

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// BenchmarkSimUpload times whole cells through pipe into a slow consumer.
// One op is one cell; chunks/s is the simulation speed (chunks simulated per
// second of wall time, on one core), sim-s/op the virtual time simulated.
//
//	go test ./internal/engine/sim -run '^$' -bench SimUpload -benchmem
func BenchmarkSimUpload(b *testing.B) {
	cases := []struct {
		name string
		cfg  engine.Config
	}{
		// The tutorial's large upload over a slow network: 10 GiB in 64 KiB
		// chunks into 100 MiB/s (163,840 chunks, 102.4 s simulated).
		{"case=upload/bytes=10GiB/chunk=64KiB", engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(64 * KiB)},
			Stop:      engine.Stop{Bytes: 10 << 30},
			Consumers: []engine.Consumer{{Name: "net", Rate: 100 * MiB}},
			Strategy:  engine.StrategyPipe,
		}},
		// Small chunks: 1M chunks of 64 B into a 1 MiB/s consumer, every
		// chunk a timer.
		{"case=small/chunks=1M/chunk=64B", engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(64)},
			Stop:      engine.Stop{Chunks: 1 << 20},
			Consumers: []engine.Consumer{{Name: "slow", Rate: 1 * MiB}},
			Strategy:  engine.StrategyPipe,
		}},
	}
	// The same small-chunk case with a calibration: the cost model's own
	// price (go test -bench 'SimUpload/case=small').
	cases = append(cases, struct {
		name string
		cfg  engine.Config
	}{"case=small-calibrated/chunks=1M/chunk=64B", cases[1].cfg})
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var costs *engine.Costs
			if strings.Contains(c.name, "calibrated") {
				costs = testCosts()
			}
			var res engine.Result
			for b.Loop() {
				var err error
				res, err = Engine{Costs: costs}.Run(context.Background(), c.cfg)
				if err != nil {
					b.Fatal(err)
				}
			}
			chunks, _ := res.Metrics.Get(metrics.ChunksConsumed)
			bytes, _ := res.Metrics.Get(metrics.BytesConsumed)
			if want := float64(c.cfg.Stop.Chunks); want > 0 && chunks != want {
				b.Fatalf("chunks.consumed = %v; want %v", chunks, want)
			}
			if want := float64(c.cfg.Stop.Bytes); want > 0 && bytes != want {
				b.Fatalf("bytes.consumed = %v; want %v", bytes, want)
			}
			sim, _ := res.Metrics.Get(metrics.Duration)
			b.ReportMetric(chunks*float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
			b.ReportMetric(sim, "sim-s/op")
			peak, _ := res.Metrics.Get(metrics.BufferedPeak)
			b.ReportMetric(peak, "peak-buffered-B")
		})
	}
}

// BenchmarkBareStream is the floor under the small-chunk case: the same
// pipe, chunks and consumer timers on internal/stream alone, with nothing
// measured. The difference with BenchmarkSimUpload/case=small is the
// engine's own cost.
func BenchmarkBareStream(b *testing.B) {
	const chunks = 1 << 20
	for b.Loop() {
		l := stream.NewLoop(&stream.VirtualClock{}, stream.Node22)
		n := 0
		src := l.NewReadable("producer", stream.Options{Read: func(s *stream.Stream, _ int) {
			if n < chunks {
				n++
				s.Push(stream.Sized(64))
			} else {
				s.PushEOF()
			}
		}})
		var cb func(error)
		timer := l.NewTimer(func() { c := cb; cb = nil; c(nil) })
		dst := l.NewWritable("slow", stream.Options{Write: func(_ *stream.Stream, _ stream.Chunk, _ string, done func(error)) {
			cb = done
			timer.Reset(61035 * time.Nanosecond) // 64 B at 1 MiB/s
		}})
		src.Pipe(dst, stream.PipeOptions{})
		l.Run(nil)
	}
	b.ReportMetric(chunks*float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
}
