package study

import (
	"math"
	"strconv"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/units"
)

// pct spells a fraction as a percentage with at most three significant
// digits: 0.0523 → "5.23%".
func pct(f float64) string { return units.Sig(f*100) + "%" }

// signedPct is pct with a sign: "+5.23%", "-1.2%".
func signedPct(f float64) string {
	if f >= 0 {
		return "+" + pct(f)
	}
	return pct(f)
}

// pValue spells a p-value: "p = 0.031", "p < 0.001".
func pValue(p float64) string { return probability("p", p) }

// qValue spells a q-value (a p-value adjusted for the study's multiple
// comparisons): "q = 0.31", "q < 0.001".
func qValue(q float64) string { return probability("q", q) }

func probability(name string, v float64) string {
	if v < 0.001 {
		return name + " < 0.001"
	}
	return name + " = " + strconv.FormatFloat(v, 'g', 2, 64)
}

// value spells a metric's value (10MiB/s, 1.2ms, 16KiB).
func value(metric string, v float64) string { return metrics.Format(metric, v) }

// signedBytes spells a size difference with its sign: "+48KiB", "-1.5MiB".
func signedBytes(v float64) string {
	if v >= 0 {
		return "+" + units.Bytes(v)
	}
	return "-" + units.Bytes(math.Abs(v))
}
