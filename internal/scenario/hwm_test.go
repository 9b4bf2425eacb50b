package scenario

import (
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

func TestHighWaterMark(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in         string
		objectMode bool
		profile    stream.Profile // the scenario's profile
		want       int64
		str        string
	}{
		{"16KiB", false, stream.Node22, 16 << 10, "16KiB"},
		{"0", false, stream.Node22, 0, "0B"},
		{"1000", false, stream.Node22, 1000, "1000B"},
		{"node20", false, stream.Node22, 16 << 10, "node20"},
		{"node22", false, stream.Node20, 64 << 10, "node22"},
		{"default", false, stream.Node22, 64 << 10, "default"},
		{"default", false, stream.Node20, 16 << 10, "default"},
		{"fs", false, stream.Node20, stream.FSReadStreamHighWaterMark, "fs"},
		{"node20", true, stream.Node22, 16, "node20"},
		{"default", true, stream.Node22, 16, "default"},
		{"4", true, stream.Node22, 4, "4"},
	} {
		h, err := parseHWM(tt.in, tt.objectMode)
		if err != nil {
			t.Errorf("parseHWM(%q, %v): %v", tt.in, tt.objectMode, err)
			continue
		}
		h = resolveHWM(h, tt.profile)
		if h.Value != tt.want || h.String() != tt.str || h.Objects != tt.objectMode {
			t.Errorf("parseHWM(%q, %v) under %s = %+v (%s); want %d (%s)", tt.in, tt.objectMode, tt.profile.Name, h, h, tt.want, tt.str)
		}
	}
	for _, tt := range []struct {
		in         string
		objectMode bool
		want       string
	}{
		{"node 22", false, "neither a size"},
		{"nod22", false, "did you mean node22?"},
		{"16KiB", true, "counts objects"},
		{"fs", true, "byte-stream default"},
		{"-1", false, "neither a size"},
	} {
		if _, err := parseHWM(tt.in, tt.objectMode); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseHWM(%q, %v) error = %v; want %q", tt.in, tt.objectMode, err, tt.want)
		}
	}
}
