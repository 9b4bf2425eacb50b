package study

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bpbench/bpbench/internal/summary"
)

// MaxCV is the largest coefficient of variation of throughput over a
// point's repeats that a verdict accepts (the per-scenario report warns
// beyond it too).
//
// Welch's t-test already weighs the spread, so the rule is not there to
// widen the interval: it guards what the test assumes. The test takes the
// repeats for independent draws of one distribution, near normal. On a
// shared machine a point whose repeats vary by more than 10% (the runner
// aims under 5%) has mostly met a change of load during its repeats — a
// drift or a second mode, not noise around one mean — and with 3 or 4
// repeats a side the test cannot tell; one slow repeat then makes a
// "significant" difference as easily as it hides one. The correction for
// multiple comparisons does not help either: it trusts each p-value.
const MaxCV = 0.10

// Alpha is the significance level of a verdict: 1 - summary.Confidence.
const Alpha = 1 - summary.Confidence

// Verdict is what the throughput data says of 64KiB against 16KiB.
type Verdict int

const (
	// Inconclusive: the data does not support a conclusion.
	Inconclusive Verdict = iota
	// Wins: 64KiB's throughput is higher, significantly.
	Wins
	// Loses: 64KiB's throughput is lower, significantly.
	Loses
)

func (v Verdict) String() string {
	switch v {
	case Wins:
		return "64KiB wins"
	case Loses:
		return "64KiB loses"
	}
	return "no conclusion"
}

// Comparison is the difference of a metric's means between two points,
// b - a, with its 95% confidence interval (Welch) and the two-sided
// p-value of Welch's t-test.
type Comparison struct {
	// Diff is b's mean less a's; Half the half-width of its 95% confidence
	// interval; Rel and RelHalf the same as fractions of a's mean (0 when
	// a's mean is 0).
	Diff, Half, Rel, RelHalf float64
	// P is the two-sided p-value (1 when there is no interval).
	P float64
	// OK reports that both sides have two values or more: without, there
	// is no interval and Half, RelHalf are 0.
	OK bool
}

// Compare compares b against a.
func Compare(a, b summary.Stats) Comparison {
	d, half, ok := summary.Diff(a, b)
	c := Comparison{Diff: d, Half: half, P: 1, OK: ok}
	if a.Mean != 0 {
		c.Rel, c.RelHalf = d/math.Abs(a.Mean), half/math.Abs(a.Mean)
	}
	if ok {
		c.P = welchP(a, b)
	}
	return c
}

// welchP is the two-sided p-value of Welch's t-test of a and b (each with
// N >= 2).
func welchP(a, b summary.Stats) float64 {
	va, vb := a.Stddev*a.Stddev/float64(a.N), b.Stddev*b.Stddev/float64(b.N)
	se := math.Sqrt(va + vb)
	if se == 0 {
		if a.Mean == b.Mean {
			return 1
		}
		return 0
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	t := math.Abs(b.Mean-a.Mean) / se
	return 2 * (1 - distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(t))
}

// Decide is the verdict on throughput of large against small, alone, and
// why when there is none: fewer than two repeats on a side, a spread over
// MaxCV, or a confidence interval that holds 0 (the same as p >= Alpha).
// A study corrects it for its other comparisons with Correct.
func Decide(small, large summary.Stats) (Verdict, string) {
	c := Compare(small, large)
	switch {
	case !c.OK:
		return Inconclusive, "fewer than 2 repeats"
	case small.CV() > MaxCV || large.CV() > MaxCV:
		return Inconclusive, "repeats vary by " + pct(max(small.CV(), large.CV())) + ", over the " + pct(MaxCV) + " a verdict allows"
	case c.Diff-c.Half <= 0 && c.Diff+c.Half >= 0:
		return Inconclusive, "the 95% CI spans 0"
	case c.Diff > 0:
		return Wins, ""
	}
	return Loses, ""
}
