package engine

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bpbench/bpbench/internal/units"
)

// ChunkDist is a distribution of chunk sizes in bytes. Sample draws from rng
// (a Fixed size draws nothing); every size is in [Min(), Max()] and ≥ 1.
// The implementations are Fixed, Uniform, Normal and Weighted.
type ChunkDist interface {
	// Sample returns the next size.
	Sample(rng *rand.Rand) int
	// Min and Max bound every size Sample returns.
	Min() int
	Max() int
	// Mean is the expected size.
	Mean() float64
	// Validate reports an impossible parameter.
	Validate() error
}

// Fixed is a constant chunk size.
type Fixed int

// Sample returns n.
func (n Fixed) Sample(*rand.Rand) int { return int(n) }

// Min returns n.
func (n Fixed) Min() int { return int(n) }

// Max returns n.
func (n Fixed) Max() int { return int(n) }

// Mean returns n.
func (n Fixed) Mean() float64 { return float64(n) }

// Validate requires n ≥ 1.
func (n Fixed) Validate() error {
	if n < 1 {
		return invalid("fixed", "size %s < 1B", units.Size(n))
	}
	return nil
}

// Uniform draws sizes uniformly from [Min, Max], both included.
type Uniform struct {
	// MinSize and MaxSize are the bounds (1 ≤ MinSize ≤ MaxSize).
	MinSize, MaxSize int
}

// Sample returns a size in [MinSize, MaxSize].
func (u Uniform) Sample(rng *rand.Rand) int {
	return u.MinSize + rng.IntN(u.MaxSize-u.MinSize+1)
}

// Min returns MinSize.
func (u Uniform) Min() int { return u.MinSize }

// Max returns MaxSize.
func (u Uniform) Max() int { return u.MaxSize }

// Mean returns the midpoint.
func (u Uniform) Mean() float64 { return (float64(u.MinSize) + float64(u.MaxSize)) / 2 }

// Validate requires 1 ≤ MinSize ≤ MaxSize.
func (u Uniform) Validate() error {
	if u.MinSize < 1 || u.MaxSize < u.MinSize {
		return invalid("uniform", "min %s, max %s (need 1B ≤ min ≤ max)", units.Size(u.MinSize), units.Size(u.MaxSize))
	}
	return nil
}

// Normal draws sizes from a normal distribution, rounded to the nearest
// byte and clamped to [MinSize, MaxSize].
type Normal struct {
	// MeanSize and Stddev are the distribution's parameters, in bytes.
	MeanSize, Stddev float64
	// MinSize and MaxSize clamp the draws (1 ≤ MinSize ≤ MaxSize).
	MinSize, MaxSize int
}

// Sample returns a clamped normal draw.
func (n Normal) Sample(rng *rand.Rand) int {
	x := math.Round(n.MeanSize + n.Stddev*rng.NormFloat64())
	return int(min(max(x, float64(n.MinSize)), float64(n.MaxSize)))
}

// Min returns MinSize.
func (n Normal) Min() int { return n.MinSize }

// Max returns MaxSize.
func (n Normal) Max() int { return n.MaxSize }

// Mean returns MeanSize clamped to the bounds (the mean of the clamped
// distribution differs when the clamp cuts a tail unevenly).
func (n Normal) Mean() float64 {
	return min(max(n.MeanSize, float64(n.MinSize)), float64(n.MaxSize))
}

// Validate requires a finite mean, Stddev ≥ 0 and 1 ≤ MinSize ≤ MaxSize.
func (n Normal) Validate() error {
	if math.IsNaN(n.MeanSize) || math.IsInf(n.MeanSize, 0) || !(n.Stddev >= 0) || math.IsInf(n.Stddev, 1) {
		return invalid("normal", "mean %v, stddev %v", n.MeanSize, n.Stddev)
	}
	if n.MinSize < 1 || n.MaxSize < n.MinSize {
		return invalid("normal", "min %s, max %s (need 1B ≤ min ≤ max)", units.Size(n.MinSize), units.Size(n.MaxSize))
	}
	return nil
}

// Weighted chooses among sizes with probabilities proportional to their
// weights.
type Weighted []WeightedSize

// WeightedSize is one choice of a Weighted distribution.
type WeightedSize struct {
	// Size is the chunk size (≥ 1).
	Size int
	// Weight is its relative weight (≥ 0; the sum must be > 0).
	Weight float64
}

// Sample returns one of the sizes.
func (w Weighted) Sample(rng *rand.Rand) int {
	total := 0.0
	for _, c := range w {
		total += c.Weight
	}
	x := rng.Float64() * total
	for _, c := range w {
		if x < c.Weight {
			return c.Size
		}
		x -= c.Weight
	}
	// Rounding left x at the very top: the last size with a weight.
	for i := len(w) - 1; i >= 0; i-- {
		if w[i].Weight > 0 {
			return w[i].Size
		}
	}
	return w[len(w)-1].Size
}

// Min returns the smallest size with a weight.
func (w Weighted) Min() int {
	m := math.MaxInt
	for _, c := range w {
		if c.Weight > 0 {
			m = min(m, c.Size)
		}
	}
	return m
}

// Max returns the largest size with a weight.
func (w Weighted) Max() int {
	m := 0
	for _, c := range w {
		if c.Weight > 0 {
			m = max(m, c.Size)
		}
	}
	return m
}

// Mean returns the weighted mean size.
func (w Weighted) Mean() float64 {
	s, t := 0.0, 0.0
	for _, c := range w {
		s += float64(c.Size) * c.Weight
		t += c.Weight
	}
	return s / t
}

// Validate requires sizes ≥ 1, finite weights ≥ 0 and a positive total.
func (w Weighted) Validate() error {
	total := 0.0
	for i, c := range w {
		if c.Size < 1 || !finiteNonNeg(c.Weight) {
			return invalid(fmt.Sprintf("weighted[%d]", i), "size %s, weight %v", units.Size(c.Size), c.Weight)
		}
		total += c.Weight
	}
	if !(total > 0) || math.IsInf(total, 1) {
		return invalid("weighted", "weights sum to %v", total)
	}
	return nil
}

// invalid is a chunk distribution's error: "what: detail", wrapping
// ErrInvalidValue.
func invalid(what, format string, a ...any) error {
	return fmt.Errorf("%s: %s: %w", what, fmt.Sprintf(format, a...), ErrInvalidValue)
}
