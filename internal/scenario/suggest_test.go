package scenario

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	fields := []string{"highWaterMark", "readableHighWaterMark", "rate", "chunk", "stop", "strategy"}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"highWatermark", "highWaterMark", true},
		{"hihgWaterMark", "highWaterMark", true},
		{"readableHighWatermark", "readableHighWaterMark", true},
		{"rat", "rate", true},
		{"stratgy", "strategy", true},
		{"chunkSize", "", false},
		{"xyz", "", false},
	} {
		got, ok := suggest(tt.in, fields)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("suggest(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if d := levenshtein("kitten", "sitting"); d != 3 {
		t.Errorf("levenshtein(kitten, sitting) = %d; want 3", d)
	}
}
