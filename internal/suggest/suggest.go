// Package suggest finds the known word a user most likely meant by a word
// that is not known: the "did you mean highWaterMark?" of every error about
// a field, metric or value name.
package suggest

import (
	"strings"

	edlib "github.com/hbollon/go-edlib"
)

// Closest returns the candidate closest to s, if it is close enough to be a
// typo: a case-insensitive match, or an edit distance of at most a third of
// the word (at least 1, at most 3). The distance counts a swap of two
// neighbours as one edit (optimal string alignment), so nmae is one edit
// from name.
func Closest(s string, candidates []string) (string, bool) {
	best, bestD := "", 1<<30
	lower := strings.ToLower(s)
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c, true
		}
		if len(s) > 64 || len(c) > 64 {
			continue // too long to be a typo worth suggesting
		}
		if d := edlib.OSADamerauLevenshteinDistance(lower, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best, best != "" && bestD <= min(max(len(s)/3, 1), 3)
}

// DidYouMean is Closest as a message suffix: " (did you mean X?)", or "".
func DidYouMean(s string, candidates []string) string {
	if c, ok := Closest(s, candidates); ok {
		return " (did you mean " + c + "?)"
	}
	return ""
}
