package suggest

import "testing"

func TestClosest(t *testing.T) {
	fields := []string{"name", "highWaterMark", "readableHighWaterMark", "rate", "chunk", "stop", "strategy"}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"highWatermark", "highWaterMark", true},
		{"HIGHWATERMARK", "highWaterMark", true},
		{"hihgWaterMark", "highWaterMark", true},
		{"readableHighWatermark", "readableHighWaterMark", true},
		{"rat", "rate", true},
		{"nmae", "name", true},
		{"stratgy", "strategy", true},
		{"chunkSize", "", false},
		{"xyz", "", false},
	} {
		got, ok := Closest(tt.in, fields)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got := DidYouMean("rat", fields); got != " (did you mean rate?)" {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("zzzzzz", fields); got != "" {
		t.Errorf("DidYouMean = %q, want nothing", got)
	}
}
