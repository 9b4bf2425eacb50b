package metrics

import (
	"testing"
	"time"
)

func TestBacklogPeakAndMean(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	r := New(Config{Stages: []string{"s"}})
	// Chunks of 10 bytes ready every 1ms, pushed every 2ms: the k-th
	// (from 0) waits k ms. At 3ms chunks 0..3 were made ready, 0 and 1
	// pushed (at 0 and 2ms): 20 bytes wait, the most while ready runs.
	for k := range 4 {
		r.Waited(time.Duration(k)*ms, time.Duration(2*k)*ms, 10)
	}
	res := r.Finish(8 * ms)
	m := res.Metrics.Map()
	if got := m[BacklogPeak]; got != 20 {
		t.Errorf("backlog.peak = %v; want 20", got)
	}
	// Area: 10·(0+1+2+3) ms over 8 ms.
	if got := m[BacklogMean]; got != 7.5 {
		t.Errorf("backlog.mean = %v; want 7.5", got)
	}
}

func TestBacklogAbsentWithoutSchedule(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}})
	m := r.Finish(time.Second).Metrics.Map()
	if _, ok := m[BacklogPeak]; ok {
		t.Error("backlog.peak listed for a producer that never waited")
	}
}

func TestBacklogNoWaitIsZero(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}})
	for k := range 100 {
		r.Waited(time.Duration(k), time.Duration(k), 7)
	}
	m := r.Finish(time.Second).Metrics.Map()
	if m[BacklogPeak] != 0 || m[BacklogMean] != 0 {
		t.Errorf("backlog = %v, %v; want 0, 0", m[BacklogPeak], m[BacklogMean])
	}
}
