package units

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want time.Duration
		str  string
	}{
		{"0", 0, "0s"},
		{"200us", 200 * time.Microsecond, "200us"},
		{"200µs", 200 * time.Microsecond, "200us"},
		{"1.5ms", 1500 * time.Microsecond, "1.5ms"},
		{"2s", 2 * time.Second, "2s"},
		{"90s", 90 * time.Second, "90s"},
		{"1m", time.Minute, "1m"},
		{"1h30m", 90 * time.Minute, "90m"},
		{"2h", 2 * time.Hour, "2h"},
		{"250ms", 250 * time.Millisecond, "250ms"},
		{"1ns", 1, "1ns"},
		{"1234567ns", 1234567, "1234.567us"},
	} {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		if s := FormatDuration(got); s != tt.str {
			t.Errorf("FormatDuration(%v) = %s; want %s", got, s, tt.str)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, want string
	}{
		{"200", "needs a unit"},
		{"-1s", "cannot be negative"},
		{"2 seconds", "not a duration"},
		{"1001h", "too long"},
		{"", "not a duration"},
	} {
		_, err := ParseDuration(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDuration(%q) error = %v; want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestParseCost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Cost
		str  string
		of1M time.Duration // cost of a 1MiB chunk
	}{
		{"0", Cost{}, "0s", 0},
		{"20us", Cost{Chunk: 20 * time.Microsecond}, "20us", 20 * time.Microsecond},
		{"5ms/MiB", Cost{Bytes: 5 * time.Millisecond, Per: 1 << 20}, "5ms/MiB", 5 * time.Millisecond},
		{"1ms/64KiB", Cost{Bytes: time.Millisecond, Per: 64 << 10}, "1ms/64KiB", 16 * time.Millisecond},
		{"20us+5ms/MiB", Cost{Chunk: 20 * time.Microsecond, Bytes: 5 * time.Millisecond, Per: 1 << 20}, "20us+5ms/MiB", 5020 * time.Microsecond},
		{"5ms/MiB + 20us", Cost{Chunk: 20 * time.Microsecond, Bytes: 5 * time.Millisecond, Per: 1 << 20}, "20us+5ms/MiB", 5020 * time.Microsecond},
		{"1ns/B", Cost{Bytes: 1, Per: 1}, "1ns/B", 1 << 20},
	} {
		got, err := ParseCost(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCost(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		if s := got.String(); s != tt.str {
			t.Errorf("ParseCost(%q).String() = %s; want %s", tt.in, s, tt.str)
		}
		if d := got.Of(1 << 20); d != tt.of1M {
			t.Errorf("ParseCost(%q).Of(1MiB) = %v; want %v", tt.in, d, tt.of1M)
		}
	}
	for _, bad := range []string{"5ms/", "5ms/0B", "fast", "1us+2us", "1ms/MiB+2ms/KiB", "1+2+3", "5ms/parsec"} {
		if _, err := ParseCost(bad); err == nil {
			t.Errorf("ParseCost(%q) succeeded; want an error", bad)
		}
	}
}
