package engine

import (
	"fmt"
	"math/bits"
	"time"
)

// RecorderConfig names what a Recorder measures.
type RecorderConfig struct {
	// Stages names the buffering stages in pipeline order; stage i of
	// SetBuffered is Stages[i].
	Stages []string
	// Consumers names the consumers; consumer c of ConsumerBusy and
	// ConsumerIdle is Consumers[c]. Empty means one consumer.
	Consumers []string
	// TimelinePoints bounds Result.Timeline (Result.Paused at half of it):
	// 0 means DefaultTimelinePoints, a negative value records neither.
	TimelinePoints int
}

// Recorder collects one run's measurements and turns them into a Result.
// Times are durations since the run started; they must not go backwards
// for SetBuffered and ConsumerBusy/Idle of one consumer. Every recording
// method is O(1) amortised and allocation-free once warm. A Recorder is not
// safe for concurrent use.
//
// It has the shape of internal/metrics' Recorder (SetBuffered, Latency,
// counters, Finish), which will replace it.
type Recorder struct {
	names     []string
	stages    []step
	total     step
	consNames []string
	cons      []busy
	lat       Histogram
	timeline  *timeline
	paused    *intervals

	chunksProduced, bytesProduced int64
	chunksConsumed, bytesConsumed int64
	writesFalse, drains, pauses   int64
	stalled                       time.Duration
	cornered                      bool
	lastCorner                    int64
	guard                         bool
	warnings                      []string
}

// step is a step function of time: peak and exact area (128-bit).
type step struct {
	cur, peak int64
	since     time.Duration
	area      [2]uint64
}

// set makes v the value from t on. Several sets at one instant count as
// one: only the last value counts for the peak. It reports whether the
// previous instant was committed (time moved on).
func (s *step) set(t time.Duration, v int64) bool {
	moved := t != s.since
	if moved {
		s.commit(t)
	}
	s.cur = v
	return moved
}

func (s *step) commit(t time.Duration) {
	s.peak = max(s.peak, s.cur)
	if dt := t - s.since; dt > 0 && s.cur > 0 {
		hi, lo := bits.Mul64(uint64(s.cur), uint64(dt))
		var c uint64
		s.area[0], c = bits.Add64(s.area[0], lo, 0)
		s.area[1] += hi + c
	}
	s.since = t
}

// mean returns the time-weighted mean over [0, end] (after commit(end)).
func (s *step) mean(end time.Duration) float64 {
	if end <= 0 {
		return float64(s.cur)
	}
	return (float64(s.area[1])*0x1p64 + float64(s.area[0])) / float64(end)
}

type busy struct {
	on    bool
	since time.Duration
	total time.Duration
}

// NewRecorder returns a Recorder for cfg's stages and consumers.
func NewRecorder(cfg RecorderConfig) *Recorder {
	cons := cfg.Consumers
	if len(cons) == 0 {
		cons = []string{"consumer"}
	}
	r := &Recorder{
		names:     append([]string(nil), cfg.Stages...),
		stages:    make([]step, len(cfg.Stages)),
		consNames: append([]string(nil), cons...),
		cons:      make([]busy, len(cons)),
	}
	if n := cfg.TimelinePoints; n >= 0 {
		if n == 0 {
			n = DefaultTimelinePoints
		}
		r.timeline = newTimeline(n)
		r.paused = newIntervals(n / 2)
	}
	return r
}

// SetBuffered records that from t on, stage holds n bytes. Changes at the
// same t are one step: the last one counts.
func (r *Recorder) SetBuffered(t time.Duration, stage int, n int64) {
	s := &r.stages[stage]
	old := s.cur
	s.set(t, n)
	prev, prevT := r.total.cur, r.total.since
	if r.total.set(t, prev-old+n) {
		r.corner(Point{prevT, prev})
	}
}

// corner hands a committed instant of the total to the timeline, skipping
// instants that did not change the value.
func (r *Recorder) corner(p Point) {
	if r.timeline == nil || (r.cornered && p.Bytes == r.lastCorner) {
		return
	}
	r.cornered, r.lastCorner = true, p.Bytes
	r.timeline.add(p)
}

// Latency records one chunk's latency.
func (r *Recorder) Latency(d time.Duration) { r.lat.Record(d) }

// Produced counts one chunk of n bytes sent by the producer.
func (r *Recorder) Produced(n int64) { r.chunksProduced++; r.bytesProduced += n }

