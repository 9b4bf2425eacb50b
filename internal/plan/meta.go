package plan

import (
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
)

// Meta returns the part of a run's run.json that the scenario s and its
// cells tell: the scenario's text and hash, its defaults, sweep axes,
// thresholds and recommendation objective, the number of cells, and for
// cells on the node engine their timing. The caller adds what only the run
// knows: engines, environment, times, status, parallelism, shard and
// calibration.
func Meta(s *scenario.Scenario, cells []Cell) *results.Meta {
	m := &results.Meta{
		Scenario:     s.Name,
		File:         s.File,
		Description:  s.Description,
		Source:       string(s.Source),
		SHA256:       results.SHA256(s.Source),
		Profile:      s.Profile.Name,
		Strategy:     string(s.Strategy),
		Seed:         s.Seed,
		Repeat:       s.Repeat,
		Cells:        len(cells),
		ObjectMode:   s.Producer.ObjectMode,
		ProducerMode: string(s.Producer.Mode),
		Objective:    s.Recommend.Objective,
		Tolerance:    s.Recommend.Tolerance,
	}
	for _, st := range s.Stages {
		m.Stages = append(m.Stages, st.Name)
	}
	for _, c := range cells {
		if c.Config.Engine == scenario.Node {
			if m.Timing == "" || m.Timing == string(c.Config.Timing) {
				m.Timing = string(c.Config.Timing)
			} else {
				m.Timing = "wall, ideal"
			}
		}
	}
	keys := Keys(s.Sweep)
	for _, sw := range s.Sweep {
		a := results.Axis{Path: sw.Path, Key: keys[sw.Path]}
		for _, v := range sw.Values {
			a.Values = append(a.Values, v.Text)
		}
		m.Sweep = append(m.Sweep, a)
	}
	for _, t := range s.Thresholds {
		m.Thresholds = append(m.Thresholds, results.Threshold{Metric: t.Metric, Op: t.Op, Value: t.Value, Text: t.Text})
	}
	return m
}
