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
	RSSPeak = metrics.RSSPeak
	// GCCount counts the garbage collections completed during the run
	// (gc.cycles in older results).
	GCCount = metrics.GCCount
	// GCCycles is GCCount's name in older results.
	GCCycles = metrics.GCCycles
	// GCPause is the stop-the-world time of those collections.
	GCPause = metrics.GCPause
	// CPUUser and CPUSystem are the loop thread's CPU time.
	CPUUser, CPUSystem = metrics.CPUUser, metrics.CPUSystem
	// CPUPerChunk is the loop thread's CPU time per chunk produced.
	CPUPerChunk = metrics.CPUPerChunk
	// ClockLagMax is the most the loop ran behind a timer's deadline.
	ClockLagMax = metrics.ClockLagMax
)

// Extra describes the metrics the realtime engine adds after the sim's
// (the catalog's last entries, in the order Result.Metrics lists them).
// heap.peak is at its own catalog place.
var Extra = func() []metrics.Desc {
	var out []metrics.Desc
	for _, name := range []string{ClockLagMax, CPUUser, CPUSystem, CPUPerChunk, GCCount, GCPause, RSSPeak} {
		d, _ := metrics.Lookup(name)
		out = append(out, d)
	}
	return out
}()

// insert puts x into m before the first metric that metrics.Compare orders
// after it.
func insert(m metrics.Metrics, x metrics.Metric) metrics.Metrics {
	i := slices.IndexFunc(m, func(y metrics.Metric) bool { return metrics.Compare(x.Name, y.Name) < 0 })
	if i < 0 {
		return append(m, x)
	}
	return slices.Insert(m, i, x)
}
