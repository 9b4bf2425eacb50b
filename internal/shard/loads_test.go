package shard

import (
	"time"

	"github.com/bpbench/bpbench/internal/plan"
)

// Loads returns the expected time of each of n shards (for messages).
func Loads(cells []plan.Cell, n int) []time.Duration {
	load := make([]time.Duration, n)
	for k, s := range Assign(cells, n) {
		load[s] += Estimate(cells[k].Config)
	}
	return load
}
