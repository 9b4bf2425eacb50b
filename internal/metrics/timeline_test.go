package metrics

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestTimelineKeepsFewPointsExactly(t *testing.T) {
	t.Parallel()
	tl := newTimeline(16)
	in := []Point{{0, 0}, {1, 5}, {3, 2}, {10, 7}}
	for _, p := range in {
		tl.add(p)
	}
	if got := tl.points(); !slices.Equal(got, in) {
		t.Errorf("points = %v; want %v", got, in)
	}
}

func TestTimelineBoundedAndKeepsPeak(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{2, 16, 4096} {
		rng := rand.New(rand.NewPCG(1, uint64(limit)))
		tl := newTimeline(limit)
		var peak Point
		var tm time.Duration
		for i := range 1_000_000 {
			tm += time.Duration(rng.IntN(1000)) * time.Microsecond
			v := int64(i%1000) * 64 // sawtooth
			if i == 777_777 {
				v = 1 << 30 // a single spike
			}
			if v > peak.Bytes {
				peak = Point{tm, v}
			}
			tl.add(Point{tm, v})
		}
		got := tl.points()
		if len(got) > limit {
			t.Errorf("limit %d: kept %d points", limit, len(got))
		}
		if !slices.Contains(got, peak) {
			t.Errorf("limit %d: peak %v not kept", limit, peak)
		}
		if !slices.IsSortedFunc(got, func(a, b Point) int { return int(a.T - b.T) }) {
			t.Errorf("limit %d: points out of time order", limit)
		}
	}
}

func TestTimelineSparseEvents(t *testing.T) {
	t.Parallel()
	// Events far apart: doubling must keep going until buckets merge.
	tl := newTimeline(4)
	for i := range 100 {
		tl.add(Point{time.Duration(i) * time.Hour, int64(i)})
	}
	got := tl.points()
	if len(got) > 4 || got[len(got)-1] != (Point{99 * time.Hour, 99}) {
		t.Errorf("points = %v; want at most 4 ending at the peak", got)
	}
}

func TestTimelineDeterministic(t *testing.T) {
	t.Parallel()
	run := func() []Point {
		tl := newTimeline(64)
		for i := range 100_000 {
			tl.add(Point{time.Duration(i * i), int64(i % 97)})
		}
		return tl.points()
	}
	if a, b := run(), run(); !slices.Equal(a, b) {
		t.Error("two identical runs gave different timelines")
	}
}

func TestIntervalsMergeAndBound(t *testing.T) {
	t.Parallel()
	s := newIntervals(8)
	s.add(Interval{0, 10})
	s.add(Interval{10, 20}) // touching: joined
	s.add(Interval{30, 40})
	if got, want := s.all(), []Interval{{0, 20}, {30, 40}}; !slices.Equal(got, want) {
		t.Fatalf("intervals = %v; want %v", got, want)
	}
	var total time.Duration
	for i := range 10_000 {
		from := time.Duration(100 + i*10)
		s.add(Interval{from, from + time.Duration(i%7+1)})
		total = from + time.Duration(i%7+1)
	}
	got := s.all()
	if len(got) > 8 {
		t.Errorf("kept %d intervals; want at most 8", len(got))
	}
	if got[0].Start != 0 || got[len(got)-1].End != total {
		t.Errorf("intervals span %v..%v; want 0..%v", got[0].Start, got[len(got)-1].End, total)
	}
}

func TestPointAndIntervalJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal([]any{Point{1500, 64}, Interval{1, 2}})
	if err != nil || string(b) != "[[1500,64],[1,2]]" {
		t.Fatalf("Marshal = %s, %v; want [[1500,64],[1,2]]", b, err)
	}
	var p Point
	var iv Interval
	if err := json.Unmarshal([]byte("[1500,64]"), &p); err != nil || p != (Point{1500, 64}) {
		t.Errorf("Unmarshal point = %v, %v", p, err)
	}
	if err := json.Unmarshal([]byte("[1,2]"), &iv); err != nil || iv != (Interval{1, 2}) {
		t.Errorf("Unmarshal interval = %v, %v", iv, err)
	}
	if err := json.Unmarshal([]byte(`{"t":1}`), &p); err == nil {
		t.Error("Unmarshal of an object: no error")
	}
}
