package metrics

import (
	"math"
	"testing"
	"time"
)

func TestU128(t *testing.T) {
	t.Parallel()
	var u u128
	u.addMul(1<<40, 1<<40) // 2^80
	u.add(5)
	if u.hi != 1<<16 || u.lo != 5 {
		t.Fatalf("2^80+5 = {%d %d}; want {65536 5}", u.hi, u.lo)
	}
	if got, want := u.div(1<<20), math.Ldexp(1, 60); got != want {
		t.Errorf("(2^80+5)/2^20 = %v; want %v", got, want)
	}
	var small u128
	small.add(7)
	if got := small.div(2); got != 3.5 {
		t.Errorf("7/2 = %v; want 3.5", got)
	}
	if got := small.div(0); got != 0 {
		t.Errorf("7/0 = %v; want 0", got)
	}
}

func TestStepMeanAndPeak(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		changes [][2]int64 // t in ns, value
		end     time.Duration
		mean    float64
		peak    int64
	}{
		{"0 for 1s then 100 for 3s", [][2]int64{{1e9, 100}}, 4 * time.Second, 75, 100},
		{"never set", nil, time.Second, 0, 0},
		{"zero duration", [][2]int64{{0, 100}}, 0, 0, 100},
		{"same-instant transient does not count", [][2]int64{{1e9, 500}, {1e9, 100}}, 2 * time.Second, 50, 100},
		{"value set at end counts for peak only", [][2]int64{{1e9, 10}, {2e9, 900}}, 2 * time.Second, 5, 900},
		{"sawtooth", [][2]int64{{0, 10}, {1e9, 20}, {2e9, 0}, {3e9, 20}}, 4 * time.Second, 12.5, 20},
	}
	for _, tt := range tests {
		var s step
		for _, c := range tt.changes {
			s.set(time.Duration(c[0]), c[1])
		}
		s.close(tt.end)
		if got := s.mean(tt.end); got != tt.mean {
			t.Errorf("%s: mean = %v; want %v", tt.name, got, tt.mean)
		}
		if s.peak != tt.peak {
			t.Errorf("%s: peak = %d; want %d", tt.name, s.peak, tt.peak)
		}
	}
}

func TestStepAreaBeyond64Bits(t *testing.T) {
	t.Parallel()
	// 1 GiB for an hour is 3.9e21 byte·ns, past uint64.
	var s step
	s.set(0, 1<<30)
	s.close(time.Hour)
	if got := s.mean(time.Hour); got != 1<<30 {
		t.Errorf("mean = %v; want %v", got, 1<<30)
	}
}
