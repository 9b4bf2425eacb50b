package report

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// WriteCSV writes results.csv: a header, then one row per record in the
// order given (plan order). Columns: scenario, cell, one column per swept
// parameter (named by its path, in sweep order), repeat, seed, engine,
// error, then one column per metric present in any record, in catalog
// order, named "metric (unit)". Values are in the catalog's units, written
// exactly (shortest representation that reads back as the same float64);
// a metric a record lacks is an empty field. Per record rather than per
// point, so that nothing is lost: summary.csv has the per-point statistics.
func WriteCSV(w io.Writer, meta *results.Meta, recs []results.Record) error {
	axes := axisPaths(meta, recs)
	names := metricNames(recs)
	cw := csv.NewWriter(w)
	head := []string{"scenario", "cell"}
	head = append(head, axes...)
	head = append(head, "repeat", "seed", "engine", "error")
	for _, n := range names {
		head = append(head, columnName(n, ""))
	}
	cw.Write(head)
	for i := range recs {
		r := &recs[i]
		row := []string{r.Scenario, r.Cell}
		for _, a := range axes {
			v, _ := r.Param(a)
			row = append(row, v)
		}
		row = append(row, strconv.Itoa(r.Repeat), strconv.FormatUint(r.Seed, 10), r.Engine, r.Error)
		vals := r.Result.Metrics.Map()
		for _, n := range names {
			if v, ok := vals[n]; ok {
				row = append(row, number(v))
			} else {
				row = append(row, "")
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// summaryStats are the statistics summary.csv gives for every metric.
var summaryStats = []string{"mean", "stddev", "ci95_lo", "ci95_hi", "median", "min", "max"}

// WriteSummaryCSV writes summary.csv: one row per sweep point (failed
// records left out, see analysis.Points), in plan order. Columns: cell,
// the swept parameters, hwm (the producer's resolved highWaterMark, bytes
// or objects), repeats, then for every metric its mean, stddev, ci95_lo,
// ci95_hi, median, min and max, named "metric stat (unit)".
func WriteSummaryCSV(w io.Writer, meta *results.Meta, recs []results.Record, a *analysis.Analysis) error {
	if a == nil {
		a = analysis.Analyze(meta, recs)
	}
	axes := axisPaths(meta, recs)
	names := metricNames(recs)
	cw := csv.NewWriter(w)
	head := []string{"cell"}
	head = append(head, axes...)
	head = append(head, "hwm", "repeats")
	for _, n := range names {
		for _, s := range summaryStats {
			head = append(head, columnName(n, s))
		}
	}
	cw.Write(head)
	for _, p := range a.Points {
		row := []string{p.Cell}
		for _, a := range axes {
			row = append(row, paramValue(p.Params, a))
		}
		row = append(row, strconv.FormatInt(p.HWM, 10), strconv.Itoa(p.Repeats))
		for _, n := range names {
			st, ok := p.Stats[n]
			for _, v := range []float64{st.Mean, st.Stddev, st.CI95Lo, st.CI95Hi, st.Median, st.Min, st.Max} {
				if ok && st.N > 0 {
					row = append(row, number(v))
				} else {
					row = append(row, "")
				}
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// columnName is "throughput (B/s)", or "throughput mean (B/s)" with a
// statistic; a metric not in the catalog has no unit.
func columnName(metric, stat string) string {
	s := metric
	if stat != "" {
		s += " " + stat
	}
	if d, ok := metrics.Lookup(metric); ok {
		s += " (" + d.Unit + ")"
	}
	return s
}

// number renders v exactly and without an exponent for ordinary values.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// axisPaths lists the swept parameters' paths: the Meta's sweep, then any
// other parameter the records have, in order of first appearance.
func axisPaths(meta *results.Meta, recs []results.Record) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if meta != nil {
		for _, a := range meta.Sweep {
			add(a.Path)
		}
	}
	for i := range recs {
		for _, p := range recs[i].Params {
			add(p.Path)
		}
	}
	return out
}

// paramValue returns the value of the parameter with the given path.
func paramValue(params []results.Param, path string) string {
	for _, p := range params {
		if p.Path == path {
			return p.Value
		}
	}
	return ""
}

// metricNames lists every metric name of the records in report order: by
// catalog entry, then, within a per-stage family, in order of first
// appearance (the pipeline's order), unknown names last.
func metricNames(recs []results.Record) []string {
	var names []string
	first := map[string]int{}
	for i := range recs {
		for _, m := range recs[i].Result.Metrics {
			if _, ok := first[m.Name]; !ok {
				first[m.Name] = len(names)
				names = append(names, m.Name)
			}
		}
	}
	rank := map[string]int{}
	for i, d := range metrics.Catalog() {
		rank[d.Name] = i
	}
	r := func(n string) int {
		if d, ok := metrics.Lookup(n); ok {
			return rank[d.Name]
		}
		return len(rank)
	}
	slices.SortStableFunc(names, func(a, b string) int {
		if ra, rb := r(a), r(b); ra != rb {
			return ra - rb
		}
		if r(a) == len(rank) {
			return strings.Compare(a, b)
		}
		return first[a] - first[b]
	})
	return names
}
