package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Threshold is a condition on a metric that a cell must meet, written
// `metric: "op value"` under thresholds, as in `buffered.peak: "< 2MiB"`.
type Threshold struct {
	// Metric is the metric's name, as in DESIGN.md ("buffered.peak").
	Metric string
	// Op is one of <, <=, >, >=, ==.
	Op string
	// Value is the bound in the metric's base unit: bytes, bytes per
	// second, chunks per second, seconds, a count, or a fraction.
	Value float64
	// Text is the condition as written ("< 2MiB").
	Text string
	// Line and Col locate the condition in the file.
	Line, Col int
}

// Pass reports whether v meets the condition.
func (t Threshold) Pass(v float64) bool { return metrics.Holds(v, t.Op, t.Value) }

// String formats t as "metric op value", as written.
func (t Threshold) String() string {
	return t.Metric + " " + t.Op + " " + strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t.Text), "<>="))
}

// metricUnit is the kind of value a metric takes.
type metricUnit int

const (
	unitBytes metricUnit = iota
	unitByteRate
	unitChunkRate
	unitSeconds
	unitCount
	unitFraction
)

// thresholdMetrics are the metric names thresholds accept (DESIGN.md's list), in
// the order DESIGN.md gives them.
var thresholdMetrics = []struct {
	name string
	unit metricUnit
	doc  string
}{
	{"throughput", unitByteRate, "bytes consumed per second (10MiB/s)"},
	{"throughput.chunks", unitChunkRate, "chunks consumed per second (1000/s)"},
	{"buffered.peak", unitBytes, "most bytes buffered in the whole pipeline (2MiB)"},
	{"buffered.mean", unitBytes, "time-weighted mean of the bytes buffered (1MiB)"},
	{"heap.peak", unitBytes, "largest heap in use (64MiB)"},
	{"latency.p50", unitSeconds, "median time from chunk wanted to chunk consumed (10ms)"},
	{"latency.p90", unitSeconds, "90th percentile latency (50ms)"},
	{"latency.p99", unitSeconds, "99th percentile latency (100ms)"},
	{"latency.max", unitSeconds, "largest latency (1s)"},
	{"writes.false", unitCount, "write() calls that returned false"},
	{"drains", unitCount, "'drain' events"},
	{"pauses", unitCount, "times the source was paused"},
	{"producer.stalled", unitFraction, "fraction of time the producer was blocked (0.5 or 50%)"},
	{"consumer.busy", unitFraction, "fraction of time the consumers were busy (0.9 or 90%)"},
	{"duration", unitSeconds, "length of the cell (60s)"},
}

// MetricNames returns the names thresholds accept.
func MetricNames() []string {
	names := make([]string, len(thresholdMetrics))
	for i, m := range thresholdMetrics {
		names[i] = m.name
	}
	return names
}

// maxThreshold bounds a threshold's value, so that it stays finite in
// every unit and in JSON.
const maxThreshold = 1e300

// thresholdOps, longest first for matching.
var thresholdOps = []string{"<=", ">=", "==", "<", ">"}

// parseThreshold parses the condition s on metric.
func parseThreshold(metric, s string) (Threshold, error) {
	unit := metricUnit(-1)
	for _, m := range thresholdMetrics {
		if m.name == metric {
			unit = m.unit
		}
	}
	if unit < 0 {
		return Threshold{}, fmt.Errorf("unknown metric%s", didYouMean(metric, MetricNames()))
	}
	t := Threshold{Metric: metric, Text: s}
	rest := strings.TrimSpace(s)
	for _, op := range thresholdOps {
		if r, ok := strings.CutPrefix(rest, op); ok {
			t.Op, rest = op, strings.TrimSpace(r)
			break
		}
	}
	if t.Op == "" {
		return Threshold{}, fmt.Errorf("%q: a condition starts with <, <=, >, >= or == (\"< 2MiB\")", s)
	}
	v, err := parseMetricValue(unit, rest)
	if err != nil {
		return Threshold{}, err
	}
	if math.IsInf(v, 0) || math.IsNaN(v) || v > maxThreshold {
		return Threshold{}, fmt.Errorf("%q: a bound is a finite number (at most %g)", rest, float64(maxThreshold))
	}
	t.Value = v
	return t, nil
}

// parseMetricValue parses v in the given unit into the base unit.
func parseMetricValue(unit metricUnit, v string) (float64, error) {
	switch unit {
	case unitBytes:
		sz, err := ParseSize(v)
		return float64(sz), err
	case unitByteRate:
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 {
			return f, nil
		}
		r, err := ParseRate(v)
		if err != nil {
			return 0, err
		}
		if r.Bytes == 0 {
			return 0, fmt.Errorf("%q: throughput counts bytes (10MiB/s); throughput.chunks counts chunks", v)
		}
		return r.Bytes, nil
	case unitChunkRate:
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 {
			return f, nil
		}
		r, err := ParseRate(v)
		if err != nil {
			return 0, err
		}
		if r.Chunks == 0 {
			return 0, fmt.Errorf("%q: throughput.chunks counts chunks (1000/s); throughput counts bytes", v)
		}
		return r.Chunks, nil
	case unitSeconds:
		d, err := ParseDuration(v)
		return d.Seconds(), err
	case unitFraction:
		if p, ok := strings.CutSuffix(v, "%"); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || f < 0 || f > 100 {
				return 0, fmt.Errorf("%q is not a percentage (0%% to 100%%)", v)
			}
			return f / 100, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return 0, fmt.Errorf("%q is not a fraction (0 to 1, or 0%% to 100%%)", v)
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a count", v)
	}
	return f, nil
}
