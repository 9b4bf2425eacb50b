package metrics

import (
	"slices"
	"testing"
	"time"
)

func TestRecorderSeveralConsumers(t *testing.T) {
	t.Parallel()
	r := New(Config{Consumers: []string{"fast", "slow"}})
	r.ConsumerBusy(0, 0)
	r.ConsumerIdle(ms, 0)
	r.ConsumerBusy(0, 1)
	r.ConsumerIdle(4*ms, 1)
	r.ConsumerIdle(5*ms, 1) // already idle: ignored
	res := r.Finish(4 * ms)
	var names []string
	for _, m := range res.Metrics {
		names = append(names, m.Name)
	}
	for name, w := range map[string]float64{
		"consumer.busy.fast": 0.25,
		"consumer.busy.slow": 1,
		ConsumerBusy:         0.625,
	} {
		if got, ok := res.Metrics.Get(name); !ok || !closeTo(got, w) {
			t.Errorf("%s = %v (present %v); want %v", name, got, ok, w)
		}
	}
	if i := slices.Index(names, ConsumerBusy); i < 0 || names[i+1] != "consumer.busy.fast" || names[i+2] != "consumer.busy.slow" {
		t.Errorf("names = %q; want consumer.busy then .fast, .slow", names)
	}
}

func TestRecorderHeapPeakOnlyWhenSampled(t *testing.T) {
	t.Parallel()
	if res := New(Config{}).Finish(time.Second); hasKey(res.Metrics.Map(), HeapPeak) {
		t.Error("heap.peak present without samples")
	}
	r := New(Config{})
	r.HeapSample(300)
	r.HeapSample(700)
	r.HeapSample(500)
	if got := r.Finish(time.Second).Metrics.Map()[HeapPeak]; got != 700 {
		t.Errorf("heap.peak = %v; want 700", got)
	}
}

func hasKey(m map[string]float64, k string) bool { _, ok := m[k]; return ok }

func TestRecorderGuard(t *testing.T) {
	t.Parallel()
	r := New(Config{})
	if r.Finish(ms).GuardExceeded {
		t.Error("GuardExceeded without a call")
	}
	r = New(Config{})
	r.GuardExceeded()
	if !r.Finish(ms).GuardExceeded {
		t.Error("GuardExceeded not set")
	}
}

func TestProducerIntervals(t *testing.T) {
	t.Parallel()
	r := New(Config{})
	r.Pause() // a 'pause' event is counted, not timed
	r.ProducerStalled(ms, 2*ms)
	r.ProducerStalled(2*ms, 2*ms) // empty: ignored
	r.ProducerPaused(3 * ms)
	r.ProducerResumed(5 * ms)
	r.ProducerStalled(4*ms, 6*ms) // overlaps the previous: starts at 5 ms
	r.ProducerPaused(9 * ms)      // still blocked at the end
	res := r.Finish(10 * ms)
	m := res.Metrics.Map()
	if m[Pauses] != 1 || !closeTo(m[ProducerStalled], 0.5) {
		t.Errorf("pauses %v, producer.stalled %v; want 1, 0.5", m[Pauses], m[ProducerStalled])
	}
	want := []Interval{{ms, 2 * ms}, {3 * ms, 6 * ms}, {9 * ms, 10 * ms}}
	if !slices.Equal(res.Paused, want) {
		t.Errorf("Paused = %v; want %v", res.Paused, want)
	}
}

func TestCounters(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}})
	for range 3 {
		r.Produced(10)
		r.WriteFalse()
	}
	r.Consumed(10)
	r.Drain()
	r.AddBuffered(ms, 0, 20)
	if r.Buffered(0) != 20 {
		t.Errorf("Buffered(0) = %d; want 20", r.Buffered(0))
	}
	m := r.Finish(time.Second).Metrics.Map()
	for name, want := range map[string]float64{
		ChunksProduced: 3, BytesProduced: 30, ChunksConsumed: 1, BytesConsumed: 10,
		WritesFalse: 3, Drains: 1, Throughput: 10, ThroughputChunks: 1,
	} {
		if m[name] != want {
			t.Errorf("%s = %v; want %v", name, m[name], want)
		}
	}
}
