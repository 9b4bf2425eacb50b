package compare

import (
	"fmt"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
)

// CheckMetric returns an error for a name that is not a metric of the
// catalog, with a suggestion for a likely typo. Per-stage names
// (buffered.peak.sink) and family wildcards (buffered.peak.*) are metrics.
func CheckMetric(name string) error {
	if prefix, ok := strings.CutSuffix(name, ".*"); ok {
		for _, d := range metrics.Catalog() {
			if strings.HasPrefix(d.Name, prefix+".") && strings.HasSuffix(d.Name, ">") {
				return nil
			}
		}
		return fmt.Errorf("unknown metric family %q%s", name, didYouMean(name, metricNames()))
	}
	if _, ok := metrics.Lookup(name); ok && !strings.HasSuffix(name, ">") {
		return nil
	}
	return fmt.Errorf("unknown metric %q%s", name, didYouMean(name, metricNames()))
}

// metricNames lists the catalog's names, families as "prefix.*".
func metricNames() []string {
	var out []string
	for _, d := range metrics.Catalog() {
		if i := strings.IndexByte(d.Name, '<'); i > 0 {
			out = append(out, d.Name[:i]+"*")
			continue
		}
		out = append(out, d.Name)
	}
	return out
}

// didYouMean returns " (did you mean X?)" for the candidate closest to s
// when it is close enough to be a typo: a case-insensitive match, or an edit
// distance of at most a third of the word (at least 1, at most 3); "" if
// none is.
func didYouMean(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			best, bestD = c, 0
			break
		}
		if d := levenshtein(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > min(max(len(s)/3, 1), 3) {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// levenshtein is the edit distance between a and b in bytes, with
// transpositions of neighbours counting one (optimal string alignment).
// It repeats internal/scenario's, which is unexported.
func levenshtein(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