// Consumed counts one chunk of n bytes that every consumer has finished.
func (r *Recorder) Consumed(n int64) { r.chunksConsumed++; r.bytesConsumed += n }

// WriteFalse counts a write() that returned false.
func (r *Recorder) WriteFalse() { r.writesFalse++ }

// Drain counts a 'drain' event.
func (r *Recorder) Drain() { r.drains++ }

// Pause counts a 'pause' event of the producer.
func (r *Recorder) Pause() { r.pauses++ }

// ProducerStalled records that the producer was blocked over [from, to).
// Intervals come in time order.
func (r *Recorder) ProducerStalled(from, to time.Duration) {
	if to <= from {
		return
	}
	r.stalled += to - from
	if r.paused != nil {
		r.paused.add(Interval{from, to})
	}
}

// ConsumerBusy records that consumer c started serving at t.
func (r *Recorder) ConsumerBusy(t time.Duration, c int) {
	b := &r.cons[c]
	if !b.on {
		b.on, b.since = true, t
	}
}

// ConsumerIdle records that consumer c stopped serving at t.
func (r *Recorder) ConsumerIdle(t time.Duration, c int) {
	b := &r.cons[c]
	if b.on {
		b.on = false
		b.total += t - b.since
	}
}

// GuardExceeded marks the run as stopped by the memory guard.
func (r *Recorder) GuardExceeded() { r.guard = true }

// Warn adds a non-fatal problem to the Result.
func (r *Recorder) Warn(format string, a ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, a...))
}

// Finish closes every step and interval at end and returns the Result.
// The Recorder must not be used afterwards.
func (r *Recorder) Finish(end time.Duration) Result {
	for i := range r.stages {
		r.stages[i].commit(max(end, r.stages[i].since))
	}
	last, lastT := r.total.cur, r.total.since
	r.total.commit(max(end, lastT))
	for c := range r.cons {
		r.ConsumerIdle(max(end, r.cons[c].since), c)
	}
	res := Result{GuardExceeded: r.guard}
	if r.timeline != nil {
		r.corner(Point{lastT, last})
		res.Timeline = r.timeline.points()
		res.Paused = r.paused.all()
	}
	secs := end.Seconds()
	per := func(x float64) float64 {
		if secs <= 0 {
			return 0
		}
		return x / secs
	}
	if secs <= 0 {
		r.Warn("duration is 0: rates and fractions reported as 0")
	}
	m := make(Metrics, 0, 20+4*len(r.stages)+len(r.cons))
	add := func(name string, v float64) { m = append(m, Metric{name, v}) }
	add(Throughput, per(float64(r.bytesConsumed)))
	add(ThroughputChunks, per(float64(r.chunksConsumed)))
	add(BufferedPeak, float64(r.total.peak))
	for i, s := range r.stages {
		add(BufferedPeak+"."+r.names[i], float64(s.peak))
	}
	add(BufferedMean, r.total.mean(end))
	for i := range r.stages {
		add(BufferedMean+"."+r.names[i], r.stages[i].mean(end))
	}
	add(LatencyP50, r.lat.Quantile(0.50).Seconds())
	add(LatencyP90, r.lat.Quantile(0.90).Seconds())
	add(LatencyP99, r.lat.Quantile(0.99).Seconds())
	add(LatencyMax, r.lat.Max().Seconds())
	add(LatencyMean, r.lat.Mean().Seconds())
	add(WritesFalse, float64(r.writesFalse))
	add(Drains, float64(r.drains))
	add(Pauses, float64(r.pauses))
	add(ProducerStalled, per(r.stalled.Seconds()))
	var sum float64
	for _, b := range r.cons {
		sum += per(b.total.Seconds())
	}
	add(ConsumerBusy, sum/float64(len(r.cons)))
	if len(r.cons) > 1 {
		for c, b := range r.cons {
			add(ConsumerBusy+"."+r.consNames[c], per(b.total.Seconds()))
		}
	}
	add(Duration, secs)
	add(ChunksProduced, float64(r.chunksProduced))
	add(BytesProduced, float64(r.bytesProduced))
	add(ChunksConsumed, float64(r.chunksConsumed))
	add(BytesConsumed, float64(r.bytesConsumed))
	res.Metrics = m
	res.Warnings = r.warnings
	return res
}
