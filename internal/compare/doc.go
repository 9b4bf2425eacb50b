// Package compare sets two runs side by side: for every cell present in
// both, and every chosen metric, it summarises each side over its repeats
// (the median with a 95% confidence interval) and tests whether the two
// differ with a Mann–Whitney U test (golang.org/x/perf/benchmath's
// AssumeNothing: no assumption about the distribution, as benchstat does).
//
// The steps are:
//
//  1. Load reads a side: a results.jsonl file, a run's folder holding one,
//     or a folder of scenario folders (reports/).
//  2. Compare matches the records of A and B by scenario and cell (by cell
//     alone when each side holds one scenario and their names differ, so
//     that two scenarios with the same sweep can be compared), or, with
//     Split, divides one run along a parameter (hwm=node20 against
//     hwm=node22), and builds a Report: one Table per metric.
//  3. Report.Check applies --fail-on Gates: a gate fails where a change is
//     significant and beyond its tolerance in the bad direction.
//  4. WriteText and WriteMarkdown render a Report for people and for CI
//     comments.
//
// A change is significant when its p-value is below Options.Alpha (0.05).
// With few repeats the U test cannot reach that level however different the
// samples are (3 against 3 gives at best p=0.1): such rows carry a warning
// rather than a silent "~".
//
// Everything here is pure but Load; nothing is safe for concurrent
// mutation, but a Report may be read from several goroutines.
package compare
