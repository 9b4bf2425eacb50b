package shard

import (
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
)

// Take returns the cells of a run's plan that shard sp runs (Split), and
// the run.json record of the shard: which shard, where it came from, the
// plan's size and every point of the whole plan, so that a merge can tell
// what is missing.
func Take(cells []plan.Cell, sp Spec) ([]plan.Cell, *results.Shard) {
	part := &results.Shard{Index: sp.Index, Count: sp.Count, From: sp.From, PlanCells: len(cells)}
	for _, c := range cells {
		if c.Repeat == 0 {
			part.Points = append(part.Points, c.Name)
		}
	}
	return Split(cells, sp.Index, sp.Count), part
}
