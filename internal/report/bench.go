package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// BenchUnit maps a metric to a unit of the Go benchmark format: the name
// under which bench.txt, and the benchmarks in bench/ through
// b.ReportMetric(v*u.Scale, u.Unit), report it, so that benchstat compares
// them. Units are whitespace-free and follow golang.org/x/perf/benchunit's
// conventions: a unit with a B token is in bytes (shown as KiB, MiB), "ns"
// is tidied to "sec", and "/op" counts per run of a cell.
type BenchUnit struct {
	// Metric is the catalog name (metrics.Throughput...).
	Metric string
	// Unit is the benchmark unit ("sim-B/s"). A "sim-" prefix names the
	// engine's clock: BenchUnitFor replaces it for other engines.
	Unit string
	// Scale converts the metric's catalog value into Unit (1e9 for a
	// latency in seconds reported in ns).
	Scale float64
	// Better is the direction of an improvement, written to bench.txt as a
	// "Unit <unit> better=higher|lower" line.
	Better metrics.Better
}

// BenchUnits are the metrics bench.txt reports, in this order. Per-stage
// metrics and counts of chunks and bytes are left out: they are in
// results.csv, and benchstat prints one table per unit.
var BenchUnits = []BenchUnit{
	{metrics.Throughput, "sim-B/s", 1, metrics.Higher},
	{metrics.ThroughputChunks, "sim-chunks/s", 1, metrics.Higher},
	{metrics.BufferedPeak, "peak-buffered-B", 1, metrics.Lower},
	{metrics.BufferedMean, "mean-buffered-B", 1, metrics.Lower},
	{metrics.HeapPeak, "peak-heap-B", 1, metrics.Lower},
	{metrics.LatencyP50, "p50-latency-ns", 1e9, metrics.Lower},
	{metrics.LatencyP99, "p99-latency-ns", 1e9, metrics.Lower},
	{metrics.LatencyMax, "max-latency-ns", 1e9, metrics.Lower},
	{metrics.WritesFalse, "writes-false/op", 1, metrics.Lower},
	{metrics.Drains, "drains/op", 1, metrics.Neutral},
	{metrics.Pauses, "pauses/op", 1, metrics.Lower},
	{metrics.ProducerStalled, "producer-stalled-frac", 1, metrics.Lower},
	{metrics.ConsumerBusy, "consumer-busy-frac", 1, metrics.Higher},
	{metrics.Duration, "sim-ns/op", 1e9, metrics.Lower},
	// Measured by the wall-clock engines only (no sim- prefix: they are
	// real whatever the engine).
	{metrics.EventLoopP50, "p50-eventloop-delay-ns", 1e9, metrics.Lower},
	{metrics.EventLoopP99, "p99-eventloop-delay-ns", 1e9, metrics.Lower},
	{metrics.EventLoopMax, "max-eventloop-delay-ns", 1e9, metrics.Lower},
	{metrics.CPUUser, "cpu-user-ns/op", 1e9, metrics.Lower},
	{metrics.CPUSystem, "cpu-system-ns/op", 1e9, metrics.Lower},
	{metrics.CPUPerChunk, "cpu-ns/chunk", 1e9, metrics.Lower},
	{metrics.GCCount, "gcs/op", 1, metrics.Lower},
	{metrics.GCPause, "gc-pause-ns/op", 1e9, metrics.Lower},
	{metrics.ExternalPeak, "peak-external-B", 1, metrics.Lower},
	{metrics.ArrayBuffersPeak, "peak-arraybuffers-B", 1, metrics.Lower},
	{metrics.RSSPeak, "peak-rss-B", 1, metrics.Lower},
}

// BenchUnitFor returns metric's BenchUnit for a run on engine: for an
// engine other than sim, a "sim-" prefix becomes the engine's name
// ("realtime-B/s"), so that benchstat never compares rates measured on
// different clocks. ok is false for a metric bench.txt does not report.
func BenchUnitFor(metric, engine string) (u BenchUnit, ok bool) {
	for _, u := range BenchUnits {
		if u.Metric != metric {
			continue
		}
		if engine != "" && engine != "sim" {
			if rest, found := strings.CutPrefix(u.Unit, "sim-"); found {
				u.Unit = benchName(engine) + "-" + rest
			}
		}
		return u, true
	}
	return BenchUnit{}, false
}

// anyHas reports whether a successful record has the metric.
func anyHas(recs []results.Record, metric string) bool {
	for i := range recs {
		if _, ok := recs[i].Result.Metrics.Get(metric); ok && recs[i].Error == "" {
			return true
		}
	}
	return false
}

// BenchPkg is the pkg: configuration line of bench.txt.
const BenchPkg = "github.com/bpbench/bpbench/scenarios"

// WriteBench writes the records in the Go benchmark format
// (golang.org/x/perf/benchfmt): configuration lines (goos, goarch, pkg and
// cpu as go test prints them, then engine and node), comment lines naming
// the bpbench version and the scenario's hash, a "Unit <unit> ..." line per
// unit, then one line per successful record:
//
//	BenchmarkScenarios/<scenario>/<cell> 1 <v> sim-B/s <v> peak-buffered-B ...
//
// Repeats share their name, so benchstat treats them as samples of one
// benchmark. A failed record is left out. benchstat makes a table per
// distinct set of configuration lines, so what one compares across — the
// seed, the bpbench version, an edit of the scenario — is never a
// configuration line: the version and hash are "# key: value" comments,
// which benchfmt ignores.
func WriteBench(w io.Writer, meta *results.Meta, recs []results.Record) error {
	var b strings.Builder
	config := func(k, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	engine := meta.Engine
	if engine == "" && len(recs) > 0 {
		engine = recs[0].Engine
	}
	config("goos", meta.Env.OS)
	config("goarch", meta.Env.Arch)
	config("pkg", BenchPkg)
	config("cpu", meta.Env.CPU)
	config("engine", engine)
	config("node", meta.Node)
	comment := func(k, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "# %s: %s\n", k, v)
		}
	}
	comment("bpbench", meta.Env.Bpbench)
	comment("scenario-sha256", meta.SHA256)
	for _, u := range BenchUnits {
		if metrics.EngineSpecific(u.Metric) && !anyHas(recs, u.Metric) {
			continue // a wall-clock engine's metric, and no record has it
		}
		u, _ := BenchUnitFor(u.Metric, engine)
		if u.Better != metrics.Neutral {
			fmt.Fprintf(&b, "Unit %s better=%s assume=nothing\n", u.Unit, u.Better)
		} else {
			fmt.Fprintf(&b, "Unit %s assume=nothing\n", u.Unit)
		}
	}
	b.WriteByte('\n')
	for i := range recs {
		r := &recs[i]
		if r.Error != "" {
			continue
		}
		fmt.Fprintf(&b, "BenchmarkScenarios/%s/%s 1", benchName(r.Scenario), benchName(r.Cell))
		for _, u := range BenchUnits {
			v, ok := r.Result.Metrics.Get(u.Metric)
			if !ok {
				continue
			}
			u, _ := BenchUnitFor(u.Metric, r.Engine)
			if v *= u.Scale; u.Scale != 1 {
				v = math.Round(v) // whole ns: the clocks' resolution
			}
			fmt.Fprintf(&b, " %s %s", number(v), u.Unit)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// benchName replaces the characters a benchmark name or unit cannot hold
// (spaces) with '_'.
func benchName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, s)
}

// oneLine keeps a configuration value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
