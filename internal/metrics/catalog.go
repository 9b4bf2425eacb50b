package metrics

import "strings"

// Better says which direction of a metric is an improvement.
type Better int

const (
	// Neutral metrics describe a run without being better or worse when they
	// move (chunk counts, drain events).
	Neutral Better = iota
	// Lower is better (memory, latency, stalls).
	Lower
	// Higher is better (throughput, utilisation).
	Higher
)

// String returns "lower", "higher" or "neutral".
func (b Better) String() string {
	switch b {
	case Lower:
		return "lower"
	case Higher:
		return "higher"
	}
	return "neutral"
}

// MarshalText encodes b as its String.
func (b Better) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// Units used by the catalog. They are short and whitespace-free, so they can
// be appended to benchmark units (sim-B/s) as they are.
const (
	UnitBytes       = "B"
	UnitBytesPerSec = "B/s"
	UnitChunksPerS  = "chunks/s"
	UnitSeconds     = "s"
	UnitCount       = "count"
	UnitFraction    = "fraction"
)

// Desc describes one metric name. For a family of metrics that exist once
// per stage or per consumer, Name ends in a placeholder: "buffered.peak.<stage>"
// stands for buffered.peak.source, buffered.peak.sink, ...
type Desc struct {
	// Name is the metric's name, or the family's pattern.
	Name string `json:"name"`
	// Unit is one of the Unit constants.
	Unit string `json:"unit"`
	// Better says whether a higher or a lower value is an improvement.
	Better Better `json:"better"`
	// Description is one sentence for tables, tooltips and --help output.
	Description string `json:"description"`
}

// Placeholders that end a family pattern in Catalog.
const (
	StagePlaceholder    = "<stage>"
	ConsumerPlaceholder = "<consumer>"
)

// Metric names, as constants so that a typo is a compile error.
const (
	Throughput       = "throughput"
	ThroughputChunks = "throughput.chunks"
	BufferedPeak     = "buffered.peak"
	BufferedMean     = "buffered.mean"
	BacklogPeak      = "backlog.peak"
	BacklogMean      = "backlog.mean"
	HeapPeak         = "heap.peak"
	LatencyP50       = "latency.p50"
	LatencyP90       = "latency.p90"
	LatencyP99       = "latency.p99"
	LatencyMax       = "latency.max"
	LatencyMean      = "latency.mean"
	WritesFalse      = "writes.false"
	Drains           = "drains"
	Pauses           = "pauses"
	ProducerStalled  = "producer.stalled"
	ConsumerBusy     = "consumer.busy"
	Duration         = "duration"
	ChunksProduced   = "chunks.produced"
	ChunksReceived   = "chunks.received"
	// ConsumerThroughput is the family of per-consumer throughputs
	// (consumer.throughput.<consumer>).
	ConsumerThroughput = "consumer.throughput"
	BytesProduced      = "bytes.produced"
	ChunksConsumed     = "chunks.consumed"
	BytesConsumed      = "bytes.consumed"
	ClockLagMax        = "clock.lag.max"
	CPUPerChunk        = "cpu.per.chunk"
	GCCycles           = "gc.cycles"
	RSSPeak            = "rss.peak"
	EventLoopP50       = "eventloop.delay.p50"
	EventLoopP99       = "eventloop.delay.p99"
	EventLoopMax       = "eventloop.delay.max"
	CPUUser            = "cpu.user"
	CPUSystem          = "cpu.system"
	GCCount            = "gc.count"
	GCPause            = "gc.pause"
	ExternalPeak       = "external.peak"
	ArrayBuffersPeak   = "arraybuffers.peak"
	RSSPerPipeline     = "rss.per.pipeline"
	HeapPerPipeline    = "heap.per.pipeline"
)

