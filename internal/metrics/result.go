package metrics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Result is one cell's measurements. Identical inputs give identical Results
// and byte-identical JSON.
type Result struct {
	// Metrics are the values in report order (see Finish).
	Metrics Metrics `json:"metrics"`
	// GuardExceeded is set when the run stopped because the memory guard
	// was exceeded (Recorder.GuardExceeded).
	GuardExceeded bool `json:"guard_exceeded"`
	// Latency has the exact and histogram latency figures and the CDF.
	Latency Latencies `json:"latency"`
	// Timeline is the whole-pipeline buffered step function, decimated to at
	// most Config.TimelinePoints points (each bucket of time keeps its lowest
	// and highest point, so the peak is always there), ending with a point
	// at the end of the run. Empty when disabled.
	Timeline []Point `json:"timeline,omitempty"`
	// Paused are the intervals in which the producer was blocked, for
	// shading; neighbours may be joined, covering the gap between them, to
	// keep the list bounded (the exact total is producer.stalled). Empty
	// when disabled.
	Paused []Interval `json:"paused,omitempty"`
	// Warnings are non-fatal problems: from Warn, and with the recorded data.
	Warnings []string `json:"warnings,omitempty"`
}

// Metric is one named value, in its catalog unit.
type Metric struct {
	// Name is a catalog name, e.g. "buffered.peak.sink".
	Name string
	// Value is finite.
	Value float64
}

// Metrics is an ordered list of metrics. It encodes in JSON as an object
// whose keys keep the list's order.
type Metrics []Metric

// Get returns the value of the named metric and whether it is present.
func (m Metrics) Get(name string) (float64, bool) {
	for _, x := range m {
		if x.Name == name {
			return x.Value, true
		}
	}
	return 0, false
}

// Map returns the metrics as a map, for callers that look many names up.
func (m Metrics) Map() map[string]float64 {
	out := make(map[string]float64, len(m))
	for _, x := range m {
		out[x.Name] = x.Value
	}
	return out
}

// MarshalJSON encodes m as {"name": value, ...} in order. A NaN or infinite
// value is an error (a Recorder never produces one).
func (m Metrics) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
			return nil, fmt.Errorf("metrics: %s is %v", x.Name, x.Value)
		}
		b.WriteString(strconv.Quote(x.Name))
		b.WriteByte(':')
		v, _ := json.Marshal(x.Value)
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes an object, keeping the order of its keys.
func (m *Metrics) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("metrics: want an object of metrics")
	}
	out := Metrics{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("metrics: %s: %w", t, err)
		}
		out = append(out, Metric{Name: t.(string), Value: v})
	}
	*m = out
	return nil
}

// Value is a metric with its unit, as listed by Metrics.Values.
type Value struct {
	// Name is the metric name.
	Name string `json:"name"`
	// Value is in Unit.
	Value float64 `json:"value"`
	// Unit is the catalog's unit for Name ("" for a name not in the catalog).
	Unit string `json:"unit"`
}

// Values returns m with units from the catalog.
func (m Metrics) Values() []Value {
	out := make([]Value, len(m))
	for i, x := range m {
		out[i] = Value{Name: x.Name, Value: x.Value}
		if c, ok := Lookup(x.Name); ok {
			out[i].Unit = c.Unit
		}
	}
	return out
}

// Latest returns the latest time recorded so far: an end before it would
// have gone backwards.
func (r *Recorder) Latest() time.Duration {
	latest := max(r.now, r.lastProducer)
	if r.producerPaused {
		latest = max(latest, r.pausedSince)
	}
	for _, k := range r.consumers {
		latest = max(latest, k.last, k.since)
	}
	return latest
}

// Finish closes every step function and interval at end, the time since the
// cell started at which it stopped, and returns the Result. An end before a
// time already recorded is taken as that time (with a warning). Finish should
// be called once; later calls return the first Result again.
//
// Result.Metrics lists, in this order: throughput, throughput.chunks,
// buffered.peak, buffered.peak.<stage>..., buffered.mean,
// buffered.mean.<stage>..., backlog.peak,
// backlog.mean (for a live producer: Waited or Upstream), heap.peak (when sampled), latency.p50, .p90,
// .p99, .max, .mean (when a latency was recorded), writes.false, drains,
// pauses, producer.stalled, consumer.busy, consumer.busy.<consumer>... (when
// there are several), duration, chunks.produced, bytes.produced,
// chunks.consumed, bytes.consumed. Rates and fractions are 0 when end is 0.
func (r *Recorder) Finish(end time.Duration) Result {
	if r.finished {
		return r.result
	}
	r.finished = true

	if latest := r.Latest(); end < latest {
		end = r.forward(latest)
	}
	r.ProducerResumed(end)
	for c := range r.consumers {
		r.ConsumerIdle(end, c)
	}
	// The total held since r.now counts for the peak (even when it holds
	// for no time) and is a point, as when SetBuffered moves the clock.
	r.totalPeak = max(r.totalPeak, r.total)
	if end > r.now {
		r.corner(Point{r.now, r.total})
		r.now = end
	}
	r.corner(Point{end, r.total})
	if r.timeline != nil && r.lastCorner.T != end {
		r.timeline.add(Point{end, r.total}) // the plot reaches the end
	}
	var area u128
	for i := range r.stages {
		r.stages[i].close(end)
		area.addU128(r.stages[i].area)
	}
	r.totalArea = area

	res := Result{
		GuardExceeded: r.guard,
		Latency:       r.lat.summary(),
	}
	if r.timeline != nil {
		res.Timeline = r.timeline.points()
		res.Paused = r.paused.all()
	}
	res.Metrics = r.metrics(end, res.Latency)
	res.Warnings = r.allWarnings(end)
	r.result = res
	return res
}

