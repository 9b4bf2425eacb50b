package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/units"
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

// thresholdMetrics are the metric names thresholds accept (DESIGN.md's list),
// in the order DESIGN.md gives them, each with how a scenario writes a bound
// on it (for the JSON Schema). Their units are the metric catalog's.
var thresholdMetrics = []struct {
	name string
	doc  string
}{
	{metrics.Throughput, "bytes consumed per second (10MiB/s)"},
	{metrics.ThroughputChunks, "chunks consumed per second (1000/s)"},
	{metrics.BufferedPeak, "most bytes buffered in the whole pipeline (2MiB)"},
	{metrics.BufferedMean, "time-weighted mean of the bytes buffered (1MiB)"},
	{metrics.HeapPeak, "largest heap in use (64MiB)"},
	{metrics.LatencyP50, "median time from chunk wanted to chunk consumed (10ms)"},
	{metrics.LatencyP90, "90th percentile latency (50ms)"},
	{metrics.LatencyP99, "99th percentile latency (100ms)"},
	{metrics.LatencyMax, "largest latency (1s)"},
	{metrics.WritesFalse, "write() calls that returned false"},
	{metrics.Drains, "'drain' events"},
	{metrics.Pauses, "times the source was paused"},
	{metrics.ProducerStalled, "fraction of time the producer was blocked (0.5 or 50%)"},
	{metrics.ConsumerBusy, "fraction of time the consumers were busy (0.9 or 90%)"},
	{metrics.Duration, "length of the cell (60s)"},
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
	unit := ""
	for _, m := range thresholdMetrics {
		if m.name == metric {
			d, _ := metrics.Lookup(metric)
			unit = d.Unit
		}
	}
	if unit == "" {
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

// parseMetricValue parses v, a value in the catalog unit unit, into the
// base unit.
func parseMetricValue(unit string, v string) (float64, error) {
	switch unit {
	case metrics.UnitBytes:
		sz, err := units.ParseSize(v)
		return float64(sz), err
	case metrics.UnitBytesPerSec:
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 {
			return f, nil
		}
		r, err := units.ParseRate(v)
		if err != nil {
			return 0, err
		}
		if r.Bytes == 0 {
			return 0, fmt.Errorf("%q: throughput counts bytes (10MiB/s); throughput.chunks counts chunks", v)
		}
		return r.Bytes, nil
	case metrics.UnitChunksPerS:
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 {
			return f, nil
		}
		r, err := units.ParseRate(v)
		if err != nil {
			return 0, err
		}
		if r.Chunks == 0 {
			return 0, fmt.Errorf("%q: throughput.chunks counts chunks (1000/s); throughput counts bytes", v)
		}
		return r.Chunks, nil
	case metrics.UnitSeconds:
		d, err := units.ParseDuration(v)
		return d.Seconds(), err
	case metrics.UnitFraction:
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