// catalog is the single table of metrics, in the order in which results,
// CSV columns and reports list them. Per-stage and per-consumer families
// follow their whole-pipeline metric.
var catalog = []Desc{
	{Throughput, UnitBytesPerSec, Higher, "Bytes consumed per second (by the slowest consumer when there are several)."},
	{ThroughputChunks, UnitChunksPerS, Higher, "Chunks consumed per second (by the slowest consumer when there are several)."},
	{ConsumerThroughput + "." + ConsumerPlaceholder, UnitBytesPerSec, Higher, "Bytes one consumer finished per second, up to its last chunk (several consumers; sim and realtime engines)."},
	{BufferedPeak, UnitBytes, Lower, "Peak bytes buffered in the whole pipeline (sum of all stages)."},
	{BufferedPeak + "." + StagePlaceholder, UnitBytes, Lower, "Peak bytes buffered in one stage."},
	{BufferedMean, UnitBytes, Lower, "Time-weighted mean bytes buffered in the whole pipeline."},
	{BufferedMean + "." + StagePlaceholder, UnitBytes, Lower, "Time-weighted mean bytes buffered in one stage."},
	{BufferedPerPipeline, UnitBytes, Lower, "Buffer memory per stream with pipelines > 1: buffered.peak / pipelines, where buffered.* are over every pipeline, summed at each instant (the peak of the sum, not a sum of peaks)."},
	{BacklogPeak, UnitBytes, Lower, "Peak bytes (objects in object mode) a live producer's schedule made ready that the stream had not taken: memory upstream."},
	{BacklogMean, UnitBytes, Lower, "Time-weighted mean bytes (objects in object mode) waiting upstream of a live producer."},
	{HeapPeak, UnitBytes, Lower, "Peak heap in use: V8's heapUsed on node, Go's heap on realtime (wall-clock engines only)."},
	{LatencyP50, UnitSeconds, Lower, "Median chunk latency, from when the producer wanted to send it to when it was consumed."},
	{LatencyP90, UnitSeconds, Lower, "90th percentile chunk latency."},
	{LatencyP99, UnitSeconds, Lower, "99th percentile chunk latency."},
	{LatencyMax, UnitSeconds, Lower, "Largest chunk latency (exact)."},
	{LatencyMean, UnitSeconds, Lower, "Mean chunk latency (exact)."},
	{WritesFalse, UnitCount, Lower, "Calls to write() that returned false."},
	{Drains, UnitCount, Neutral, "'drain' events emitted."},
	{Pauses, UnitCount, Lower, "Times the producer was paused by backpressure."},
	{ProducerStalled, UnitFraction, Lower, "Fraction of the duration the producer was blocked by backpressure."},
	{ConsumerBusy, UnitFraction, Higher, "Consumer utilisation: busy time over duration, averaged over consumers."},
	{ConsumerBusy + "." + ConsumerPlaceholder, UnitFraction, Higher, "One consumer's utilisation: busy time over duration."},
	{Duration, UnitSeconds, Lower, "Length of the run, on the engine's clock."},
	{ChunksProduced, UnitCount, Neutral, "Chunks the producer sent."},
	{ChunksReceived, UnitCount, Neutral, "Chunks the consumer's _write received, the mean over consumers when there are several: fewer than produced where paused-mode read() joins buffers (await-drain); sim and realtime engines."},
	{ChunksReceived + "." + ConsumerPlaceholder, UnitCount, Neutral, "Chunks one consumer's _write received (several consumers; sim and realtime engines)."},
	{BytesProduced, UnitBytes, Neutral, "Bytes the producer sent."},
	{ChunksConsumed, UnitCount, Neutral, "Chunks consumed (by the slowest consumer when there are several)."},
	{BytesConsumed, UnitBytes, Neutral, "Bytes consumed (by the slowest consumer when there are several)."},
	// Measured by the wall-clock engines only (see EngineSpecific).
	{ClockLagMax, UnitSeconds, Lower, "Most the wall clock was past a timer's deadline when the loop ran it (sleep overshoot, hiccups, or more work than the machine can do); realtime engine."},
	{EventLoopP50, UnitSeconds, Lower, "Median event-loop delay (perf_hooks monitorEventLoopDelay, 1 ms resolution); node engine."},
	{EventLoopP99, UnitSeconds, Lower, "99th percentile event-loop delay; node engine."},
	{EventLoopMax, UnitSeconds, Lower, "Largest event-loop delay; node engine."},
	{CPUUser, UnitSeconds, Lower, "User CPU time of the run (node: process.cpuUsage; realtime: the loop's thread, Linux)."},
	{CPUSystem, UnitSeconds, Lower, "System CPU time of the run (node: process.cpuUsage; realtime: the loop's thread, Linux)."},
	{CPUPerChunk, UnitSeconds, Lower, "CPU time (user + system) per chunk produced (node: the process; realtime: the loop's thread, Linux)."},
	{GCCount, UnitCount, Lower, "Garbage collections during the run (node: PerformanceObserver 'gc'; realtime: Go's, whole process)."},
	{GCPause, UnitSeconds, Lower, "Total time of the garbage collections during the run (node: 'gc' entries' durations; realtime: Go's stop-the-world pauses)."},
	{GCCycles, UnitCount, Lower, "Go garbage collections completed during the run; realtime engine before gc.count replaced it (older results)."},
	{ExternalPeak, UnitBytes, Lower, "Peak memory of C++ objects bound to JavaScript (process.memoryUsage().external, sampled); node engine."},
	{ArrayBuffersPeak, UnitBytes, Lower, "Peak memory of ArrayBuffers and Buffers (process.memoryUsage().arrayBuffers, sampled); node engine."},
	{RSSPeak, UnitBytes, Lower, "Peak resident set size of the process, sampled (realtime: Linux)."},
	{RSSPerPipeline, UnitBytes, Lower, "What one pipeline costs in resident memory: (rss.peak - the process's RSS before the pipelines were built) / pipelines; node engine."},
	{HeapPerPipeline, UnitBytes, Lower, "What one pipeline costs in V8 heap: (peak heapUsed - heapUsed before the pipelines were built) / pipelines, 0 when a collection left the peak below that; node engine."},
}