// metrics computes the metric list, in report order.
func (r *Recorder) metrics(end time.Duration, lat Latencies) Metrics {
	perSec := func(n int64) float64 {
		if end <= 0 {
			return 0
		}
		return float64(n) * 1e9 / float64(end)
	}
	frac := func(d time.Duration) float64 {
		if end <= 0 {
			return 0
		}
		return float64(d) / float64(end)
	}
	m := make(Metrics, 0, 24+2*len(r.stages)+len(r.consumers))
	add := func(name string, v float64) { m = append(m, Metric{name, v}) }

	add(Throughput, perSec(r.bytesConsumed))
	add(ThroughputChunks, perSec(r.chunksConsumed))
	if r.received && len(r.consumers) > 1 {
		for i, k := range r.consumers {
			var v float64
			if k.done > 0 {
				v = float64(k.bytes) * 1e9 / float64(k.done)
			}
			add(StageName(ConsumerThroughput, r.consNames[i]), v)
		}
	}
	add(BufferedPeak, float64(r.totalPeak))
	for i := range r.stages {
		add(StageName(BufferedPeak, r.names[i]), float64(r.stages[i].peak))
	}
	add(BufferedMean, r.totalArea.div(uint64(end)))
	for i := range r.stages {
		add(StageName(BufferedMean, r.names[i]), r.stages[i].mean(end))
	}
	if b := &r.backlog; b.on {
		add(BacklogPeak, float64(b.peak))
		add(BacklogMean, b.area.div(uint64(end)))
	}
	if r.heapSet {
		add(HeapPeak, float64(r.heapPeak))
	}
	if lat.Count > 0 {
		add(LatencyP50, lat.P50.Seconds())
		add(LatencyP90, lat.P90.Seconds())
		add(LatencyP99, lat.P99.Seconds())
		add(LatencyMax, lat.Max.Seconds())
		add(LatencyMean, lat.Mean.Seconds())
	}
	add(WritesFalse, float64(r.writesFalse))
	add(Drains, float64(r.drains))
	add(Pauses, float64(r.pauses))
	add(ProducerStalled, frac(r.stalled))
	var busy float64
	for _, k := range r.consumers {
		busy += frac(k.busyTotal)
	}
	add(ConsumerBusy, busy/float64(len(r.consumers)))
	if len(r.consumers) > 1 {
		for i, k := range r.consumers {
			add(StageName(ConsumerBusy, r.consNames[i]), frac(k.busyTotal))
		}
	}
	add(Duration, end.Seconds())
	add(ChunksProduced, float64(r.chunksProduced))
	if r.received {
		var n int64
		for _, k := range r.consumers {
			n += k.received
		}
		add(ChunksReceived, float64(n)/float64(len(r.consumers)))
		if len(r.consumers) > 1 {
			for i, k := range r.consumers {
				add(StageName(ChunksReceived, r.consNames[i]), float64(k.received))
			}
		}
	}
	add(BytesProduced, float64(r.bytesProduced))
	add(ChunksConsumed, float64(r.chunksConsumed))
	add(BytesConsumed, float64(r.bytesConsumed))
	return m
}

// allWarnings lists Warn's messages, then the recorded data's problems in a
// fixed order.
func (r *Recorder) allWarnings(end time.Duration) []string {
	w := append([]string(nil), r.warnings...)
	if r.backwards > 0 {
		w = append(w, fmt.Sprintf("metrics: a time went backwards %d times; taken as the latest time", r.backwards))
	}
	if r.negativeSize > 0 {
		w = append(w, fmt.Sprintf("metrics: %d negative buffered sizes taken as 0", r.negativeSize))
	}
	if r.lat.negative > 0 {
		w = append(w, fmt.Sprintf("metrics: %d negative latencies taken as 0", r.lat.negative))
	}
	if r.lat.clamped > 0 {
		w = append(w, fmt.Sprintf("metrics: %d latencies above %v counted at %v in the quantiles", r.lat.clamped, time.Duration(r.lat.highest), time.Duration(r.lat.highest)))
	}
	if r.lat.count == 0 {
		w = append(w, "metrics: no latency recorded: the latency metrics are absent")
	}
	if end <= 0 {
		w = append(w, "metrics: duration is 0: rates and fractions reported as 0")
	}
	return w
}
