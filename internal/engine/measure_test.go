package engine

import (
	"testing"
	"time"
)

func TestRecorderStepFunction(t *testing.T) {
	t.Parallel()
	r := NewRecorder(RecorderConfig{Stages: []string{"a", "b"}})
	// a: 0 on [0,1), 10 on [1,3), 0 after; b: 5 on [2,4).
	r.SetBuffered(1, 0, 10)
	r.SetBuffered(2, 1, 5)
	r.SetBuffered(3, 0, 100) // a transient: replaced at the same instant
	r.SetBuffered(3, 0, 0)
	r.SetBuffered(4, 1, 0)
	res := r.Finish(4)
	want := map[string]float64{
		BufferedPeak:        15,
		BufferedPeak + ".a": 10,
		BufferedPeak + ".b": 5,
		BufferedMean:        (10*2 + 5*2) / 4.0,
		BufferedMean + ".a": 20 / 4.0,
		BufferedMean + ".b": 10 / 4.0,
		Duration:            4e-9,
	}
	for name, w := range want {
		if got, _ := res.Metrics.Get(name); got != w {
			t.Errorf("%s = %v; want %v", name, got, w)
		}
	}
	wantTL := []Point{{0, 0}, {1, 10}, {2, 15}, {3, 5}, {4, 0}}
	if len(res.Timeline) != len(wantTL) {
		t.Fatalf("timeline = %v; want %v", res.Timeline, wantTL)
	}
	for i := range wantTL {
		if res.Timeline[i] != wantTL[i] {
			t.Errorf("timeline[%d] = %v; want %v", i, res.Timeline[i], wantTL[i])
		}
	}
}

func TestRecorderCountersAndFractions(t *testing.T) {
	t.Parallel()
	r := NewRecorder(RecorderConfig{Stages: []string{"p"}, Consumers: []string{"x", "y"}})
	for range 3 {
		r.Produced(100)
		r.Consumed(100)
		r.Latency(time.Second)
	}
	r.WriteFalse()
	r.Drain()
	r.Pause()
	r.Pause()
	r.ProducerStalled(time.Second, 2*time.Second)
	r.ProducerStalled(2*time.Second, 3*time.Second) // touches: merged
	r.ProducerStalled(5*time.Second, 5*time.Second) // empty: dropped
	r.ConsumerBusy(0, 0)
	r.ConsumerIdle(4*time.Second, 0)
	r.ConsumerBusy(6*time.Second, 1) // still busy at the end
	res := r.Finish(8 * time.Second)
	want := []Metric{
		{Throughput, 300 / 8.0}, {ThroughputChunks, 3 / 8.0},
		{LatencyP50, 1}, {LatencyMax, 1}, {LatencyMean, 1},
		{WritesFalse, 1}, {Drains, 1}, {Pauses, 2},
		{ProducerStalled, 2 / 8.0},
		{ConsumerBusy, (4/8.0 + 2/8.0) / 2}, {ConsumerBusy + ".x", 0.5}, {ConsumerBusy + ".y", 0.25},
		{Duration, 8}, {ChunksProduced, 3}, {BytesProduced, 300}, {ChunksConsumed, 3}, {BytesConsumed, 300},
	}
	for _, w := range want {
		if got, ok := res.Metrics.Get(w.Name); !ok || got != w.Value {
			t.Errorf("%s = %v (present %v); want %v", w.Name, got, ok, w.Value)
		}
	}
	if len(res.Paused) != 1 || res.Paused[0] != (Interval{time.Second, 3 * time.Second}) {
		t.Errorf("Paused = %v; want [[1s 3s]]", res.Paused)
	}
}

// The metric list is in report order and has every DESIGN.md name.
func TestRecorderOrder(t *testing.T) {
	t.Parallel()
	res := NewRecorder(RecorderConfig{Stages: []string{"producer", "sink"}}).Finish(time.Second)
	var names []string
	for _, m := range res.Metrics {
		names = append(names, m.Name)
	}
	want := []string{Throughput, ThroughputChunks, BufferedPeak, "buffered.peak.producer", "buffered.peak.sink",
		BufferedMean, "buffered.mean.producer", "buffered.mean.sink", LatencyP50, LatencyP90, LatencyP99, LatencyMax,
		LatencyMean, WritesFalse, Drains, Pauses, ProducerStalled, ConsumerBusy, Duration, ChunksProduced,
		BytesProduced, ChunksConsumed, BytesConsumed}
	if len(names) != len(want) {
		t.Fatalf("names = %v;\nwant %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("metric %d = %s; want %s", i, names[i], want[i])
		}
	}
}

func TestRecorderZeroDuration(t *testing.T) {
	t.Parallel()
	r := NewRecorder(RecorderConfig{Stages: []string{"a"}})
	r.Consumed(10)
	res := r.Finish(0)
	if got, _ := res.Metrics.Get(Throughput); got != 0 {
		t.Errorf("throughput = %v; want 0", got)
	}
	if len(res.Warnings) == 0 {
		t.Error("no warning for a zero duration")
	}
}
