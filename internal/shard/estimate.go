package shard

import (
	"math"
	"time"

	"github.com/bpbench/bpbench/internal/scenario"
)

// Rough fixed costs of a cell, beyond the time its data takes: what
// balances shards, not a prediction anyone reads.
const (
	// simPerChunk is the sim engine's cost of one chunk through a pipeline
	// stage (events, metrics), and simCell the cost of a cell's setup.
	simPerChunk = time.Microsecond
	simCell     = time.Millisecond
	// realtimeCell and nodeCell are a wall-clock cell's setup: building the
	// pipeline, and for node starting a process.
	realtimeCell = 10 * time.Millisecond
	nodeCell     = 150 * time.Millisecond
)

// maxEstimate caps an estimate, so that sums of many do not overflow.
const maxEstimate = 1000 * time.Hour

// Estimate returns the expected time a machine spends on a cell of s:
// for the wall-clock engines, how long its data takes through the
// slowest part of the pipeline (capped by stop.duration) plus a setup
// time; for sim, its number of chunks times a per-chunk cost.
//
// Every step is integer arithmetic or one rounded floating-point
// operation, so that machines of any architecture get the same value.
func Estimate(s *scenario.Scenario) time.Duration {
	mean := meanChunk(s.Producer.Chunk)
	per := perChunk(s, mean)
	// How many chunks the producer sends before a stop limit.
	chunks := int64(-1) // unbounded
	bound := func(n int64) {
		if n > 0 && (chunks < 0 || n < chunks) {
			chunks = n
		}
	}
	bound(s.Stop.Chunks)
	if s.Stop.Bytes > 0 {
		bound(max(1, int64(s.Stop.Bytes)/mean))
	}
	wall := time.Duration(-1) // unbounded
	if chunks >= 0 && per > 0 {
		wall = mulCap(per, chunks)
	}
	if d := s.Stop.Duration; d > 0 && (wall < 0 || d < wall) {
		wall = d
		if per > 0 {
			bound(int64(d / per))
		}
	}
	wall = max(wall, 0)
	switch s.Engine {
	case scenario.Realtime:
		return min(wall+realtimeCell, maxEstimate)
	case scenario.Node:
		return min(wall+nodeCell, maxEstimate)
	}
	stages := int64(1 + len(s.Stages) + len(s.Consumers))
	if chunks < 0 {
		chunks = 0
	}
	return min(mulCap(simPerChunk, mulInt(chunks, stages))+simCell, maxEstimate)
}

// perChunk returns the time of one chunk of mean bytes at the slowest part
// of the pipeline: the producer (slowed by its bursts' idle time), a
// stage, or a consumer (slowed by its stalls).
func perChunk(s *scenario.Scenario, mean int64) time.Duration {
	p := s.Producer.Rate.Time(mean)
	if s.Producer.Mode == scenario.Pull {
		p += s.Producer.Latency
	}
	if b := s.Producer.Burst; b.On > 0 && b.Off > 0 {
		p = scale(p, b.On+b.Off, b.On)
	}
	slowest := p
	for _, st := range s.Stages {
		slowest = max(slowest, st.Cost.Of(mean))
	}
	for _, c := range s.Consumers {
		t := c.Latency + c.Rate.Time(mean)
		if st := c.Stalls; st.Every > 0 && st.For > 0 && st.For < st.Every {
			t = scale(t, st.Every, st.Every-st.For)
		}
		slowest = max(slowest, t)
	}
	return slowest
}

// meanChunk returns the mean size of c's chunks, at least 1.
func meanChunk(c scenario.ChunkSize) int64 {
	var m int64
	switch c.Dist {
	case scenario.Uniform:
		m = int64(c.Min)/2 + int64(c.Max)/2
	case scenario.Choice:
		var sum, weight float64
		for _, w := range c.Choices {
			// float64(...) rounds each product: no fused multiply-add, so
			// every architecture gets the same sum.
			sum += float64(w.Weight * float64(w.Size))
			weight += w.Weight
		}
		if weight > 0 {
			m = int64(math.Round(sum / weight))
		}
	default:
		m = int64(c.Size)
	}
	return max(m, 1)
}

// scale returns d*num/den, capped.
func scale(d, num, den time.Duration) time.Duration {
	if den <= 0 {
		return maxEstimate
	}
	return min(time.Duration(float64(d)*float64(num)/float64(den)), maxEstimate)
}

// mulCap returns d*n capped at maxEstimate.
func mulCap(d time.Duration, n int64) time.Duration {
	if d <= 0 || n <= 0 {
		return 0
	}
	if n > int64(maxEstimate/d) {
		return maxEstimate
	}
	return d * time.Duration(n)
}

// mulInt returns a*b for non-negative a, b, saturating.
func mulInt(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}
