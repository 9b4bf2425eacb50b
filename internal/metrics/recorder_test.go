package metrics

import (
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
)

const ms = time.Millisecond

// closeTo reports whether got is within a relative 1e-12 of want.
func closeTo(got, want float64) bool {
	return got == want || math.Abs(got-want) <= 1e-12*math.Max(math.Abs(got), math.Abs(want))
}

// TestRecorderArithmetic drives a small hand-computed run: a producer sends
// ten 100-byte chunks at t=0..9ms into a source stage; a consumer takes each
// one 1ms after it arrived and spends 2ms on it.
func TestRecorderArithmetic(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"source", "sink"}})
	for k := range 13 {
		at := time.Duration(k) * ms
		if i := k - 3; i >= 0 && i < 10 { // chunk i leaves the sink, consumed
			r.AddBuffered(at, 1, -100)
			r.Consumed(100)
			r.Latency(3 * ms)
		}
		if i := k - 1; i >= 0 && i < 10 { // chunk i moves from source to sink
			// Sink first: the same-instant double count must not show.
			r.AddBuffered(at, 1, 100)
			r.AddBuffered(at, 0, -100)
			if i == 0 {
				r.ConsumerBusy(at, 0)
			}
		}
		if k < 10 { // chunk k arrives
			r.Produced(100)
			r.AddBuffered(at, 0, 100)
		}
	}
	r.WriteFalse()
	r.Drain()
	r.Pause()
	r.Pause()
	r.ProducerPaused(2 * ms)
	r.ProducerPaused(3 * ms) // already paused: ignored
	r.ProducerResumed(4 * ms)
	r.ProducerResumed(5 * ms) // not paused: ignored
	r.ProducerStalled(6*ms, 8*ms)
	r.ProducerPaused(8 * ms) // touching: joined in Paused
	// ConsumerIdle never called: busy until the end.
	res := r.Finish(20 * ms)

	want := map[string]float64{
		Duration:         0.020,
		Throughput:       1000 / 0.020,
		ThroughputChunks: 10 / 0.020,
		BytesConsumed:    1000, ChunksConsumed: 10,
		BytesProduced: 1000, ChunksProduced: 10,
		// source holds 100 B for 1 ms per chunk: 10*100*1ms / 20ms.
		"buffered.mean.source": 50,
		"buffered.peak.source": 100,
		// sink holds each chunk 2 ms; overlapping chunks reach 200 B.
		"buffered.mean.sink": 100,
		"buffered.peak.sink": 200,
		BufferedMean:         150,
		BufferedPeak:         300,
		LatencyP50:           0.003, LatencyP90: 0.003, LatencyP99: 0.003, LatencyMax: 0.003, LatencyMean: 0.003,
		WritesFalse: 1, Drains: 1, Pauses: 2,
		// paused 2..4 ms and 6..20 ms.
		ProducerStalled: 16.0 / 20,
		// busy from 1 ms to the end.
		ConsumerBusy: 19.0 / 20,
	}
	for name, w := range want {
		if got, ok := res.Metrics.Map()[name]; !ok || !closeTo(got, w) {
			t.Errorf("%s = %v (present %v); want %v", name, got, ok, w)
		}
	}
	for name := range res.Metrics.Map() {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected metric %s = %v", name, res.Metrics.Map()[name])
		}
	}
	if want := []Interval{{2 * ms, 4 * ms}, {6 * ms, 20 * ms}}; !slices.Equal(res.Paused, want) {
		t.Errorf("Paused = %v; want %v", res.Paused, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("Warnings = %q; want none", res.Warnings)
	}
}

func TestRecorderTimelineHasNoTransients(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"a", "b"}})
	r.SetBuffered(1*ms, 0, 10)
	r.SetBuffered(2*ms, 1, 10) // transient total 20
	r.SetBuffered(2*ms, 0, 0)
	r.SetBuffered(3*ms, 1, 0)
	res := r.Finish(4 * ms)
	// Corners that do not change the value are skipped; the end is kept.
	want := []Point{{0, 0}, {1 * ms, 10}, {3 * ms, 0}, {4 * ms, 0}}
	if !slices.Equal(res.Timeline, want) {
		t.Errorf("Timeline = %v; want %v", res.Timeline, want)
	}
	if res.Metrics.Map()[BufferedPeak] != 10 {
		t.Errorf("buffered.peak = %v; want 10", res.Metrics.Map()[BufferedPeak])
	}
}

