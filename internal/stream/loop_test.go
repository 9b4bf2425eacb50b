package stream_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

// TestTimerOrder: timers run in deadline order, ties in scheduling order,
// stopped ones never; the clock reads each deadline as it runs.
func TestTimerOrder(t *testing.T) {
	t.Parallel()
	l := stream.NewLoop(nil, stream.Node22)
	var got []string
	at := func(d time.Duration, name string) *stream.Timer {
		return l.At(d, func() { got = append(got, fmt.Sprintf("%s@%v", name, l.Now())) })
	}
	at(3, "c")
	at(1, "a1")
	b := at(2, "b")
	at(1, "a2")
	at(5, "e").Stop()
	if !b.Stop() {
		t.Fatalf("Stop of a pending timer = false; want true")
	}
	if b.Stop() {
		t.Fatalf("second Stop = true; want false")
	}
	at(2, "b2")
	l.Run(nil)
	want := []string{"a1@1ns", "a2@1ns", "b2@2ns", "c@3ns"}
	if !slices.Equal(got, want) {
		t.Fatalf("ran %v; want %v", got, want)
	}
}

// TestTimerReset: a reused timer runs once per ResetAt, in the same order
// as a new At at that moment would; resetting a pending timer moves it.
func TestTimerReset(t *testing.T) {
	t.Parallel()
	l := stream.NewLoop(nil, stream.Node22)
	var got []string
	n := 0
	var tm *stream.Timer
	tm = l.NewTimer(func() {
		got = append(got, fmt.Sprintf("tm@%v", l.Now()))
		if n++; n < 3 {
			if tm.Reset(10) {
				t.Errorf("Reset from its own callback = true; want false (it ran)")
			}
			l.At(l.Now()+10, func() { got = append(got, fmt.Sprintf("at@%v", l.Now())) })
		}
	})
	if tm.Stop() {
		t.Fatalf("Stop of a new timer = true; want false")
	}
	if tm.ResetAt(100) {
		t.Fatalf("first ResetAt = true; want false")
	}
	if !tm.ResetAt(5) {
		t.Fatalf("ResetAt of a pending timer = false; want true")
	}
	l.At(5, func() { got = append(got, fmt.Sprintf("at@%v", l.Now())) })
	l.Run(nil)
	want := []string{"tm@5ns", "at@5ns", "tm@15ns", "at@15ns", "tm@25ns", "at@25ns"}
	if !slices.Equal(got, want) {
		t.Fatalf("ran %v; want %v", got, want)
	}
	tm.ResetAt(40)
	tm.Stop()
	tm.ResetAt(30) // stopped but still queued: rescheduled in place
	l.Run(nil)
	if last := got[len(got)-1]; last != "tm@30ns" || len(got) != len(want)+1 {
		t.Fatalf("after stop and reset ran %v; want one more tm@30ns", got[len(want):])
	}
}

// TestTimerHeapRandom compares the loop's order with a sort of random
// deadlines, some timers reused, some stopped.
func TestTimerHeapRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		l := stream.NewLoop(nil, stream.Node22)
		type ev struct {
			when time.Duration
			id   int
		}
		var want, got []ev
		for id := range 1 + rng.IntN(60) {
			when := time.Duration(rng.IntN(20))
			fn := func() { got = append(got, ev{l.Now(), id}) }
			var tm *stream.Timer
			if rng.IntN(2) == 0 {
				tm = l.At(when, fn)
			} else {
				tm = l.NewTimer(fn)
				tm.ResetAt(when)
			}
			if rng.IntN(5) == 0 {
				tm.Stop()
				continue
			}
			want = append(want, ev{when, id})
		}
		slices.SortStableFunc(want, func(a, b ev) int { return int(a.when - b.when) })
		l.Run(nil)
		if !slices.Equal(got, want) {
			t.Fatalf("ran %v; want %v", got, want)
		}
		if l.Pending() {
			t.Fatalf("Pending after Run = true; want false")
		}
	}
}
