package realtime

import (
	"testing"
	"time"
)

func TestParseStatm(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2816 437 374 192 0 150 0\n", 437 * 4096, true},
		{"1 2", 2 * 4096, true},
		{"2816", 0, false},
		{"2816 x", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		if got, ok := parseStatm([]byte(tt.in), 4096); got != tt.want || ok != tt.ok {
			t.Errorf("parseStatm(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// The sampler sees a heap that holds what this test keeps alive.
func TestSamplerSeesHeap(t *testing.T) {
	s := startSampler(time.Millisecond)
	keep := make([]byte, 8<<20)
	for i := range keep {
		keep[i] = 1
	}
	heap, rss, ok := s.finish()
	if heap < int64(len(keep)) {
		t.Errorf("heap peak %d; want at least the %d bytes kept", heap, len(keep))
	}
	if ok && rss < int64(len(keep)) {
		t.Errorf("rss peak %d; want at least the %d bytes written", rss, len(keep))
	}
	_ = keep[len(keep)-1]
}
