// Package analysis turns a run's records into the answers a report gives:
// one summary per sweep point (Points), the points grouped by everything
// but the highWaterMark (Groups), the highWaterMark to use in each group
// (Recommend: the knee, the smallest one whose throughput is within
// Tolerance of the group's best) and the throughput/memory trade-off
// (Frontier: the points no other point beats on both).
//
// # Steps
//
// Points reads the records of results.jsonl and the run's Meta, leaves
// failed records out and summarises each metric over a point's repeats
// with internal/summary. Groups splits the points by their parameters other
// than the highWaterMark ones, and sorts each group by highWaterMark, so
// that a group is one line of a "metric against highWaterMark" plot.
// Recommend and Frontier read the means.
//
// Every function is a pure function of its arguments, does not modify them,
// and is safe for concurrent use.
package analysis