// EngineSpecific reports whether a catalog metric is measured by some
// engines only (the wall-clock engines: realtime and node), so a
// Recorder's Result need not have it.
func EngineSpecific(name string) bool {
	switch name {
	case HeapPeak, ClockLagMax, CPUPerChunk, GCCycles, RSSPeak, ChunksReceived,
		EventLoopP50, EventLoopP99, EventLoopMax, CPUUser, CPUSystem, GCCount, GCPause, ExternalPeak, ArrayBuffersPeak,
		RSSPerPipeline, HeapPerPipeline, BufferedPerPipeline:
		return true
	}
	return false
}

// index maps exact names (and family patterns) to their position in catalog.
var index = func() map[string]int {
	m := make(map[string]int, len(catalog))
	for i, c := range catalog {
		m[c.Name] = i
	}
	return m
}()

// Catalog returns every metric, in report order. The slice is a copy.
func Catalog() []Desc {
	return append([]Desc(nil), catalog...)
}

// Lookup returns the description of a metric name. A per-stage or
// per-consumer name such as "buffered.peak.sink" returns its family's entry
// (Name "buffered.peak.<stage>"), as does the pattern itself. ok is false for
// an unknown name.
func Lookup(name string) (d Desc, ok bool) {
	i, ok := rank(name)
	if !ok {
		return Desc{}, false
	}
	return catalog[i], true
}

// rank returns the position of name's entry in catalog.
func rank(name string) (int, bool) {
	if i, ok := index[name]; ok {
		return i, true
	}
	for i, c := range catalog {
		if p, ok := familyPrefix(c.Name); ok && len(name) > len(p) && strings.HasPrefix(name, p) {
			return i, true
		}
	}
	return 0, false
}

// familyPrefix returns "buffered.peak." for "buffered.peak.<stage>".
func familyPrefix(pattern string) (string, bool) {
	if i := strings.IndexByte(pattern, '<'); i > 0 {
		return pattern[:i], true
	}
	return "", false
}

// StageName returns the per-stage metric name: StageName(BufferedPeak, "sink")
// is "buffered.peak.sink".
func StageName(base, stage string) string { return base + "." + stage }

// Compare orders metric names as reports list them: by their catalog entry,
// then by name within a family (callers that want stages in pipeline order
// keep them in that order themselves), unknown names last in byte order. It
// returns -1, 0 or +1, for use with slices.SortFunc.
func Compare(a, b string) int {
	ra, oka := rank(a)
	rb, okb := rank(b)
	switch {
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	case oka && okb && ra != rb:
		if ra < rb {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
