package scenario

import (
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

// Engine names the engine that runs a scenario's cells.
type Engine string

// The engines.
const (
	// Sim runs internal/stream on a virtual clock: deterministic and fast.
	Sim Engine = "sim"
	// Realtime runs internal/stream on the wall clock.
	Realtime Engine = "realtime"
	// Node runs the cell in a real Node.js process.
	Node Engine = "node"
)

// Timing names the clock a node cell's figures are on.
type Timing string

// The timings.
const (
	// Wall measures on the wall clock, Node's lateness included.
	Wall Timing = "wall"
	// Ideal keeps the model's clock: the figures are sim's.
	Ideal Timing = "ideal"
)

// Strategy is how the producer feeds the pipeline.
type Strategy string

// The strategies.
const (
	// Pipe is readable.pipe(...): Node pauses and resumes the source.
	Pipe Strategy = "pipe"
	// Pipeline is stream.pipeline(...): pipe plus error and destroy
	// propagation. It takes one consumer.
	Pipeline Strategy = "pipeline"
	// Manual is the tutorial's loop: write until write() returns false,
	// pause, resume on 'drain'.
	Manual Strategy = "manual"
	// AwaitDrain is an async loop that awaits 'drain' whenever write()
	// returns false.
	AwaitDrain Strategy = "await-drain"
	// Ignore writes without looking at write()'s answer: the baseline
	// without backpressure, held by MemoryGuard.
	Ignore Strategy = "ignore"
)

// Scenario is one parsed, validated and resolved scenario file. Every field
// is filled in: defaults are applied, units converted and highWaterMarks
// resolved to numbers. A Scenario returned by Parse describes the base point
// of its sweep; With applies one sweep assignment. A Scenario is not modified
// after it is returned, so it may be shared between goroutines.
type Scenario struct {
	// File is the path given to ParseFile, or the name given to Parse.
	File string
	// Name identifies the scenario in reports and benchmark names: the
	// name field, or else the file's base name without extension.
	Name string
	// Description says in a sentence what the scenario models.
	Description string
	// Engine runs the cells: sim (default), realtime or node.
	Engine Engine
	// Node is the Node.js version ("22") or the path of a node binary for
	// the node engine; empty means the node on PATH.
	Node string
	// Timing is, for engine node, the clock its figures are on: Wall
	// (real time, the default) or Ideal (the model's clock, sim's numbers).
	Timing Timing
	// Profile is the set of Node.js defaults and rules the streams follow:
	// the profile field, else the profile named by highWaterMark, else
	// Node 22's.
	Profile stream.Profile
	// RepeatUntil, when its CV is set, stops a point's repeats once they
	// are steady; Repeat is then the most.
	RepeatUntil RepeatUntil
	// Repeat is how many times every cell runs, each with its own seed.
	Repeat int
	// Seed is the scenario's seed; every cell derives its own from it.
	Seed uint64
	// Strategy is how the producer feeds the pipeline.
	Strategy Strategy
	// HighWaterMark is the threshold of every stream that sets none of its
	// own.
	HighWaterMark HighWaterMark
	// MemoryGuard ends a cell, reported as guard exceeded, once the bytes
	// buffered in the pipeline pass it. It is what keeps strategy ignore
	// from exhausting memory.
	MemoryGuard Size
	// Pipelines is how many identical pipelines run at once in one
	// process, on every engine (on engine node with timing wall only).
	Pipelines int
	// Calibration are the calibration files for engine sim (bpbench
	// calibrate), resolved against the scenario file's folder, one per
	// runtime (a sim cell uses its node:'s); nil for none.
	Calibration []string
	// Load is other work on the event loop; the zero Load is none.
	Load Load
	// Stop ends a cell: whichever of its limits is reached first.
	Stop Stop
	// Producer is the source of data.
	Producer Producer
	// Stages are the Transforms between the producer and the consumers, in
	// order; none by default.
	Stages []Stage
	// Consumers are the destinations. There is at least one; with several,
	// the last stage (or the producer) pipes to each of them.
	Consumers []Consumer
	// Sweep lists the swept fields in the order written; nil when the
	// scenario has no sweep, and in a Scenario returned by With.
	Sweep []Sweep
	// Exclude lists the sweep points not to run.
	Exclude []Exclusion
	// Thresholds are conditions on metrics that every cell must meet.
	Thresholds []Threshold
	// Recommend is how the report picks its highWaterMark.
	Recommend Recommend
	// Params is the sweep assignment With applied; nil for the base.
	Params []Param
	// Source is the file's text, for reports.
	Source []byte
	// Warnings are problems that do not stop the scenario from running;
	// each is an *Error.
	Warnings []error

	tree *node // the document, for With
}

// RepeatUntil stops a point's repeats once its throughput is steady.
type RepeatUntil struct {
	// CV is the target coefficient of variation; 0 means no early stop.
	CV float64
	// Min is the fewest repeats before the target may stop a point.
	Min int
}

// Recommend is how the report picks a highWaterMark: the smallest whose
// mean Objective is within Tolerance of its group's best.
type Recommend struct {
	// Objective is a metric name (Objectives): throughput by default.
	Objective string
	// Tolerance is a fraction: 0.05 (written 5%) by default.
	Tolerance float64
}

// Stop ends a cell. At least one limit is set; zero means no limit.
type Stop struct {
	// Bytes stops the producer after this many bytes.
	Bytes Size
	// Chunks stops the producer after this many chunks.
	Chunks int64
	// Duration stops the cell after this much (virtual or real) time.
	Duration time.Duration
}

// ProducerMode says whether a producer's data comes on its own schedule or
// on demand.
type ProducerMode string

// The producer modes.
const (
	// Live data comes on its own schedule (logs, a live feed, a network
	// receive): what the stream cannot take yet waits upstream, and the
	// wait counts in latency.
	Live ProducerMode = "live"
	// Pull data is read on demand (a file, a database cursor): a chunk is
	// started only when the stream asks for one, so time spent paused is
	// lost.
	Pull ProducerMode = "pull"
)

// ProducerSource says what the producer is in Node.
type ProducerSource string

// The producer sources.
const (
	// Readable is a Readable that pushes chunks (the default).
	Readable ProducerSource = "readable"
	// Generator is a plain async generator, read by an await-drain loop
	// (strategy await-drain only): no Readable, so no highWaterMark and
	// no joining of buffers by read().
	Generator ProducerSource = "generator"
)

// Producer is the source: a Readable that pushes chunks.
type Producer struct {
	// Mode is live (the default) or pull.
	Mode ProducerMode
	// Source is readable (the default) or generator.
	Source ProducerSource
	// Latency is, in pull mode, the time from the stream's request to the
	// chunk, before its time at Rate.
	Latency time.Duration
	// Jitter, in pull mode, spreads each chunk's time by ±Jitter.
	Jitter float64
	// Timer, in pull mode, says each wait is a setTimeout.
	Timer bool
	// Rate is the fastest the producer makes data; the zero Rate is
	// unlimited.
	Rate Rate
	// Chunk is the size of the chunks it pushes.
	Chunk ChunkSize
	// Burst, when set, makes the producer alternate between producing (On)
	// and idling (Off).
	Burst Burst
	// ObjectMode makes every stream of the pipeline count chunks rather
	// than bytes against its highWaterMark.
	ObjectMode bool
	// HighWaterMark is the producer's (the Readable's) threshold.
	HighWaterMark HighWaterMark
}

// Burst is an on/off pattern. The zero Burst is continuous production.
type Burst struct {
	// On is how long the producer produces.
	On time.Duration
	// Off is how long it then idles.
	Off time.Duration
}

// Stage is a Transform between the producer and the consumers.
type Stage struct {
	// Name identifies the stage in metrics: the name field, else
	// "stage1", "stage2", ...
	Name string
	// Kind is what the stage is: "" (or "model") a modelled transform
	// taking Cost, or a real Node component on engine node: "gzip" or
	// "gunzip" (zlib), or "module": the Transform that the function Module
	// exports makes.
	Kind string
	// Module is, for kind module, the user's JavaScript file (relative to
	// the scenario file; absolute once resolved).
	Module string
	// Cost is the time the stage spends on each chunk.
	Cost Cost
	// Jitter spreads each chunk's cost by ±Jitter.
	Jitter float64
	// Timer says the stage waits out its cost with setTimeout.
	Timer bool
	// ReadableHighWaterMark is the threshold of the stage's output side:
	// readableHighWaterMark, else the stage's highWaterMark, else the
	// scenario's.
	ReadableHighWaterMark HighWaterMark
	// WritableHighWaterMark is the threshold of the stage's input side:
	// writableHighWaterMark, else the stage's highWaterMark, else the
	// scenario's.
	WritableHighWaterMark HighWaterMark
}

// The kinds of stage and consumer: Model is the modelled one; the others
// are real Node components the node engine runs.
const (
	Model  = "model"
	Gzip   = "gzip"
	Gunzip = "gunzip"
	FS     = "fs"
	Net    = "net"
	HTTP   = "http"
	Module = "module"
)

// Consumer is a destination: a Writable that takes time over each chunk.
type Consumer struct {
	// Name identifies the consumer in metrics: the name field, else
	// "consumer" for a single consumer and "consumer1", "consumer2", ...
	// for several.
	Name string
	// Kind is what the consumer is: "" (or "model") a modelled Writable
	// taking Rate and Latency, or, on engine node, "fs": a real
	// fs.createWriteStream to a new file in Dir, "net": a socket to a sink
	// server on 127.0.0.1, or "http": an http PUT upload (chunked body) to
	// one; the driver starts and stops the sinks; or "module": the
	// Writable the function Module exports makes.
	Kind string
	// Module is, for kind module, the user's JavaScript file (relative to
	// the scenario file; absolute once resolved).
	Module string
	// Dir is, for kind fs, the folder the file is made in ("" is the
	// system's temporary folder; /dev/shm is tmpfs).
	Dir string
	// Rate is the fastest the consumer takes data; the zero Rate is
	// unlimited. A chunk takes Latency plus its size at Rate.
	Rate Rate
	// Latency is a fixed time per chunk.
	Latency time.Duration
	// Jitter, between 0 and 1, makes each chunk's time vary uniformly
	// within ±Jitter of its nominal time.
	Jitter float64
	// Stalls, when set, make the consumer stop taking data For a while
	// Every so often.
	Stalls Stalls
	// Timer says the consumer waits out each chunk with setTimeout.
	Timer bool
	// HighWaterMark is the consumer's (the Writable's) threshold: its own,
	// else the scenario's.
	HighWaterMark HighWaterMark
}

// Load is other work on the event loop. The zero Load is none.
type Load struct {
	// Busy is the loop's busy share; Slice the length of each busy slice.
	Busy  float64
	Slice time.Duration
}

// Stalls is a periodic pause. The zero Stalls never stalls.
type Stalls struct {
	// Every is the period: a stall starts every Every.
	Every time.Duration
	// For is how long each stall lasts, shorter than Every.
	For time.Duration
	// Phase delays every stall, shorter than Every.
	Phase time.Duration
	// Random makes the stalls come at random, For/Every of the time.
	Random bool
}
