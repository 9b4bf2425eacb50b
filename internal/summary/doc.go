// Package summary turns repeated measurements into statistics: for one
// metric over a cell's repeats, the mean, median, sample standard deviation,
// range and a 95% confidence interval of the mean (Student's t).
//
// # Steps
//
// The runner runs each cell of a sweep several times (repeat: N in the
// scenario), each run giving a metrics.Result. Cells groups those runs by
// cell name and, for every metric, calls Of on the repeats' values. The
// report draws the means with their confidence intervals as error bars.
//
// Mean, median and standard deviation come from github.com/montanaflynn/stats;
// the t quantile from gonum's Student's t distribution. Values are sorted
// before any arithmetic, so the same values in any order give bit-identical
// statistics.
//
// # Concurrency
//
// Of and Cells are pure functions of their arguments and safe for concurrent
// use; they do not modify their inputs.
package summary
