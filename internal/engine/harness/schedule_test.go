package harness

import (
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
)

func TestAdvance(t *testing.T) {
	t.Parallel()
	s := engine.Stalls{Every: 10, For: 3} // stalls at [10,13) [20,23) ...
	tests := []struct{ t, d, want time.Duration }{
		{0, 5, 5},
		{0, 10, 10},          // ends as the stall starts
		{0, 11, 14},          // 10 before, 1 after
		{11, 0, 13},          // nothing to do, but waits for the stall's end
		{11, 2, 15},          // starts at 13
		{13, 7, 20},          // exactly one work segment
		{13, 8, 24},          // spills over the next stall
		{5, 5 + 7*3, 40},     // 5 to 10, then three whole segments: ends at 40
		{5, 5 + 7*3 + 1, 44}, // and 1 after the stall at 40
	}
	for _, tt := range tests {
		if got := advance(tt.t, tt.d, s); got != tt.want {
			t.Errorf("advance(%d, %d) = %d; want %d", tt.t, tt.d, got, tt.want)
		}
	}
	if got := advance(7, 100, engine.Stalls{}); got != 107 {
		t.Errorf("advance without stalls = %d; want 107", got)
	}
}

func TestBurstSchedule(t *testing.T) {
	t.Parallel()
	b := engine.Burst{On: 10, Off: 30} // on [0,10) [40,50) [80,90) ...
	active := []struct{ in, want time.Duration }{
		{0, 0}, {5, 5}, {10, 10}, {11, 41}, {20, 50}, {25, 85},
	}
	for _, tt := range active {
		if got := activeToClock(tt.in, b); got != tt.want {
			t.Errorf("activeToClock(%d) = %d; want %d", tt.in, got, tt.want)
		}
	}
	gates := []struct{ in, want time.Duration }{
		{0, 0}, {9, 9}, {10, 40}, {39, 40}, {40, 40}, {55, 80},
	}
	for _, tt := range gates {
		if got := gate(tt.in, b); got != tt.want {
			t.Errorf("gate(%d) = %d; want %d", tt.in, got, tt.want)
		}
	}
	if got := activeToClock(123, engine.Burst{}); got != 123 {
		t.Errorf("no burst: activeToClock(123) = %d", got)
	}
}

// Service times keep their sub-nanosecond remainders: 3 bytes at 1 GB/s is
// 3 ns, whatever the rounding of each 1-byte chunk.
func TestServiceCarry(t *testing.T) {
	t.Parallel()
	c := &consumer{cfg: &engine.Consumer{Rate: 3e9}} // 1/3 ns per byte
	var total time.Duration
	for range 3000 {
		total += c.service(1)
	}
	if total != 1000 {
		t.Errorf("3000 bytes at 3 GB/s took %d ns; want 1000", total)
	}
}

func TestRing(t *testing.T) {
	t.Parallel()
	var q ring
	var end int64
	for i := range int64(1000) {
		end += i + 1
		q.push(flightChunk{end: end, ready: time.Duration(i)})
	}
	// Chunk i has i+1 bytes.
	if got := q.bytes(10, 20); got != 11+12+13+14+15+16+17+18+19+20 {
		t.Errorf("bytes(10, 20) = %d", got)
	}
	for range 500 {
		q.pop()
	}
	if q.base != 500 || q.front().ready != 500 {
		t.Errorf("after 500 pops: base %d, front %+v", q.base, q.front())
	}
	if got := q.bytes(500, 502); got != 501+502 {
		t.Errorf("bytes(500, 502) = %d; want %d", got, 501+502)
	}
	if got := q.bytes(0, 501); got != 501 { // before base: clamped
		t.Errorf("bytes(0, 501) = %d; want 501", got)
	}
}
