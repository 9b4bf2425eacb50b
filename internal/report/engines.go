package report

import (
	"fmt"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
)

// engineMetrics are the metrics the engine comparison lines up.
var engineMetrics = []string{
	metrics.Throughput, metrics.BufferedPeak, metrics.BufferedMean, metrics.LatencyP99, metrics.HeapPeak,
}

// engineTable puts the same point measured by several engines side by side
// (a scenario that sweeps engine:): the model's prediction (sim) beside the
// wall-clock model (realtime) and real Node.js (node), with each one's
// difference from sim.
type engineTable struct {
	// Engines head the value columns, in sweep order; Others are the ones
	// compared with sim, heading the difference columns.
	Engines, Others []string
	Rows            []engineRow
}

type engineRow struct {
	// Point is the sweep point without its engine; Metric the metric.
	Point, Metric string
	// Values has one entry per engine, Diffs one per other engine ("" when
	// one side is missing).
	Values, Diffs []string
	// Far marks a row where some engine is more than 5% from sim.
	Far bool
}

// engineComparison returns the table, or nil when the run has one engine.
func engineComparison(points []analysis.Point) *engineTable {
	type key struct{ point, engine string }
	means := map[key]analysis.Point{}
	var order, engines []string
	seenPoint, seenEngine := map[string]bool{}, map[string]bool{}
	for _, p := range points {
		eng, rest := "", []string{}
		for _, pr := range p.Params {
			if pr.Path == "engine" {
				eng = pr.Value
				continue
			}
			rest = append(rest, pr.Key+"="+pr.Value)
		}
		if eng == "" {
			return nil
		}
		name := strings.Join(rest, "/")
		if name == "" {
			name = "default"
		}
		if !seenPoint[name] {
			seenPoint[name] = true
			order = append(order, name)
		}
		if !seenEngine[eng] {
			seenEngine[eng] = true
			engines = append(engines, eng)
		}
		means[key{name, eng}] = p
	}
	if len(engines) < 2 {
		return nil
	}
	t := &engineTable{Engines: engines}
	for _, e := range engines {
		if e != "sim" {
			t.Others = append(t.Others, e)
		}
	}
	for _, name := range order {
		for _, m := range engineMetrics {
			row := engineRow{Point: name, Metric: m}
			any := false
			for _, e := range engines {
				p, ok := means[key{name, e}]
				v, has := 0.0, false
				if ok {
					v, has = p.Mean(m)
				}
				if !has {
					row.Values = append(row.Values, "–")
					continue
				}
				any = true
				row.Values = append(row.Values, metrics.Format(m, v))
			}
			if !any {
				continue
			}
			sp, sok := means[key{name, "sim"}]
			sv, shas := 0.0, false
			if sok {
				sv, shas = sp.Mean(m)
			}
			for _, e := range t.Others {
				p, ok := means[key{name, e}]
				v, has := 0.0, false
				if ok {
					v, has = p.Mean(m)
				}
				if !shas || !has || sv == 0 {
					row.Diffs = append(row.Diffs, "")
					continue
				}
				d := (v - sv) / sv
				row.Far = row.Far || d > 0.05 || d < -0.05
				row.Diffs = append(row.Diffs, fmt.Sprintf("%+.1f%%", 100*d))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
