package shard

import (
	"cmp"
	"slices"
	"time"

	"github.com/bpbench/bpbench/internal/plan"
)

// Split returns the cells of shard i of n (0 <= i < n), in plan order.
// Cells are dealt longest first (by Estimate) to the shard with the least
// expected time so far, ties to the lower shard: the same plan gives the
// same shards on every machine, and cells of equal length go round-robin.
func Split(cells []plan.Cell, i, n int) []plan.Cell {
	if n < 1 || i < 0 || i >= n {
		return nil
	}
	owner := Assign(cells, n)
	var out []plan.Cell
	for k := range cells {
		if owner[k] == i {
			out = append(out, cells[k])
		}
	}
	return out
}

// Assign returns, for each cell, the shard of n that runs it (see Split).
func Assign(cells []plan.Cell, n int) []int {
	cost := make([]time.Duration, len(cells))
	order := make([]int, len(cells))
	for k := range cells {
		cost[k] = Estimate(cells[k].Config)
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[b], cost[a]) })
	load := make([]time.Duration, n)
	owner := make([]int, len(cells))
	for _, k := range order {
		best := 0
		for s := 1; s < n; s++ {
			if load[s] < load[best] {
				best = s
			}
		}
		owner[k] = best
		load[best] += cost[k]
	}
	return owner
}