func TestRecorderZeroDurationIsNaNFree(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}})
	r.SetBuffered(0, 0, 5)
	r.Consumed(5)
	r.Latency(0)
	res := r.Finish(0)
	for name, v := range res.Metrics.Map() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s = %v", name, v)
		}
	}
	if res.Metrics.Map()[BufferedPeak] != 5 {
		t.Errorf("buffered.peak = %v; want 5", res.Metrics.Map()[BufferedPeak])
	}
}

func TestRecorderWarnings(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}, LatencyMax: time.Second})
	r.SetBuffered(1*ms, 0, 10)
	r.SetBuffered(3*ms, 0, 20)
	r.SetBuffered(2*ms, 0, -3) // backwards and negative: 0 at 3 ms, replacing 20
	r.Latency(-1)
	r.Latency(2 * time.Second)
	r.Warn("engine: %s", "custom")
	res := r.Finish(ms) // before the last event: taken as 3 ms
	if d, _ := res.Metrics.Get(Duration); d != 0.003 {
		t.Errorf("duration = %v; want 0.003", d)
	}
	if len(res.Warnings) != 5 || res.Warnings[0] != "engine: custom" {
		t.Errorf("Warnings = %q; want 5 (custom, backwards, negative size, negative latency, clamped)", res.Warnings)
	}
	if res.Metrics.Map()[BufferedPeak] != 10 || !closeTo(res.Metrics.Map()[BufferedMean], 20.0/3) {
		t.Errorf("peak, mean = %v, %v; want 10, 6.67", res.Metrics.Map()[BufferedPeak], res.Metrics.Map()[BufferedMean])
	}
	if empty := New(Config{}).Finish(ms); len(empty.Warnings) != 1 || hasKey(empty.Metrics.Map(), LatencyP50) {
		t.Errorf("no latencies: warnings %q, p50 present %v; want one warning, absent", empty.Warnings, hasKey(empty.Metrics.Map(), LatencyP50))
	}
}

func TestRecorderFinishTwice(t *testing.T) {
	t.Parallel()
	r := New(Config{})
	r.Consumed(1)
	a, b := r.Finish(time.Second), r.Finish(2*time.Second)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("second Finish = %v; want the first %v", b, a)
	}
}

func TestRecorderTimelineDisabled(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}, TimelinePoints: -1})
	r.SetBuffered(ms, 0, 1)
	r.ProducerPaused(ms)
	res := r.Finish(2 * ms)
	if res.Timeline != nil || res.Paused != nil {
		t.Errorf("Timeline %v, Paused %v; want none", res.Timeline, res.Paused)
	}
	if res.Metrics.Map()[ProducerStalled] != 0.5 {
		t.Errorf("producer.stalled = %v; want 0.5", res.Metrics.Map()[ProducerStalled])
	}
}

func TestRecordingMethodsDoNotAllocate(t *testing.T) {
	r := New(Config{Stages: []string{"source", "sink"}, Consumers: []string{"a", "b"}})
	var tm time.Duration
	allocs := testing.AllocsPerRun(100_000, func() {
		tm += time.Microsecond
		r.Produced(64)
		r.AddBuffered(tm, 0, 64)
		r.SetBuffered(tm, 1, int64(tm%4096))
		r.AddBuffered(tm, 0, -64)
		r.WriteFalse()
		r.Pause()
		r.ProducerStalled(tm, tm+1)
		r.ProducerPaused(tm + 1)
		r.ProducerResumed(tm + 1)
		r.Drain()
		r.ConsumerBusy(tm, 1)
		r.ConsumerIdle(tm+1, 1)
		r.Consumed(64)
		r.Latency(tm)
		r.HeapSample(int64(tm))
	})
	if allocs != 0 {
		t.Errorf("%v allocs per call sequence; want 0", allocs)
	}
}

// BenchmarkChunk is the per-chunk cost of a typical engine: a chunk moves
// through two stages and is consumed.
func BenchmarkChunk(b *testing.B) {
	r := New(Config{Stages: []string{"source", "sink"}})
	var tm time.Duration
	b.ReportAllocs()
	for b.Loop() {
		tm += 100
		r.Produced(4096)
		r.AddBuffered(tm, 0, 4096)
		r.AddBuffered(tm+50, 0, -4096)
		r.AddBuffered(tm+50, 1, 4096)
		r.AddBuffered(tm+100, 1, -4096)
		r.Consumed(4096)
		r.Latency(100)
	}
}

func BenchmarkSetBuffered(b *testing.B) {
	r := New(Config{Stages: []string{"source"}})
	var tm time.Duration
	b.ReportAllocs()
	for b.Loop() {
		tm += 7
		r.SetBuffered(tm, 0, int64(tm&0xffff))
	}
}
