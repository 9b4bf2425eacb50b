package scenario

import (
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/engine"
)

// Dist is the kind of a chunk size distribution.
type Dist string

// The distributions.
const (
	// Fixed: every chunk is Size bytes.
	Fixed Dist = "fixed"
	// Uniform: sizes uniform over [Min, Max].
	Uniform Dist = "uniform"
	// Normal: sizes normal with mean Size and deviation Stddev, rounded and
	// clamped to [Min, Max].
	Normal Dist = "normal"
	// Choice: sizes drawn from Choices with their weights.
	Choice Dist = "choice"
)

// ChunkSize is the size of the chunks a producer pushes. Scenarios write a
// size (4KiB) or one of
//
//	{ uniform: { min: 1KiB, max: 64KiB } }
//	{ normal: { mean: 16KiB, stddev: 4KiB, min: 1KiB, max: 64KiB } }
//	{ choice: [ { size: 1KiB, weight: 9 }, { size: 1MiB, weight: 1 } ] }
type ChunkSize struct {
	// Dist is the distribution.
	Dist Dist
	// Size is the size of every chunk (Fixed) or the mean (Normal).
	Size Size
	// Stddev is Normal's standard deviation.
	Stddev Size
	// Min and Max bound the sizes (Uniform, Normal); for Normal they default
	// to 4 standard deviations either side of the mean, and Min to no less
	// than 1B.
	Min, Max Size
	// Choices are Choice's sizes.
	Choices []Weighted
}

// Weighted is one size of a Choice distribution.
type Weighted struct {
	// Size is the chunk size.
	Size Size
	// Weight is its relative frequency (default 1).
	Weight float64
}

// FixedChunk returns the ChunkSize of n-byte chunks.
func FixedChunk(n Size) ChunkSize { return ChunkSize{Dist: Fixed, Size: n} }

// Engine returns the distribution the engines draw from: the one
// implementation of chunk sizes (engine.ChunkDist). ChunkSize is how a
// scenario writes and names it.
func (c ChunkSize) Engine() engine.ChunkDist {
	switch c.Dist {
	case Uniform:
		return engine.Uniform{MinSize: int(c.Min), MaxSize: int(c.Max)}
	case Normal:
		return engine.Normal{MeanSize: float64(c.Size), Stddev: float64(c.Stddev), MinSize: int(c.Min), MaxSize: int(c.Max)}
	case Choice:
		w := make(engine.Weighted, len(c.Choices))
		for i, ch := range c.Choices {
			w[i] = engine.WeightedSize{Size: int(ch.Size), Weight: ch.Weight}
		}
		return w
	}
	return engine.Fixed(int(c.Size))
}

// Smallest returns the smallest size c can give.
func (c ChunkSize) Smallest() Size { return Size(c.Engine().Min()) }

// Largest returns the largest size c can give.
func (c ChunkSize) Largest() Size { return Size(c.Engine().Max()) }

// String formats c for cell names: 4KiB, uniform-1KiB-64KiB,
// normal-16KiB-4KiB (with -min-max when they are not the defaults),
// choice-1KiBx9-1MiBx1.
func (c ChunkSize) String() string {
	switch c.Dist {
	case Uniform:
		return "uniform-" + c.Min.String() + "-" + c.Max.String()
	case Normal:
		s := "normal-" + c.Size.String() + "-" + c.Stddev.String()
		if lo, hi := normalBounds(c.Size, c.Stddev); c.Min != lo || c.Max != hi {
			s += "-" + c.Min.String() + "-" + c.Max.String()
		}
		return s
	case Choice:
		var b strings.Builder
		b.WriteString("choice")
		for _, w := range c.Choices {
			b.WriteString("-" + w.Size.String() + "x" + strconv.FormatFloat(w.Weight, 'g', -1, 64))
		}
		return b.String()
	}
	return c.Size.String()
}

// normalBounds are Normal's default Min and Max: mean ± 4 stddev, at least 1B.
func normalBounds(mean, stddev Size) (lo, hi Size) {
	return max(1, mean-4*stddev), mean + 4*stddev
}
