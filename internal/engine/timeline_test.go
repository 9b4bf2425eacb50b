package engine

import (
	"testing"
	"time"
)

// A long sawtooth decimates to at most the bound and keeps its extremes.
func TestTimelineBounded(t *testing.T) {
	t.Parallel()
	tl := newTimeline(4096)
	var peak int64
	for i := range int64(1_000_000) {
		v := i % 1000 // sawtooth
		if i == 777_777 {
			v = 5000 // one spike
		}
		peak = max(peak, v)
		tl.add(Point{time.Duration(i) * time.Microsecond, v})
	}
	pts := tl.points()
	if len(pts) > 4096 {
		t.Fatalf("%d points; want at most 4096", len(pts))
	}
	var gotPeak, gotLow int64 = 0, 1 << 62
	for i, p := range pts {
		if i > 0 && p.T <= pts[i-1].T {
			t.Fatalf("points out of order at %d: %v after %v", i, p, pts[i-1])
		}
		gotPeak, gotLow = max(gotPeak, p.Bytes), min(gotLow, p.Bytes)
	}
	if gotPeak != 5000 || gotLow != 0 {
		t.Errorf("kept range [%d, %d]; want [0, 5000]", gotLow, gotPeak)
	}
}

func TestIntervalsBounded(t *testing.T) {
	t.Parallel()
	s := newIntervals(100)
	var total time.Duration
	for i := range 100_000 {
		start := time.Duration(i) * time.Millisecond
		s.add(Interval{start, start + 300*time.Microsecond})
		total += 300 * time.Microsecond
	}
	got := s.all()
	if len(got) > 100 {
		t.Fatalf("%d intervals; want at most 100", len(got))
	}
	if got[0].Start != 0 || got[len(got)-1].End != 99_999*time.Millisecond+300*time.Microsecond {
		t.Errorf("span = [%v, %v]", got[0].Start, got[len(got)-1].End)
	}
}
