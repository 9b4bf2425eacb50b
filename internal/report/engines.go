package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/summary"
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
			ss, shas := means[key{name, "sim"}].Stats[m]
			for _, e := range t.Others {
				st, has := means[key{name, e}].Stats[m]
				if !shas || !has || ss.Mean == 0 {
					row.Diffs = append(row.Diffs, "")
					continue
				}
				d, half, ok := summary.Diff(ss, st)
				rel := d / ss.Mean
				row.Far = row.Far || rel > 0.05 || rel < -0.05
				text := fmt.Sprintf("%+.1f%%", 100*rel)
				if ok {
					text += fmt.Sprintf(" ± %.1f%%", 100*half/math.Abs(ss.Mean))
				}
				row.Diffs = append(row.Diffs, text)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
