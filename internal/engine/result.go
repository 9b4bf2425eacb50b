package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Metric names, as DESIGN.md spells them (and internal/metrics' catalog).
// Per-stage and per-consumer metrics append "."+name.
const (
	Throughput       = "throughput"
	ThroughputChunks = "throughput.chunks"
	BufferedPeak     = "buffered.peak"
	BufferedMean     = "buffered.mean"
	LatencyP50       = "latency.p50"
	LatencyP90       = "latency.p90"
	LatencyP99       = "latency.p99"
	LatencyMax       = "latency.max"
	LatencyMean      = "latency.mean"
	WritesFalse      = "writes.false"
	Drains           = "drains"
	Pauses           = "pauses"
	ProducerStalled  = "producer.stalled"
	ConsumerBusy     = "consumer.busy"
	Duration         = "duration"
	ChunksProduced   = "chunks.produced"
	BytesProduced    = "bytes.produced"
	ChunksConsumed   = "chunks.consumed"
	BytesConsumed    = "bytes.consumed"
)

// Result is what one run of a cell measured.
type Result struct {
	// Metrics are the values by name, in report order: throughput,
	// throughput.chunks, buffered.peak, buffered.peak.<stage>...,
	// buffered.mean, buffered.mean.<stage>..., latency.p50, .p90, .p99,
	// .max, .mean (seconds), writes.false, drains, pauses, producer.stalled,
	// consumer.busy[, consumer.busy.<consumer>... when there are several],
	// duration (seconds), chunks.produced, bytes.produced, chunks.consumed,
	// bytes.consumed. Stages are the producer, the stages and the consumers,
	// in pipeline order.
	Metrics Metrics `json:"metrics"`
	// GuardExceeded is set when the run stopped because the total buffered
	// bytes exceeded Config.MemoryGuard.
	GuardExceeded bool `json:"guard_exceeded"`
	// Timeline is the whole-pipeline buffered bytes step function, decimated
	// to at most TimelinePoints points (each time bucket keeps its lowest and
	// highest point, so peaks and the sawtooth's envelope survive).
	Timeline []Point `json:"timeline,omitempty"`
	// Paused are the intervals in which the producer had a chunk ready and
	// could not hand it over, merged when touching; at most TimelinePoints/2
	// (neighbours merge, covering the gap between them, when there are more).
	Paused []Interval `json:"paused,omitempty"`
	// Warnings are non-fatal problems (a latency beyond the histogram, a
	// zero duration, a cap that stopped the run).
	Warnings []string `json:"warnings,omitempty"`
}

// Metric is one named value.
type Metric struct {
	Name  string
	Value float64
}

// Metrics is an ordered list of metrics. It encodes in JSON as an object
// whose keys keep the list's order.
type Metrics []Metric

// Get returns the value of the named metric.
func (m Metrics) Get(name string) (float64, bool) {
	for _, x := range m {
		if x.Name == name {
			return x.Value, true
		}
	}
	return 0, false
}

// MarshalJSON encodes m as {"name": value, ...} in order. Values are
// finite (a Recorder never produces NaN or Inf).
func (m Metrics) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(x.Name)
		b.Write(k)
		b.WriteByte(':')
		if math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
			return nil, fmt.Errorf("engine: metric %s is %v", x.Name, x.Value)
		}
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
		return fmt.Errorf("engine: metrics: want an object")
	}
	var out Metrics
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("engine: metrics: %w", err)
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("engine: metrics: %s: %w", t, err)
		}
		out = append(out, Metric{Name: t.(string), Value: v})
	}
	*m = out
	return nil
}

// Point is a corner of the buffered step function: from T on, Bytes are
// buffered. It encodes in JSON as [t_ns, bytes].
type Point struct {
	T     time.Duration
	Bytes int64
}

// MarshalJSON encodes p as [t_ns, bytes].
func (p Point) MarshalJSON() ([]byte, error) {
	return []byte("[" + strconv.FormatInt(int64(p.T), 10) + "," + strconv.FormatInt(p.Bytes, 10) + "]"), nil
}

// UnmarshalJSON decodes [t_ns, bytes].
func (p *Point) UnmarshalJSON(b []byte) error {
	var a [2]int64
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("engine: point: %w", err)
	}
	p.T, p.Bytes = time.Duration(a[0]), a[1]
	return nil
}

// Interval is [Start, End). It encodes in JSON as [start_ns, end_ns].
type Interval struct {
	Start, End time.Duration
}

// MarshalJSON encodes iv as [start_ns, end_ns].
func (iv Interval) MarshalJSON() ([]byte, error) {
	return []byte("[" + strconv.FormatInt(int64(iv.Start), 10) + "," + strconv.FormatInt(int64(iv.End), 10) + "]"), nil
}

// UnmarshalJSON decodes [start_ns, end_ns].
func (iv *Interval) UnmarshalJSON(b []byte) error {
	var a [2]int64
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("engine: interval: %w", err)
	}
	iv.Start, iv.End = time.Duration(a[0]), time.Duration(a[1])
	return nil
}
