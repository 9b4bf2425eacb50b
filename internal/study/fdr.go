package study

import (
	"fmt"
	"math"
	"slices"
)

// FDR is the false discovery rate a study's verdicts control: among the
// cells said to win or lose, the expected share where the difference is
// chance is at most FDR (Benjamini–Hochberg).
const FDR = Alpha

// BH returns the Benjamini–Hochberg adjusted p-values (q-values) of p, in
// p's order: with the m p-values sorted ascending, the i-th smallest's q
// is the least of p_(j)·m/j over j >= i, capped at 1. It is R's
// p.adjust(p, method = "BH"). gonum has no such function.
func BH(p []float64) []float64 {
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	q := make([]float64, m)
	least := 1.0
	for k := m - 1; k >= 0; k-- {
		i := order[k]
		least = min(least, p[i]*float64(m)/float64(k+1))
		q[i] = least
	}
	return q
}

// Correct controls the false discovery rate over pairs, which must be
// every throughput comparison the study makes (all its scenarios at once):
// it adjusts the Welch p-value of each pair that has one (Throughput.OK)
// by Benjamini–Hochberg over all of them, records it in Q and the number
// of comparisons in Tests, and takes the verdict back from a pair whose q
// is over FDR ("significant alone … but not after correcting"). Pairs
// without a p-value keep Q 1 and their reason.
func Correct(pairs []Pair) {
	var idx []int
	var ps []float64
	for i := range pairs {
		pairs[i].Q, pairs[i].Tests = 1, 0
		if pairs[i].Throughput.OK {
			p := pairs[i].Throughput.P
			if math.IsNaN(p) {
				p = 1 // a test that says nothing; BH's sort needs an order
			}
			idx = append(idx, i)
			ps = append(ps, p)
		}
	}
	for k, q := range BH(ps) {
		pr := &pairs[idx[k]]
		pr.Q, pr.Tests = q, len(ps)
		if pr.Verdict != Inconclusive && q > FDR {
			pr.Verdict = Inconclusive
			pr.Why = fmt.Sprintf("significant alone (%s) but not after correcting for %d comparisons (%s)", pValue(pr.Throughput.P), len(ps), qValue(q))
		}
	}
}
