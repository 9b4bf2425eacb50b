package metrics

import "testing"

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		name string
		v    float64
		want string
	}{
		{"buffered.peak", 16384, "16KiB"},
		{"buffered.peak", 1.5 * 1024 * 1024, "1.5MiB"},
		{"buffered.peak", 512, "512B"},
		{"buffered.peak", 0, "0B"},
		{"throughput", 10 * 1024 * 1024, "10MiB/s"},
		{"latency.p99", 0.00125, "1.25ms"},
		{"latency.p99", 0.0003, "300us"},
		{"latency.p99", 2.5, "2.5s"},
		{"producer.stalled", 0.905, "90.5%"},
		{"drains", 12345, "12345"},
		{"throughput.chunks", 1500000, "1.5M chunks/s"},
		{"buffered.peak.sink", 123456789, "118MiB"},
		{"no.such.metric", 1234.5, "1230"},
	} {
		if got := Format(c.name, c.v); got != c.want {
			t.Errorf("Format(%s, %v) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}
