package metrics

import "time"

// Test helpers: ways to drive a Recorder that no engine uses (the engines
// call SetBuffered and ProducerStalled).

// Buffered returns the bytes stage holds now, as last set.
func (r *Recorder) Buffered(stage int) int64 { return r.stages[stage].cur }

// ProducerPaused records that the producer became blocked by backpressure at
// t: it has a chunk ready and cannot hand it over. Calling it while already
// blocked does nothing. The blocked time is producer.stalled; the intervals
// are Result.Paused.
func (r *Recorder) ProducerPaused(t time.Duration) {
	if r.producerPaused {
		return
	}
	if t < r.lastProducer {
		t = r.forward(r.lastProducer)
	}
	r.producerPaused, r.pausedSince, r.lastProducer = true, t, t
}

// AddBuffered records that stage's buffered bytes change by delta at time t:
// SetBuffered with the current size plus delta.
func (r *Recorder) AddBuffered(t time.Duration, stage int, delta int64) {
	r.SetBuffered(t, stage, r.stages[stage].cur+delta)
}
