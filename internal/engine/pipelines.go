package engine

import "fmt"

// pipelinesNote says, in an error about work, that the pipelines count.
func (c *Config) pipelinesNote() string {
	if c.Pipelines < 2 {
		return ""
	}
	return fmt.Sprintf(" in all (%d pipelines of %.0f each)", c.Pipelines, c.maxWorkOne())
}

// PipelineSeed returns the seed of pipeline i of a cell seeded with seed
// (Config.Pipelines): seed itself for pipeline 0, so one pipeline runs as a
// cell always did, and for the others a SplitMix64 mix of seed and i, so
// each pipeline draws its own chunk sizes and jitter from streams no other
// pipeline (and no other random stream of the cell) uses, whatever order
// the pipelines run in.
func PipelineSeed(seed uint64, i int) uint64 {
	if i == 0 {
		return seed
	}
	z := seed + uint64(i)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
