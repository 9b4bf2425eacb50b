package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// terminalMetrics are the columns of the terminal summary table; the catalog gives
// their units.
var terminalMetrics = []string{
	metrics.Throughput, metrics.BufferedPeak, metrics.BufferedMean, metrics.LatencyP99, metrics.ProducerStalled,
}

// WriteTable writes the terminal summary of a run named name: one line per
// cell, in the records' order, with the mean of the main metrics over its
// successful repeats and how many repeats ran, failed or hit the guard.
func WriteTable(w io.Writer, name string, recs []results.Record) {
	type acc struct {
		n     int
		sum   []float64
		bad   int
		guard int
	}
	var order []string
	by := map[string]*acc{}
	shown := map[string]string{} // cell names as the scenario spelled them
	for _, r := range recs {
		if l := results.Label(r.Params); l != "" {
			shown[r.Cell] = l
		}
		a := by[r.Cell]
		if a == nil {
			a = &acc{sum: make([]float64, len(terminalMetrics))}
			by[r.Cell] = a
			order = append(order, r.Cell)
		}
		if r.Error != "" {
			a.bad++
			continue
		}
		a.n++
		if r.Result.GuardExceeded {
			a.guard++
		}
		for i, m := range terminalMetrics {
			v, _ := r.Result.Metrics.Get(m)
			a.sum[i] += v
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t", name)
	for _, m := range terminalMetrics {
		fmt.Fprintf(tw, "%s\t", m)
	}
	fmt.Fprintln(tw, "runs\t")
	for _, cell := range order {
		a := by[cell]
		name := cell
		if l, ok := shown[cell]; ok {
			name = l
		}
		fmt.Fprintf(tw, "%s\t", name)
		for i, m := range terminalMetrics {
			if a.n == 0 {
				fmt.Fprint(tw, "-\t")
				continue
			}
			fmt.Fprintf(tw, "%s\t", metrics.Format(m, a.sum[i]/float64(a.n)))
		}
		runs := strconv.Itoa(a.n)
		if a.bad > 0 {
			runs += fmt.Sprintf(" (%d failed)", a.bad)
		}
		if a.guard > 0 {
			runs += fmt.Sprintf(" (%d hit guard)", a.guard)
		}
		fmt.Fprintf(tw, "%s\t\n", runs)
	}
	tw.Flush()
}

// WriteVerdicts writes the failed threshold checks bad of all, as a
// table, or a line saying all passed.
func WriteVerdicts(w io.Writer, name string, all, bad []results.Verdict) {
	if len(bad) == 0 {
		fmt.Fprintf(w, "%s: all %d threshold checks passed\n", name, len(all))
		return
	}
	fmt.Fprintf(w, "%s: %d of %d threshold checks FAILED:\n", name, len(bad), len(all))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "cell\tmetric\tcondition\tmeasured (mean)\t")
	for _, v := range bad {
		got := "not measured"
		if !v.Missing {
			got = metrics.Format(v.Threshold.Metric, v.Value)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", v.Cell, v.Threshold.Metric, strings.TrimSpace(v.Threshold.Text), got)
	}
	tw.Flush()
}
