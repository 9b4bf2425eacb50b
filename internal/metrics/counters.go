package metrics

import (
	"fmt"
	"time"
)

// Latency records one chunk's latency: from the time the producer wanted to
// send it (not when it managed to, so a stalled producer shows here) to the
// time every consumer had finished it. Negative latencies count as 0.
func (r *Recorder) Latency(d time.Duration) { r.lat.record(d) }

// Produced counts one chunk of bytes sent by the producer.
func (r *Recorder) Produced(bytes int64) {
	r.chunksProduced++
	r.bytesProduced += bytes
}

// Consumed counts one chunk of bytes that every consumer has finished (with
// several consumers, the engine calls it once the slowest is done), so
// throughput is the rate at which data got all the way through.
func (r *Recorder) Consumed(bytes int64) {
	r.chunksConsumed++
	r.bytesConsumed += bytes
}

// ConsumedWithLatency is Consumed(bytes) followed by Latency(d): the per-chunk
// call of an engine that knows both when the chunk gets through, in one call
// rather than two. Its common case, a latency within the range already seen
// (and below the histogram's highest), skips record's bound checks.
func (r *Recorder) ConsumedWithLatency(bytes int64, d time.Duration) {
	r.chunksConsumed++
	r.bytesConsumed += bytes
	if l := r.lat; l.min <= d && d <= l.top {
		l.within(d)
	} else {
		l.record(d)
	}
}

// WriteFalse counts one call to write() that returned false.
func (r *Recorder) WriteFalse() { r.writesFalse++ }

// AddWritesFalse counts n write() calls that returned false at once (an
// engine that reads a stream's own count at the end).
func (r *Recorder) AddWritesFalse(n int64) { r.writesFalse += n }

// Drain counts one 'drain' event.
func (r *Recorder) Drain() { r.drains++ }

// Pause counts one 'pause' of the producer's stream (by pipe, or by a manual
// strategy on write() == false).
func (r *Recorder) Pause() { r.pauses++ }

// ProducerResumed records that the producer could hand over its chunk at t.
// Calling it while not blocked does nothing.
func (r *Recorder) ProducerResumed(t time.Duration) {
	if !r.producerPaused {
		return
	}
	r.producerPaused = false
	r.ProducerStalled(r.pausedSince, t)
}

// ProducerStalled records that the producer was blocked over [from, to): the
// same as ProducerPaused(from) and ProducerResumed(to), for engines that know
// the interval when it ends. Intervals come in time order and do not
// overlap; an empty one is ignored.
func (r *Recorder) ProducerStalled(from, to time.Duration) {
	if to <= from && from >= r.lastProducer {
		return // empty and in order: the common case, inlined
	}
	r.producerStalled(from, to)
}

// producerStalled is ProducerStalled past its fast path.
func (r *Recorder) producerStalled(from, to time.Duration) {
	if from < r.lastProducer {
		from = r.forward(r.lastProducer)
	}
	if to <= from {
		return
	}
	r.lastProducer = to
	r.stalled += to - from
	if r.paused != nil {
		r.paused.add(Interval{from, to})
	}
}

// ConsumerBusy records that consumer c started working at t. Calling it while
// c is busy does nothing.
func (r *Recorder) ConsumerBusy(t time.Duration, c int) {
	k := &r.consumers[c]
	if k.busy {
		return
	}
	if t < k.last {
		t = r.forward(k.last)
	}
	k.busy, k.since, k.last = true, t, t
}

// ConsumerIdle records that consumer c stopped working at t. Calling it while
// c is idle does nothing.
func (r *Recorder) ConsumerIdle(t time.Duration, c int) {
	k := &r.consumers[c]
	if !k.busy {
		return
	}
	if t < k.since {
		t = r.forward(k.since)
	}
	k.busy, k.last = false, t
	k.busyTotal += t - k.since
}

// ConsumerDone records that consumer c finished a chunk of bytes at t (one
// call per chunk its _write received). With it, a Result has
// chunks.received and, with several consumers, consumer.throughput.<c>
// and chunks.received.<c>.
func (r *Recorder) ConsumerDone(t time.Duration, c int, bytes int64) {
	k := &r.consumers[c]
	k.received++
	k.bytes += bytes
	k.done = max(k.done, t)
	r.received = true
}

// HeapSample records the heap in use, in bytes; heap.peak is the largest
// sample. Engines without a real heap (sim) never call it, and their results
// have no heap.peak.
func (r *Recorder) HeapSample(bytes int64) {
	if !r.heapSet || bytes > r.heapPeak {
		r.heapPeak, r.heapSet = bytes, true
	}
}

// GuardExceeded marks the run as stopped by the memory guard
// (Result.GuardExceeded).
func (r *Recorder) GuardExceeded() { r.guard = true }

// Warn adds a non-fatal problem to Result.Warnings. It allocates: it is for
// rare events, not the hot path.
func (r *Recorder) Warn(format string, a ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, a...))
}
