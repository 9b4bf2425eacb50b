package scenario

import "github.com/bpbench/bpbench/internal/suggest"

// suggestName returns the candidate closest to s when it is close enough
// to be what the user meant (suggest.Closest).
func suggestName(s string, candidates []string) (string, bool) { return suggest.Closest(s, candidates) }

// didYouMean is " (did you mean X?)" or "" (suggest.DidYouMean).
func didYouMean(s string, candidates []string) string { return suggest.DidYouMean(s, candidates) }
