package realtime

import (
	"slices"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Names of the metrics only this engine measures, besides the catalog's
// heap.peak. They are not in the metrics catalog yet (the catalog promises
// that every entry comes out of Recorder.Finish, and these do not), so
// Extra describes them.
const (
	// RSSPeak is the process's peak resident set size.
	RSSPeak = "rss.peak"
	// GCCycles counts the garbage collections completed during the run.
	GCCycles = "gc.cycles"
	// CPUPerChunk is the loop thread's CPU time per chunk produced.
	CPUPerChunk = "cpu.per.chunk"
	// ClockLagMax is the most the loop ran behind a timer's deadline.
	ClockLagMax = "clock.lag.max"
)

// Extra describes the metrics the realtime engine adds after the catalog's
// (in the order Result.Metrics lists them: by name, as metrics.Compare
// orders names outside the catalog). heap.peak is the catalog's.
var Extra = []metrics.Desc{
	{Name: ClockLagMax, Unit: metrics.UnitSeconds, Better: metrics.Lower,
		Description: "Most the wall clock was past a timer's deadline when the loop ran it (sleep overshoot, hiccups, or more work than the machine can do)."},
	{Name: CPUPerChunk, Unit: metrics.UnitSeconds, Better: metrics.Lower,
		Description: "CPU time (user+system) of the loop's thread per chunk produced: the streams' work, allocation and GC assists, not background GC (Linux only)."},
	{Name: GCCycles, Unit: metrics.UnitCount, Better: metrics.Lower,
		Description: "Go garbage collections completed during the run (whole process)."},
	{Name: RSSPeak, Unit: metrics.UnitBytes, Better: metrics.Lower,
		Description: "Peak resident set size of the process (Linux only), sampled."},
}

// LookupExtra returns the description of one of Extra's names.
func LookupExtra(name string) (metrics.Desc, bool) {
	i := slices.IndexFunc(Extra, func(d metrics.Desc) bool { return d.Name == name })
	if i < 0 {
		return metrics.Desc{}, false
	}
	return Extra[i], true
}

// insert puts x into m before the first metric that metrics.Compare orders
// after it.
func insert(m metrics.Metrics, x metrics.Metric) metrics.Metrics {
	i := slices.IndexFunc(m, func(y metrics.Metric) bool { return metrics.Compare(x.Name, y.Name) < 0 })
	if i < 0 {
		return append(m, x)
	}
	return slices.Insert(m, i, x)
}
