package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Gate is one --fail-on rule: a metric may not move in direction Dir by
// more than Tol.
type Gate struct {
	// Metric is the metric's name, or a family wildcard (buffered.peak.*).
	Metric string
	// Dir is -1 for a gate on drops, +1 for one on rises.
	Dir int
	// Tol is the tolerated change, a non-negative fraction: 0.05 is 5%.
	Tol float64
}

// String is the gate as written: "throughput:-5%".
func (g Gate) String() string {
	sign := "+"
	if g.Dir < 0 {
		sign = "-"
	}
	return g.Metric + ":" + sign + strconv.FormatFloat(100*g.Tol, 'f', -1, 64) + "%"
}

// Breached reports whether a change of delta goes beyond the gate.
func (g Gate) Breached(delta float64) bool {
	if g.Dir < 0 {
		return delta < -g.Tol
	}
	return delta > g.Tol
}

// ParseGates parses a --fail-on list: comma-separated METRIC:±N% rules.
// "throughput:-5%" fails when throughput drops by more than 5%;
// "buffered.peak:+10%" when it grows by more than 10%. Without a sign the
// direction is the metric's bad one (a drop for throughput). The empty
// string is no gate.
func ParseGates(s string) ([]Gate, error) {
	var gates []Gate
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		g, err := parseGate(f)
		if err != nil {
			return nil, err
		}
		gates = append(gates, g)
	}
	return gates, nil
}

func parseGate(f string) (Gate, error) {
	name, pct, ok := strings.Cut(f, ":")
	name, pct = strings.TrimSpace(name), strings.TrimSpace(pct)
	if !ok || name == "" || pct == "" {
		return Gate{}, fmt.Errorf("%q: want METRIC:±N%% (throughput:-5%%)", f)
	}
	if err := CheckMetric(name); err != nil {
		return Gate{}, fmt.Errorf("%q: %w", f, err)
	}
	num, ok := strings.CutSuffix(pct, "%")
	if !ok {
		return Gate{}, fmt.Errorf("%q: %q is not a percentage: want ±N%% (-5%%, +10%%)", f, pct)
	}
	g := Gate{Metric: name}
	switch {
	case strings.HasPrefix(num, "-"):
		g.Dir = -1
	case strings.HasPrefix(num, "+"):
		g.Dir = +1
	default:
		switch better(name) {
		case metrics.Higher:
			g.Dir = -1
		case metrics.Lower:
			g.Dir = +1
		default:
			return Gate{}, fmt.Errorf("%q: %s is neither better higher nor lower: say +%s or -%s", f, name, pct, pct)
		}
	}
	v, err := strconv.ParseFloat(strings.TrimLeft(num, "+-"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || strings.ContainsAny(num[min(1, len(num)):], "+-") {
		return Gate{}, fmt.Errorf("%q: %q is not a percentage: want ±N%% (-5%%, +10%%)", f, pct)
	}
	g.Tol = v / 100
	return g, nil
}

// better is the catalog's direction for a metric or a family wildcard.
func better(name string) metrics.Better {
	if p, ok := strings.CutSuffix(name, "*"); ok {
		name = p + "x" // any member of the family
	}
	d, _ := metrics.Lookup(name)
	return d.Better
}

// matches reports whether the gate applies to the metric name.
func (g Gate) matches(name string) bool {
	if p, ok := strings.CutSuffix(g.Metric, "*"); ok {
		return strings.HasPrefix(name, p)
	}
	return g.Metric == name
}

// Failure is a row that breaches a gate.
type Failure struct {
	// Gate is the breached rule.
	Gate Gate
	// Metric is the row's metric (the gate's, or one of its family).
	Metric string
	// Row is the significant change beyond the tolerance.
	Row Row
}

// String reads "quickstart/hwm=1KiB throughput -12.5% (p=0.008) breaches throughput:-5%".
func (f Failure) String() string {
	return fmt.Sprintf("%s/%s: %s %s (p=%.3f) breaches %s", f.Row.Scenario, f.Row.Cell, f.Metric, formatDelta(f.Row.Delta), f.Row.P, f.Gate)
}

// Undecided is a gate that checked nothing it could fail on: its metric is
// in neither run, or some of its cells have too few repeats for the U test
// to call any change significant. Such a gate must not pass.
type Undecided struct {
	// Gate is the rule.
	Gate Gate
	// Rows is the number of cells the gate applies to; Blind of them have
	// too few repeats.
	Rows, Blind int
	// MinN is the fewest repeats on one side of a blind row.
	MinN int
	// Need is the number of repeats a side the U test needs to reach
	// significance at the report's alpha.
	Need int
}

// String reads "throughput:-5%: 14 of 14 cells have 3 repeats a side; the
// U test needs at least 4 a side to call any change significant
// (p<=0.05): run both sides with --repeat 4 or more".
func (u Undecided) String() string {
	if u.Rows == 0 {
		return fmt.Sprintf("%s: %s is not in both runs; nothing checked", u.Gate, u.Gate.Metric)
	}
	return fmt.Sprintf("%s: %d of %d cells have %d repeats a side; the U test needs at least %d a side to call any change significant: run both sides with --repeat %d or more",
		u.Gate, u.Blind, u.Rows, u.MinN, u.Need, u.Need)
}

// Verdict is the outcome of a set of gates.
type Verdict struct {
	// Gates is the number of gates checked.
	Gates int
	// Failures are the rows beyond a gate's tolerance.
	Failures []Failure
	// Undecided are the gates that could not have failed.
	Undecided []Undecided
}

// Passed reports whether every gate checked something and none failed.
func (v Verdict) Passed() bool { return len(v.Failures) == 0 && len(v.Undecided) == 0 }

// Check applies gates to r. A row fails a gate when its change is
// significant and beyond the tolerance in the gate's direction. A gate
// whose metric is absent from both runs, or some of whose rows have too
// few repeats for any change to be significant, is undecided: it would
// otherwise pass whatever the runs measured.
func (r *Report) Check(gates []Gate) Verdict {
	v := Verdict{Gates: len(gates)}
	need := minRepeats(r.Alpha)
	for _, g := range gates {
		u := Undecided{Gate: g, Need: need}
		for _, t := range r.Tables {
			if !g.matches(t.Metric) {
				continue
			}
			for _, row := range t.Rows {
				u.Rows++
				if !row.Significant && row.cannotDetect() {
					n := min(row.A.N, row.B.N)
					if u.Blind == 0 || n < u.MinN {
						u.MinN = n
					}
					u.Blind++
				}
				if row.Significant && g.Breached(row.Delta) {
					v.Failures = append(v.Failures, Failure{Gate: g, Metric: t.Metric, Row: row})
				}
			}
		}
		if u.Rows == 0 || u.Blind > 0 {
			v.Undecided = append(v.Undecided, u)
		}
	}
	return v
}

// cannotDetect reports whether benchmath warned that the row's sample sizes
// are too small to ever reach significance.
func (r Row) cannotDetect() bool {
	for _, w := range r.Warnings {
		if strings.HasPrefix(w, "too few repeats") {
			return true
		}
	}
	return false
}
