package scenario

import (
	"math/rand/v2"
	"testing"
)

func TestChunkSample(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		c      ChunkSize
		lo, hi Size
		meanLo float64
		meanHi float64
		str    string
	}{
		{FixedChunk(4096), 4096, 4096, 4096, 4096, "4KiB"},
		{ChunkSize{Dist: Uniform, Min: 1024, Max: 3072}, 1024, 3072, 1950, 2150, "uniform-1KiB-3KiB"},
		{ChunkSize{Dist: Normal, Size: 16 << 10, Stddev: 4 << 10, Min: 1, Max: 32 << 10}, 1, 32 << 10, 16000, 16800, "normal-16KiB-4KiB"},
		{ChunkSize{Dist: Normal, Size: 16 << 10, Stddev: 4 << 10, Min: 15 << 10, Max: 17 << 10}, 15 << 10, 17 << 10, 15500, 17000, "normal-16KiB-4KiB-15KiB-17KiB"},
		{ChunkSize{Dist: Choice, Choices: []Weighted{{1024, 3}, {2048, 1}}}, 1024, 2048, 1200, 1360, "choice-1KiBx3-2KiBx1"},
	} {
		sum := 0.0
		const n = 10000
		for range n {
			v := Size(tt.c.Engine().Sample(r))
			if v < tt.lo || v > tt.hi {
				t.Fatalf("%s.Engine().Sample() = %d; want within [%d, %d]", tt.str, v, tt.lo, tt.hi)
			}
			sum += float64(v)
		}
		if mean := sum / n; mean < tt.meanLo || mean > tt.meanHi {
			t.Errorf("%s: mean of samples %.0f; want within [%.0f, %.0f]", tt.str, mean, tt.meanLo, tt.meanHi)
		}
		if tt.c.Smallest() != tt.lo || tt.c.Largest() != tt.hi {
			t.Errorf("%s: Smallest, Largest = %d, %d; want %d, %d", tt.str, tt.c.Smallest(), tt.c.Largest(), tt.lo, tt.hi)
		}
		if s := tt.c.String(); s != tt.str {
			t.Errorf("String() = %s; want %s", s, tt.str)
		}
	}
}
