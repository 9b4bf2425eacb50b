package scenario

import (
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

// kind is what a field holds.
type kind uint8

const (
	kObject     kind = iota // a mapping of named fields
	kList                   // a list of mappings of named fields
	kString                 // free text
	kStrings                // free text, or a list of texts
	kName                   // an identifier: letters, digits, . _ -
	kEnum                   // one of field.enum
	kBool                   // true or false
	kInt                    // a whole number within [lo, hi]
	kFloat                  // a number within [lo, hi]
	kSize                   // a Size, at least lo
	kRate                   // a Rate
	kDuration               // a time.Duration
	kCost                   // a Cost
	kHWM                    // a HighWaterMark
	kChunk                  // a ChunkSize: a size or a distribution
	kSweep                  // the sweep mapping
	kExclude                // the exclude list
	kThresholds             // the thresholds mapping
)

// field describes one field of the format: its name, what it holds, its
// documentation and default, and how a decoded value is stored. The parser,
// the sweep and the JSON Schema all read this one table.
type field struct {
	name    string
	kind    kind
	doc     string
	def     string   // default, written as in a scenario; "" for none
	enum    []string // kEnum's values
	lo, hi  float64  // kInt, kFloat bounds; kSize minimum (lo)
	noSweep bool     // the field cannot be swept
	example string   // an example value for the schema
	fields  []*field // kObject and kList: the fields of the mapping
	// optional kObject fields are not filled with defaults when absent.
	optional bool
	// maxItems bounds a kList.
	maxItems int
	// pct lets a kFloat be written as a percentage: 5% is 0.05.
	pct bool

	set func(dst, v any)  // leaf: stores v (the parsed value) into dst
	sub func(dst any) any // kObject: the nested struct of dst
	add func(dst any) any // kList: appends an element to dst's list, returns it
}

// leaf declares a field holding one value, stored by set into a *T.
func leaf[T, V any](name string, k kind, doc string, set func(*T, V)) *field {
	return &field{name: name, kind: k, doc: doc, set: func(dst, v any) { set(dst.(*T), v.(V)) }}
}

// object declares a mapping field whose fields are stored in get(dst).
func object[T, C any](name, doc string, get func(*T) *C, fields ...*field) *field {
	return &field{name: name, kind: kObject, doc: doc, fields: fields, sub: func(dst any) any { return get(dst.(*T)) }}
}

// list declares a list of mappings stored in the slice get(dst).
func list[T, E any](name, doc string, get func(*T) *[]E, fields ...*field) *field {
	return &field{name: name, kind: kList, doc: doc, fields: fields, maxItems: 64, add: func(dst any) any {
		s := get(dst.(*T))
		*s = append(*s, *new(E))
		return &(*s)[len(*s)-1]
	}}
}

func (f *field) withDefault(d string) *field   { f.def = d; return f }
func (f *field) between(lo, hi float64) *field { f.lo, f.hi = lo, hi; return f }
func (f *field) atLeast(lo float64) *field     { f.lo = lo; return f }
func (f *field) fixed() *field                 { f.noSweep = true; return f }
func (f *field) eg(example string) *field      { f.example = example; return f }
func (f *field) oneOf(v ...string) *field      { f.enum = v; return f }
func (f *field) percent() *field               { f.pct = true; return f }

// child returns f's field called name.
func (f *field) child(name string) *field {
	for _, c := range f.fields {
		if c.name == name {
			return c
		}
	}
	return nil
}

// childNames returns the names of f's fields.
func (f *field) childNames() []string {
	names := make([]string, len(f.fields))
	for i, c := range f.fields {
		names[i] = c.name
	}
	return names
}

// leafKind reports whether f holds a single value (one a sweep can vary).
func (f *field) leafKind() bool { return f.kind >= kString && f.kind <= kChunk }

// hwmField is the highWaterMark field of a T.
func hwmField[T any](name, doc string, set func(*T, HighWaterMark)) *field {
	return leaf(name, kHWM, doc, set).eg("16KiB")
}

// consumerFields are the fields of a consumer, under consumer: and under
// each item of consumers:.
func consumerFields() []*field {
	return []*field{
		leaf("name", kName, "Name of the consumer in metrics; default consumer (one) or consumer1, consumer2, ... (several).",
			func(c *Consumer, v string) { c.Name = v }).fixed(),
		leaf("kind", kEnum, "What the consumer is: model (takes rate and latency) or, on engine node, fs (a real fs.createWriteStream to a new file in dir), net (a socket to a sink on 127.0.0.1 that reads and discards) or http (an http PUT with a chunked body to a loopback server).",
			func(c *Consumer, v string) { c.Kind = v }).oneOf(Model, FS, Net, HTTP, Module).withDefault(Model),
		leaf("module", kString, "For kind module: a JavaScript file (relative to this file) exporting a function that, called with { highWaterMark }, returns the Writable.",
			func(c *Consumer, v string) { c.Module = v }).fixed().eg("./my-sink.js"),
		leaf("dir", kString, "For kind fs: the folder the file is written in (default: the system's temporary folder; /dev/shm is tmpfs).",
			func(c *Consumer, v string) { c.Dir = v }).eg("/dev/shm"),
		leaf("rate", kRate, "Fastest the consumer takes data: 10MiB/s, 100Mbit/s, 1000/s (chunks) or unlimited.",
			func(c *Consumer, v Rate) { c.Rate = v }).withDefault("unlimited").eg("10MiB/s"),
		leaf("latency", kDuration, "Fixed time per chunk, added to the chunk's time at rate: 200us.",
			func(c *Consumer, v time.Duration) { c.Latency = v }).withDefault("0").eg("200us"),
		leaf("jitter", kFloat, "Each chunk's time varies uniformly within ±jitter of its nominal time (0 to 1).",
			func(c *Consumer, v float64) { c.Jitter = v }).between(0, 1).withDefault("0").eg("0.2"),
		leaf("timer", kBool, "The consumer waits out each chunk's time with setTimeout: a calibrated sim applies its 1ms clamp and overshoot.",
			func(c *Consumer, v bool) { c.Timer = v }).withDefault("false"),
		object("stalls", "Periodic stalls: the consumer stops taking data for `for` every `every`.",
			func(c *Consumer) *Stalls { return &c.Stalls },
			leaf("every", kDuration, "Period of the stalls: 2s.", func(s *Stalls, v time.Duration) { s.Every = v }).eg("2s"),
			leaf("for", kDuration, "Length of each stall, shorter than every: 300ms.", func(s *Stalls, v time.Duration) { s.For = v }).eg("300ms"),
			leaf("phase", kDuration, "Delay of every stall, shorter than every: stalls at every+phase, 2every+phase, ...", func(s *Stalls, v time.Duration) { s.Phase = v }).eg("100ms"),
			leaf("random", kBool, "Stalls at random: gaps exponential with mean every-for, so stalled for/every of the time.", func(s *Stalls, v bool) { s.Random = v }).eg("true"),
		),
		hwmField("highWaterMark", "The consumer's (Writable's) highWaterMark; default: the scenario's.",
			func(c *Consumer, v HighWaterMark) { c.HighWaterMark = v }),
	}
}

// chunkSpec is what a chunk distribution decodes into.
type chunkSpec struct {
	Uniform struct{ Min, Max Size }
	Normal  struct{ Mean, Stddev, Min, Max Size }
	Choice  []Weighted
}

// chunkDist is the mapping form of producer.chunk.
var chunkDist = &field{name: "chunk", kind: kObject, fields: []*field{
	object("uniform", "Sizes uniform between min and max.",
		func(c *chunkSpec) *struct{ Min, Max Size } { return &c.Uniform },
		leaf("min", kSize, "Smallest size.", func(u *struct{ Min, Max Size }, v Size) { u.Min = v }).atLeast(1).eg("1KiB"),
		leaf("max", kSize, "Largest size.", func(u *struct{ Min, Max Size }, v Size) { u.Max = v }).atLeast(1).eg("64KiB"),
	),
	object("normal", "Sizes normal around mean, rounded and clamped to [min, max].",
		func(c *chunkSpec) *struct{ Mean, Stddev, Min, Max Size } { return &c.Normal },
		leaf("mean", kSize, "Mean size.", func(n *struct{ Mean, Stddev, Min, Max Size }, v Size) { n.Mean = v }).atLeast(1).eg("16KiB"),
		leaf("stddev", kSize, "Standard deviation.", func(n *struct{ Mean, Stddev, Min, Max Size }, v Size) { n.Stddev = v }).eg("4KiB"),
		leaf("min", kSize, "Smallest size; default mean - 4 stddev, at least 1B.", func(n *struct{ Mean, Stddev, Min, Max Size }, v Size) { n.Min = v }).atLeast(1).eg("1KiB"),
		leaf("max", kSize, "Largest size; default mean + 4 stddev.", func(n *struct{ Mean, Stddev, Min, Max Size }, v Size) { n.Max = v }).atLeast(1).eg("64KiB"),
	),
	list("choice", "Sizes drawn from a list, each with a relative weight.",
		func(c *chunkSpec) *[]Weighted { return &c.Choice },
		leaf("size", kSize, "A chunk size.", func(w *Weighted, v Size) { w.Size = v }).atLeast(1).eg("1KiB"),
		leaf("weight", kFloat, "Relative frequency of this size.", func(w *Weighted, v float64) { w.Weight = v }).between(0, 1e9).withDefault("1"),
	),
}}

// root is the scenario format.
var root = &field{kind: kObject, fields: []*field{
	leaf("name", kName, "Name of the scenario in reports and benchmark names; default: the file name without extension.",
		func(s *Scenario, v string) { s.Name = v }).fixed().eg("slow-disk-logger"),
	leaf("description", kString, "What the scenario models, in a sentence.",
		func(s *Scenario, v string) { s.Description = v }).fixed(),
	leaf("engine", kEnum, "Engine that runs the cells: sim (virtual clock), realtime (wall clock) or node (a real Node.js).",
		func(s *Scenario, v string) { s.Engine = Engine(v) }).oneOf(string(Sim), string(Realtime), string(Node)).withDefault("sim"),
	leaf("node", kString, "For engine node: the runtime: a Node.js version (20, 22, 24), bun or deno (`make runtimes`), or the path of a binary; default: node on PATH.",
		func(s *Scenario, v string) { s.Node = v }).eg("22"),
	// Parse spells runtime: node: before decoding (alias.go); the entry
	// gives it to the schema, the sweep's paths and the field list.
	leaf(runtimeAlias, kString, "Another name for node: (the same values, swept the same way: sweep: {runtime: [22, bun, deno]}); a scenario writes one or the other, and results name its points node=….",
		func(s *Scenario, v string) { s.Node = v }).eg("bun"),
	leaf("timing", kEnum, "For engine node: wall (measure in real time, Node's lateness included; the default) or ideal (the model's clock: sim's numbers, a check of Node's stream semantics).",
		func(s *Scenario, v string) { s.Timing = Timing(v) }).oneOf(string(Wall), string(Ideal)).withDefault("wall"),
	leaf("profile", kEnum, "Node.js defaults and rules the streams follow; default: the profile highWaterMark names, else that of node: when it is a version (20, 22, 24), else node22.",
		func(s *Scenario, v string) { s.Profile, _ = stream.ProfileByName(v) }).oneOf(stream.ProfileNames...),
	leaf("repeat", kInt, "How many times each cell runs, each with its own seed.",
		func(s *Scenario, v int64) { s.Repeat = int(v) }).between(1, 1000).withDefault("1").fixed(),
	object("repeatUntil", "Repeat each point only until its throughput is steady: stop once the coefficient of variation over its repeats is under cv (after at least min repeats), with repeat (default 10 here) as the most. For wall-clock engines, whose cells are noisy.",
		func(s *Scenario) *RepeatUntil { return &s.RepeatUntil },
		leaf("cv", kFloat, "Target coefficient of variation of throughput: 0.05 is 5%.", func(r *RepeatUntil, v float64) { r.CV = v }).between(0.001, 1).withDefault("0.05").fixed(),
		leaf("min", kInt, "Fewest repeats before the target may stop a point.", func(r *RepeatUntil, v int64) { r.Min = int(v) }).between(2, 1000).withDefault("3").fixed(),
	).fixed(),
	leaf("seed", kInt, "Seed every cell derives its own from.",
		func(s *Scenario, v int64) { s.Seed = uint64(v) }).between(0, 1<<53).withDefault("1").fixed(),
	leaf("strategy", kEnum, "How the producer feeds the pipeline: pipe, pipeline, manual (pause on false, resume on drain), await-drain, or ignore (no backpressure, held by memoryGuard).",
		func(s *Scenario, v string) { s.Strategy = Strategy(v) }).oneOf(string(Pipe), string(Pipeline), string(Manual), string(AwaitDrain), string(Ignore)).withDefault("pipe"),
	hwmField("highWaterMark", "highWaterMark of every stream that sets none: a size (16KiB) or a profile (node20, node22, fs, default).",
		func(s *Scenario, v HighWaterMark) { s.HighWaterMark = v }).withDefault("default"),
	leaf("calibration", kStrings, "For engine sim: a calibration file written by bpbench calibrate (path relative to this file), or a list of them, one per runtime: a sim cell uses the one measured in its node: runtime (20, 22, 24 by major version, bun, deno); sim then pays that runtime's event-loop costs and models its real parts. bpbench run --calibration overrides it.",
		func(s *Scenario, v []string) { s.Calibration = v }).fixed().eg("calibration.json"),
	object("load", "Other work on the event loop: for `slice` out of every slice/busy, no callback of the cell runs. The node engine starts each slice on a setTimeout; sim does the same under a calibration, and without one starts them exactly every slice/busy.",
		func(s *Scenario) *Load { return &s.Load },
		leaf("busy", kFloat, "The loop's busy share (0 to 0.95).", func(l *Load, v float64) { l.Busy = v }).between(0, 0.95).eg("0.3"),
		leaf("slice", kDuration, "Length of each busy slice: 2ms.", func(l *Load, v time.Duration) { l.Slice = v }).eg("2ms"),
	),
	leaf("memoryGuard", kSize, "A cell stops, reported as guard exceeded, when the pipeline buffers more than this.",
		func(s *Scenario, v Size) { s.MemoryGuard = v }).atLeast(1).withDefault("1GiB"),
	leaf("pipelines", kInt, "How many identical pipelines run at once in one process (on engine sim, one event loop: under a calibration their CPU costs add up): throughput, latency and buffered.* are over all of them (buffered summed at each instant), buffered.per.pipeline, rss.per.pipeline and heap.per.pipeline say what each costs.",
		func(s *Scenario, v int64) { s.Pipelines = int(v) }).between(1, 10000).withDefault("1").eg("100"),
	object("stop", "When a cell ends: the first limit reached wins; at least one is required.",
		func(s *Scenario) *Stop { return &s.Stop },
		leaf("bytes", kSize, "Stop after the producer made this many bytes: 256MiB.", func(s *Stop, v Size) { s.Bytes = v }).atLeast(1).eg("256MiB"),
		leaf("chunks", kInt, "Stop after the producer made this many chunks.", func(s *Stop, v int64) { s.Chunks = v }).between(1, maxChunks).eg("100000"),
		leaf("duration", kDuration, "Stop after this much time (virtual time under engine sim): 60s.", func(s *Stop, v time.Duration) { s.Duration = v }).eg("60s"),
	),
	object("producer", "The source of data: a Readable, or an async generator (source).",
		func(s *Scenario) *Producer { return &s.Producer },
		leaf("rate", kRate, "Fastest the producer makes data: 200MiB/s, 100Mbit/s, 1000/s (chunks) or unlimited.",
			func(p *Producer, v Rate) { p.Rate = v }).withDefault("unlimited").eg("200MiB/s"),
		leaf("chunk", kChunk, "Chunk size: a size (4KiB), or {uniform: {min, max}}, {normal: {mean, stddev, min, max}}, {choice: [{size, weight}]}.",
			func(p *Producer, v ChunkSize) { p.Chunk = v }).withDefault("16KiB"),
		leaf("mode", kEnum, "live: data comes on its own schedule (logs, a live feed); what the stream cannot take yet waits upstream and counts in latency. pull: data is read on demand (a file, a cursor); a chunk is started only when the stream asks (_read), so time paused is lost.",
			func(p *Producer, v string) { p.Mode = ProducerMode(v) }).oneOf(string(Live), string(Pull)).withDefault("live"),
		leaf("source", kEnum, "readable: a Readable that pushes chunks. generator: a plain async generator read by `for await (const chunk of gen()) { if (!w.write(chunk)) await once(w, 'drain') }` (strategy await-drain only): every chunk is written as made, none joined by read(); it has no highWaterMark.",
			func(p *Producer, v string) { p.Source = ProducerSource(v) }).oneOf(string(Readable), string(Generator)).withDefault("readable"),
		leaf("latency", kDuration, "For mode pull: time from the stream's request (_read) to the chunk, before its time at rate (a disk seek, a request round trip): 2ms.",
			func(p *Producer, v time.Duration) { p.Latency = v }).withDefault("0").eg("2ms"),
		leaf("jitter", kFloat, "For mode pull: each chunk's time (latency plus its size at rate) varies uniformly within ±jitter (0 to 1).",
			func(p *Producer, v float64) { p.Jitter = v }).between(0, 1).withDefault("0").eg("0.2"),
		leaf("timer", kBool, "For mode pull: the wait for each chunk is a setTimeout: a calibrated sim applies its 1ms clamp and overshoot.",
			func(p *Producer, v bool) { p.Timer = v }).withDefault("false"),
		object("burst", "On/off production: make data for `on`, idle for `off`, repeat.",
			func(p *Producer) *Burst { return &p.Burst },
			leaf("on", kDuration, "How long the producer produces: 50ms.", func(b *Burst, v time.Duration) { b.On = v }).eg("50ms"),
			leaf("off", kDuration, "How long it then idles: 200ms.", func(b *Burst, v time.Duration) { b.Off = v }).eg("200ms"),
		),
		leaf("objectMode", kBool, "Object mode for the whole pipeline: highWaterMarks count chunks, not bytes.",
			func(p *Producer, v bool) { p.ObjectMode = v }).withDefault("false"),
		hwmField("highWaterMark", "The producer's (Readable's) highWaterMark; default: the scenario's.",
			func(p *Producer, v HighWaterMark) { p.HighWaterMark = v }),
	),
	list("stages", "Transforms between the producer and the consumers, in order.",
		func(s *Scenario) *[]Stage { return &s.Stages },
		leaf("name", kName, "Name of the stage in metrics; default stage1, stage2, ...",
			func(st *Stage, v string) { st.Name = v }).fixed().eg("compress"),
		leaf("kind", kEnum, "What the stage is: model (takes cost) or, on engine node, gzip or gunzip (a real zlib stream; gunzip needs a gzip before it).",
			func(st *Stage, v string) { st.Kind = v }).oneOf(Model, Gzip, Gunzip, Module).withDefault(Model),
		leaf("module", kString, "For kind module: a JavaScript file (relative to this file) exporting a function that, called with { readableHighWaterMark, writableHighWaterMark }, returns the Transform.",
			func(st *Stage, v string) { st.Module = v }).fixed().eg("./my-transform.js"),
		leaf("cost", kCost, "Time per chunk: per byte (5ms/MiB), per chunk (20us) or both (20us+5ms/MiB).",
			func(st *Stage, v Cost) { st.Cost = v }).withDefault("0").eg("5ms/MiB"),
		leaf("jitter", kFloat, "Each chunk's cost varies uniformly within ±jitter of its nominal cost (0 to 1).",
			func(st *Stage, v float64) { st.Jitter = v }).between(0, 1).withDefault("0").eg("0.2"),
		leaf("timer", kBool, "The stage waits out each chunk's cost with setTimeout: a calibrated sim applies its 1ms clamp and overshoot.",
			func(st *Stage, v bool) { st.Timer = v }).withDefault("false"),
		hwmField("highWaterMark", "Both sides' highWaterMark; default: the scenario's.",
			func(st *Stage, v HighWaterMark) { st.ReadableHighWaterMark, st.WritableHighWaterMark = v, v }),
		hwmField("readableHighWaterMark", "The output side's highWaterMark; default: the stage's highWaterMark.",
			func(st *Stage, v HighWaterMark) { st.ReadableHighWaterMark = v }),
		hwmField("writableHighWaterMark", "The input side's highWaterMark; default: the stage's highWaterMark.",
			func(st *Stage, v HighWaterMark) { st.WritableHighWaterMark = v }),
	),
	func() *field {
		f := object("consumer", "The destination (a Writable); use consumers for several.",
			func(s *Scenario) *Consumer {
				s.Consumers = append(s.Consumers, Consumer{})
				return &s.Consumers[len(s.Consumers)-1]
			}, consumerFields()...)
		f.optional = true
		return f
	}(),
	list("consumers", "Several destinations: the pipeline pipes to each; the slowest governs.",
		func(s *Scenario) *[]Consumer { return &s.Consumers }, consumerFields()...),
	{name: "sweep", kind: kSweep, doc: "Fields to vary, by dotted path (highWaterMark, producer.chunk, consumer.rate, stages.0.cost), each with a list of values; every combination is a cell, in the order written."},
	{name: "exclude", kind: kExclude, doc: "Sweep points not to run: each item is a partial assignment ({highWaterMark: 1KiB, producer.chunk: 64KiB}); a value may be a list of values."},
	{name: "thresholds", kind: kThresholds, doc: "Conditions every cell must meet, metric: \"op value\" (buffered.peak: \"< 2MiB\")."},
	object("recommend", "How the report picks its highWaterMark: the smallest whose objective metric is within tolerance of the best of its group.",
		func(s *Scenario) *Recommend { return &s.Recommend },
		leaf("objective", kEnum, "The metric to be near its best: throughput (default), or a latency (latency.p99) for a live producer whose throughput the buffer does not change.",
			func(r *Recommend, v string) { r.Objective = v }).oneOf(Objectives...).withDefault(metrics.Throughput).fixed(),
		leaf("tolerance", kFloat, "How far from the best: a percentage (5%) or a fraction (0.05).",
			func(r *Recommend, v float64) { r.Tolerance = v }).between(0, 1).withDefault("5%").percent().fixed().eg("5%"),
	),
}}

// Objectives are the metrics a recommend: objective may name.
var Objectives = []string{metrics.Throughput, metrics.ThroughputChunks, metrics.LatencyP50, metrics.LatencyP90, metrics.LatencyP99, metrics.LatencyMax}

// maxChunks bounds the chunks a cell may produce.
const maxChunks = 1_000_000_000
