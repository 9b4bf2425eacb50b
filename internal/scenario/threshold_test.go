package scenario

import (
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
)

func TestParseThreshold(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		metric, cond string
		op           string
		value        float64
	}{
		{"buffered.peak", "< 2MiB", "<", 2 << 20},
		{"buffered.mean", "<=1KiB", "<=", 1024},
		{"heap.peak", "< 64MB", "<", 64e6},
		{"throughput", "> 15MiB/s", ">", 15 << 20},
		{"throughput", ">= 1000", ">=", 1000},
		{"throughput.chunks", "> 1000/s", ">", 1000},
		{"latency.p99", "<= 100ms", "<=", 0.1},
		{"latency.max", "< 2s", "<", 2},
		{"duration", "< 1m", "<", 60},
		{"writes.false", "== 0", "==", 0},
		{"drains", "< 1e6", "<", 1e6},
		{"producer.stalled", "< 0.5", "<", 0.5},
		{"consumer.busy", "> 90%", ">", 0.9},
	} {
		th, err := parseThreshold(tt.metric, tt.cond)
		if err != nil || th.Op != tt.op || th.Value != tt.value {
			t.Errorf("parseThreshold(%s, %q) = %s %v, %v; want %s %v", tt.metric, tt.cond, th.Op, th.Value, err, tt.op, tt.value)
		}
	}
	for _, tt := range []struct{ metric, cond, want string }{
		{"latency.p95", "< 1s", "did you mean latency.p90?"},
		{"throughput", "1MiB/s", "starts with"},
		{"throughput", "> 1000/s", "counts bytes"},
		{"latency.p99", "< 100", "needs a unit"},
		{"consumer.busy", "> 2", "not a fraction"},
	} {
		_, err := parseThreshold(tt.metric, tt.cond)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseThreshold(%s, %q) error = %v; want %q", tt.metric, tt.cond, err, tt.want)
		}
	}
}

func TestThresholdPass(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		op   string
		v    float64
		want bool
	}{
		{"<", 1, true}, {"<", 2, false}, {"<=", 2, true}, {">", 2, false},
		{">", 3, true}, {">=", 2, true}, {"==", 2, true}, {"==", 3, false},
	} {
		th := Threshold{Op: tt.op, Value: 2}
		if got := th.Pass(tt.v); got != tt.want {
			t.Errorf("(%s 2).Pass(%v) = %v; want %v", tt.op, tt.v, got, tt.want)
		}
	}
}

// TestThresholdMetricsInCatalog: every metric a threshold accepts is in the
// metric catalog, which gives its unit.
func TestThresholdMetricsInCatalog(t *testing.T) {
	for _, m := range thresholdMetrics {
		d, ok := metrics.Lookup(m.name)
		if !ok || d.Unit == "" {
			t.Errorf("threshold metric %s: not in the metric catalog", m.name)
		}
	}
}
