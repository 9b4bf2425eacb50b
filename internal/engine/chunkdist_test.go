package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestChunkDists(t *testing.T) {
	t.Parallel()
	dists := []ChunkDist{
		Fixed(4096),
		Uniform{MinSize: 1, MaxSize: 1000},
		Normal{MeanSize: 5000, Stddev: 1000, MinSize: 1, MaxSize: 1 << 20},
		Normal{MeanSize: 100, Stddev: 1000, MinSize: 50, MaxSize: 150}, // clamped hard
		Weighted{{Size: 10, Weight: 1}, {Size: 1000, Weight: 3}, {Size: 7, Weight: 0}},
	}
	for _, d := range dists {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			t.Parallel()
			if err := d.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			const n = 200000
			sum := 0.0
			for range n {
				x := d.Sample(rng)
				if x < d.Min() || x > d.Max() || x < 1 {
					t.Fatalf("Sample() = %d; want in [%d, %d]", x, d.Min(), d.Max())
				}
				sum += float64(x)
			}
			if _, clamped := d.(Normal); clamped && d.Max() == 150 {
				return // the clamped mean is not Mean()
			}
			if mean := sum / n; math.Abs(mean-d.Mean()) > 0.01*d.Mean() {
				t.Errorf("sample mean = %v; want %v ±1%%", mean, d.Mean())
			}
		})
	}
}

func TestWeightedNeverPicksZeroWeight(t *testing.T) {
	t.Parallel()
	w := Weighted{{Size: 1, Weight: 0}, {Size: 2, Weight: 1}, {Size: 3, Weight: 0}}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 10000 {
		if x := w.Sample(rng); x != 2 {
			t.Fatalf("Sample() = %d; want 2", x)
		}
	}
	if w.Min() != 2 || w.Max() != 2 {
		t.Errorf("Min, Max = %d, %d; want 2, 2", w.Min(), w.Max())
	}
}

// TestChunkDistMessages: a bad distribution's sizes read as sizes.
func TestChunkDistMessages(t *testing.T) {
	t.Parallel()
	err := Uniform{MinSize: 8 << 10, MaxSize: 4 << 10}.Validate()
	if err == nil || !strings.Contains(err.Error(), "min 8KiB, max 4KiB") {
		t.Errorf("Uniform{8KiB, 4KiB}.Validate() = %v; want min 8KiB, max 4KiB", err)
	}
}
