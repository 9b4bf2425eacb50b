package units

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Size
	}{
		{"0", 0},
		{"512", 512},
		{"512B", 512},
		{"1KiB", 1024},
		{"16KiB", 16 << 10},
		{"16 KiB", 16 << 10},
		{"1.5MiB", 3 << 19},
		{"1GiB", 1 << 30},
		{"1TiB", 1 << 40},
		{"1kB", 1000},
		{"1KB", 1000},
		{"1GB", 1e9},
		{"1.5MB", 1_500_000},
		{"1_000_000", 1_000_000},
		{"1e3", 1000},
		{"0.5KiB", 512},
	} {
		got, err := ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSizeErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, want string
	}{
		{"", "not a size"},
		{"KiB", "not a size"},
		{"-1KiB", "cannot be negative"},
		{"16kb", "did you mean kB?"},
		{"16kib", "did you mean KiB?"},
		{"16K", "did you mean KiB or kB?"},
		{"16b", "bits"},
		{"16 parsecs", "unknown size unit"},
		{"1.3KiB", "not a whole number of bytes"},
		{"0.5", "not a whole number of bytes"},
		{"2PiB", "unknown size unit"},
		{"99999999999999999999", "too large"},
		{"2000TiB", "too large"},
	} {
		_, err := ParseSize(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSize(%q) error = %v; want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestSizeString(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   Size
		want string
	}{
		{0, "0B"},
		{512, "512B"},
		{1000, "1000B"},
		{1023, "1023B"},
		{1024, "1KiB"},
		{1536, "1.5KiB"},
		{16 << 10, "16KiB"},
		{64 << 10, "64KiB"},
		{3 << 19, "1.5MiB"},
		{1 << 30, "1GiB"},
		{1e9, "1GB"},
		{1e8, "100MB"},
		{1025, "1025B"},
		{1_500_000, "1.5MB"},
		{256 << 20, "256MiB"},
	} {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Size(%d).String() = %s; want %s", int64(tt.in), got, tt.want)
		}
		if back, err := ParseSize(tt.want); err != nil || back != tt.in {
			t.Errorf("ParseSize(%q) = %d, %v; want %d (round trip)", tt.want, back, err, int64(tt.in))
		}
	}
}
