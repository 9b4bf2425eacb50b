package metrics

import (
	"time"
)

// Config names what a Recorder measures. The zero value works: no buffering
// stages, one consumer, default bounds.
type Config struct {
	// Stages names the buffering stages, in pipeline order; stage i of
	// SetBuffered is Stages[i], and per-stage metrics are named after it
	// (buffered.peak.<name>).
	Stages []string
	// Consumers names the consumers; consumer c of ConsumerBusy and
	// ConsumerIdle is Consumers[c]. Empty means one consumer named "consumer".
	Consumers []string
	// TimelinePoints bounds Result.Timeline (and, at half of it,
	// Result.Paused): 0 means DefaultTimelinePoints, a negative value records
	// neither.
	TimelinePoints int
	// LatencyMax is the largest latency the histogram resolves; 0 means
	// DefaultLatencyMax.
	LatencyMax time.Duration
}

// DefaultConsumer is the consumer name used when Config.Consumers is empty.
const DefaultConsumer = "consumer"

// Recorder collects one cell's measurements. Create it with New, feed it
// while the engine runs, and call Finish once. Times are durations since the
// cell started and must not go backwards; a time earlier than one already
// seen is taken as that later time (and reported in Result.Warnings).
//
// A Recorder is not safe for concurrent use. Its recording methods do not
// allocate in steady state.
type Recorder struct {
	stages []step
	// The whole pipeline: the total of the stages since now, its peak.
	now       time.Duration
	total     int64
	totalPeak int64
	totalArea u128 // set by Finish
	consumers []consumer
	lat       *latency
	timeline  *timeline  // nil when disabled
	paused    *intervals // nil when disabled

	names     []string
	consNames []string

	chunksProduced, bytesProduced int64
	chunksConsumed, bytesConsumed int64
	writesFalse, drains, pauses   int64

	producerPaused bool
	pausedSince    time.Duration
	stalled        time.Duration
	lastProducer   time.Duration

	backlog backlog // a live producer's, from Waited

	heapPeak int64
	heapSet  bool
	// received is set once ConsumerDone was called.
	received bool

	guard        bool     // the memory guard stopped the run
	warnings     []string // from Warn
	backwards    int64    // times clamped forward
	negativeSize int64    // SetBuffered sizes below 0, taken as 0
	lastCorner   Point    // the last point given to the timeline
	cornered     bool     // lastCorner is set
	finished     bool
	result       Result
}

// consumer is one consumer's busy intervals.
type consumer struct {
	busy      bool
	since     time.Duration
	busyTotal time.Duration
	last      time.Duration
	// received and bytes count the chunks finished (ConsumerDone), done
	// is when the last one was.
	received, bytes int64
	done            time.Duration
}

// New returns a Recorder for the stages and consumers of cfg.
func New(cfg Config) *Recorder {
	cons := cfg.Consumers
	if len(cons) == 0 {
		cons = []string{DefaultConsumer}
	}
	r := &Recorder{
		stages:    make([]step, len(cfg.Stages)),
		consumers: make([]consumer, len(cons)),
		lat:       newLatency(cfg.LatencyMax),
		names:     append([]string(nil), cfg.Stages...),
		consNames: append([]string(nil), cons...),
	}
	if cfg.TimelinePoints >= 0 {
		n := cfg.TimelinePoints
		if n == 0 {
			n = DefaultTimelinePoints
		}
		r.timeline = newTimeline(n)
		r.paused = newIntervals(n / 2)
	}
	return r
}

// SetBuffered records that from time t on, stage holds bytes bytes (a
// negative size is taken as 0). Changes at the same t are one step: the last
// one counts. stage must be an index into Config.Stages.
func (r *Recorder) SetBuffered(t time.Duration, stage int, bytes int64) {
	if t != r.now {
		if t < r.now {
			t = r.forward(r.now)
		} else {
			// The clock moves to t: the whole-pipeline total held since
			// r.now becomes a committed step (peak, timeline). This is the
			// hot path of every engine, written here rather than called.
			r.totalPeak = max(r.totalPeak, r.total)
			if tl := r.timeline; tl != nil && (!r.cornered || r.total != r.lastCorner.Bytes) {
				// corner, by hand: a point inside the timeline's last
				// bucket only widens it, without a call.
				p := Point{r.now, r.total}
				r.cornered, r.lastCorner = true, p
				if p.T < tl.end {
					tl.buckets[len(tl.buckets)-1].widen(p)
				} else {
					tl.add(p)
				}
			}
			r.now = t
		}
	}
	if bytes < 0 {
		bytes = r.negative()
	}
	s := &r.stages[stage]
	r.total += bytes - s.cur
	s.set(t, bytes)
}

// corner gives a committed point of the total to the timeline, skipping
// points that do not change the value.
func (r *Recorder) corner(p Point) {
	if r.timeline == nil || (r.cornered && p.Bytes == r.lastCorner.Bytes) {
		return
	}
	r.cornered, r.lastCorner = true, p
	r.timeline.add(p)
}

// negative counts a negative size and returns the size to use.
func (r *Recorder) negative() int64 {
	r.negativeSize++
	return 0
}

// forward counts a time that went backwards and returns the time to use.
func (r *Recorder) forward(t time.Duration) time.Duration {
	r.backwards++
	return t
}
