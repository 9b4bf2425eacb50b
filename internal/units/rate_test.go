package units

import (
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in     string
		want   Rate
		string string
	}{
		{"unlimited", Rate{}, "unlimited"},
		{"10MiB/s", Rate{Bytes: 10 << 20}, "10MiB/s"},
		{"500KiB/s", Rate{Bytes: 500 << 10}, "500KiB/s"},
		{"1.5GB/s", Rate{Bytes: 1.5e9}, "1.5GB/s"},
		{"100Mbit/s", Rate{Bytes: 12.5e6}, "12.5MB/s"},
		{"1000/s", Rate{Chunks: 1000}, "1000chunks/s"},
		{"1000chunks/s", Rate{Chunks: 1000}, "1000chunks/s"},
		{"0.5/s", Rate{Chunks: 0.5}, "0.5chunks/s"},
		{"10 MiB/s", Rate{Bytes: 10 << 20}, "10MiB/s"},
	} {
		got, err := ParseRate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		if s := got.String(); s != tt.string {
			t.Errorf("ParseRate(%q).String() = %s; want %s", tt.in, s, tt.string)
		}
	}
}

func TestParseRateErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, want string
	}{
		{"10", "needs a unit"},
		{"10MiB", "not a rate"},
		{"10MiBps", "write a rate with /s"},
		{"0MiB/s", "must be positive"},
		{"fast", "not a rate"},
		{"10mib/s", "did you mean MiB?"},
		{"/s", "not a rate"},
	} {
		_, err := ParseRate(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRate(%q) error = %v; want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestRateTime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		r    Rate
		n    int64
		want time.Duration
	}{
		{Rate{Bytes: 10 << 20}, 1 << 20, 100 * time.Millisecond},
		{Rate{Chunks: 1000}, 1 << 20, time.Millisecond},
		{Unlimited, 1 << 20, 0},
	} {
		if got := tt.r.Time(tt.n); got != tt.want {
			t.Errorf("%v.Time(%d) = %v; want %v", tt.r, tt.n, got, tt.want)
		}
	}
}
