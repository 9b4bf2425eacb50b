package engine

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
	"github.com/bpbench/bpbench/internal/units"
)

// Config is one fully resolved cell: every unit converted, every profile
// looked up, every default applied by the planner. Engines read it and
// never change it. Call Validate before running it.
type Config struct {
	// Profile gives the default highWaterMarks and the Node version's rules;
	// the zero Profile is stream.Node22.
	Profile stream.Profile
	// Producer describes the source of data.
	Producer Producer
	// Stop says when the producer ends: the first limit reached wins.
	Stop Stop
	// Stages are the Transforms between the producer and the consumers, in
	// order.
	Stages []Stage
	// Consumers are the destinations; with several, each gets every chunk
	// (pipe to several destinations: the slowest one governs).
	Consumers []Consumer
	// HighWaterMark is the producer Readable's highWaterMark; nil takes the
	// profile's default for its mode.
	HighWaterMark *int
	// Strategy says how each stream's output reaches the next ones.
	Strategy Strategy
	// MemoryGuard, when > 0, stops the run (Result.GuardExceeded) once the
	// total buffered bytes exceed it. StrategyIgnore requires it.
	MemoryGuard int64
	// Pipelines is how many identical pipelines run at once in one process
	// (0 is 1; at most MaxPipelines), each with its own seed
	// (PipelineSeed). Throughput, latency and buffered bytes (summed at each
	// instant) are over all of them.
	Pipelines int
	// Seed seeds every random choice (chunk sizes, jitter): the same Config
	// gives the same Result.
	Seed uint64
	// Load is other work on the event loop, which delays every callback of
	// the cell that falls in one of its busy slices. The zero value is none.
	Load Load
}

// Producer is the source: a Readable that pushes one chunk per _read.
type Producer struct {
	// Rate is the production rate in bytes per second; ChunkRate the rate
	// in chunks per second. At most one is set; with neither, production is
	// unlimited (the next chunk is ready as soon as the previous one was
	// handed over).
	Rate, ChunkRate float64
	// Chunk is the distribution of chunk sizes in bytes (in object mode, the
	// size each object stands for). Required.
	Chunk ChunkDist
	// Burst, when On > 0, lets the producer work only during On out of every
	// On+Off.
	Burst Burst
	// ObjectMode makes every stream of the cell an object-mode stream.
	ObjectMode bool
	// Pull makes the producer read on demand: a chunk's time (Latency, then
	// its size at Rate) starts when _read asks for it, so time spent paused
	// is lost. Without Pull the producer is live: chunk n is due at its
	// place in the rate's schedule whatever happened before, and a chunk
	// the stream could not take waits (its latency counts from when it was
	// due).
	Pull bool
	// Latency is, with Pull, the time from _read to the chunk before its
	// time at Rate.
	Latency time.Duration
	// Jitter, in [0, 1] and with Pull only, spreads each chunk's time
	// (Latency + its size at Rate) uniformly by ±Jitter.
	Jitter float64
	// Timer, with Pull only, says the wait for a chunk is a setTimeout: a
	// calibrated engine applies its clamp and overshoot.
	Timer bool
	// Generator makes the producer a plain async generator rather than a
	// Readable, with StrategyAwaitDrain only: the loop `for await (const
	// chunk of gen()) { if (!w.write(chunk)) await once(w, 'drain') }`
	// writes every chunk as made (no read() joining buffers, no
	// highWaterMark), and asks for the next one only when it is not
	// waiting for 'drain'. Live and pull keep their meaning: a live chunk
	// the loop has not asked for waits upstream; a pull chunk is started
	// when the loop asks.
	Generator bool
}

// Burst is an on/off production pattern starting with an On phase at time
// 0. The zero value means no bursts.
type Burst struct {
	// On is how long the producer works; Off how long it then rests.
	On, Off time.Duration
}

// Enabled reports whether b gates production.
func (b Burst) Enabled() bool { return b.On > 0 && b.Off > 0 }

// Stop limits the run; zero fields are unset, and at least one must be set.
// Bytes and Chunks end production (the pipeline then drains, and the run
// ends when every consumer finished); Duration ends the run at that time,
// drained or not.
type Stop struct {
	// Bytes is the number of bytes to produce (the last chunk is cut to fit).
	Bytes int64
	// Chunks is the number of chunks to produce.
	Chunks int64
	// Duration is the longest the run may last, on the engine's clock.
	Duration time.Duration
}

// Stage is a Transform with a processing cost; it passes chunks on
// unchanged, one at a time, each after CostPerChunk + CostPerByte·size.
type Stage struct {
	// Name names the stage in per-stage metrics (buffered.peak.<name>).
	Name string
	// Kind is "" for the modelled transform (the costs below), or a real
	// Node component only the node engine runs: "gzip" or "gunzip".
	Kind string
	// Module is, for kind "module", the JavaScript file (an absolute path)
	// whose exported function, called with the highWaterMarks, returns the
	// Transform.
	Module string
	// CostPerByte is the processing time per byte in nanoseconds, a float
	// because costs are written per MiB (5ms/MiB is 4.768 ns per byte);
	// sub-nanosecond remainders carry from chunk to chunk.
	CostPerByte float64
	// CostPerChunk is the processing time per chunk.
	CostPerChunk time.Duration
	// Jitter, in [0, 1], spreads each chunk's cost uniformly by ±Jitter.
	Jitter float64
	// Timer says the wait for the cost is a setTimeout: a calibrated
	// engine applies its clamp and overshoot.
	Timer bool
	// HighWaterMark sets both sides' highWaterMark; ReadableHWM and
	// WritableHWM, when not nil, override it for one side. nil everywhere
	// takes the profile's default.
	HighWaterMark, ReadableHWM, WritableHWM *int
}

// Consumer is a Writable that serves one chunk at a time, each for
// (Latency + size/Rate + 1/ChunkRate) × U[1-Jitter, 1+Jitter], not
// working during stalls.
type Consumer struct {
	// Name names the consumer in per-stage metrics.
	Name string
	// Kind is "" for the modelled Writable (the service times below), or
	// "fs", a real fs.createWriteStream only the node engine runs, to a new
	// file in Dir ("" is the system's temporary folder), "net", a socket to
	// a sink server on 127.0.0.1 the driver starts, or "http", an http PUT
	// with a chunked body to one.
	Kind, Dir string
	// Module is, for kind "module", the JavaScript file (an absolute path)
	// whose exported function, called with the highWaterMark, returns the
	// Writable.
	Module string
	// Rate is the service rate in bytes per second, ChunkRate in chunks per
	// second; at most one is set, and with neither (and no Latency) service
	// is instant.
	Rate, ChunkRate float64
	// Latency is a fixed service time per chunk.
	Latency time.Duration
	// Jitter, in [0, 1], spreads each service time uniformly by ±Jitter.
	Jitter float64
	// Stalls are periodic pauses of the consumer.
	Stalls Stalls
	// Timer says the wait for each chunk's service is a setTimeout: a
	// calibrated engine applies its clamp and overshoot.
	Timer bool
	// HighWaterMark is the Writable's highWaterMark; nil is the profile's
	// default.
	HighWaterMark *int
}

// Stalls stop a consumer for For at every multiple of Every plus Phase
// (Every+Phase, 2·Every+Phase, ...): a chunk in service then waits, and a
// chunk that arrives waits for the stall's end. With Random, stalls come
// at random instead: the gaps between one stall's end and the next one's
// start are exponential with mean Every-For (so the consumer is stalled
// For/Every of the time, as with periodic stalls), drawn from the
// consumer's own PCG stream. The zero value means no stalls.
type Stalls struct {
	// Every is the period; For the length of each stall (less than Every).
	Every, For time.Duration
	// Phase, in [0, Every), delays every periodic stall by it.
	Phase time.Duration
	// Random makes the stalls random (Phase unused).
	Random bool
}

// Enabled reports whether s stalls the consumer.
func (s Stalls) Enabled() bool { return s.Every > 0 && s.For > 0 }

// Strategy is how data moves from a stream to the next ones.
type Strategy string

// The strategies.
const (
	// StrategyPipe is src.pipe(dest) for every hop.
	StrategyPipe Strategy = "pipe"
	// StrategyPipeline is stream.pipeline(producer, stages..., consumer);
	// further consumers are piped from the last stream.
	StrategyPipeline Strategy = "pipeline"
	// StrategyManual is the tutorial's loop: on 'data', write; when a write
	// returns false, pause the source; on 'drain' (of every destination that
	// returned false), resume it.
	StrategyManual Strategy = "manual"
	// StrategyAwaitDrain is an async loop: read; write; when write returns
	// false, wait for 'drain' before reading again (the source stays in
	// paused mode, read() on 'readable').
	StrategyAwaitDrain Strategy = "await-drain"
	// StrategyIgnore writes on 'data' without looking at write()'s answer:
	// the baseline that shows what backpressure saves. MemoryGuard bounds it.
	StrategyIgnore Strategy = "ignore"
)

// Strategies lists the strategies, in documentation order.
var Strategies = []Strategy{StrategyPipe, StrategyPipeline, StrategyManual, StrategyAwaitDrain, StrategyIgnore}

// Limits on the work of one cell.
const (
	// MaxChunks is the largest number of chunks one cell may produce, as
	// far as Validate can bound it from Stop and the rates.
	MaxChunks = 1_000_000_000
	// MaxHighWaterMark is Node's largest highWaterMark (1 GiB).
	MaxHighWaterMark = 1 << 30
	// ProducerName is the per-stage name of the producer's Readable.
	ProducerName = "producer"
)

// Errors of Validate, matched with errors.Is; the returned errors are
// FieldErrors that wrap them.
var (
	ErrNoStop       = errors.New("engine: no stop condition (set stop bytes, chunks or duration)")
	ErrTooMuchWork  = errors.New("engine: more work than one cell may do")
	ErrInvalidValue = errors.New("engine: invalid value")
	ErrNoGuard      = errors.New("engine: strategy ignore needs a memory guard")
)

// FieldError is one impossible value of a Config. Config.Validate is the
// one owner of a cell's rules: the scenario layer maps Field back to the
// line and column of the YAML field that set it.
type FieldError struct {
	// Field is the dotted path of the value at fault, in the scenario's
	// spelling: producer.rate, producer.highWaterMark, stop.duration,
	// stages.0.cost, consumers.1.stalls, strategy, memoryGuard. Empty when
	// the whole Config is at fault.
	Field string
	// Msg says what is wrong and how to fix it, in the words of a
	// scenario file.
	Msg string
	// Err is the class of the error: ErrInvalidValue, ErrNoStop,
	// ErrTooMuchWork or ErrNoGuard.
	Err error
}

// Error formats e as "field: message".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// Unwrap returns the class of the error.
func (e *FieldError) Unwrap() error { return e.Err }

// Validate reports every impossible value of c joined into one error (each
// a *FieldError), or nil. It also refuses cells whose work has no bound
// below MaxChunks chunks (no stop at all, or only a duration with nothing
// to slow the producer down).
func (c *Config) Validate() error {
	p := c.Problems()
	if len(p) == 0 {
		return nil
	}
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Problems returns every impossible value of c, in field order; the work
// bound is checked only when everything else is valid, since it is
// computed from the other values.
func (c *Config) Problems() []*FieldError {
	var out []*FieldError
	bad := func(field string, class error, format string, a ...any) {
		out = append(out, &FieldError{Field: field, Msg: fmt.Sprintf(format, a...), Err: class})
	}
	invalid := func(field, format string, a ...any) { bad(field, ErrInvalidValue, format, a...) }
	hwm := func(field string, h *int) {
		if h != nil && (*h < 0 || *h > MaxHighWaterMark) {
			if c.Producer.ObjectMode {
				invalid(field, "%d objects is not in [0, %d]", *h, MaxHighWaterMark)
				return
			}
			invalid(field, "%s is not in [0, %s] (Node's largest highWaterMark is %s)", units.Size(*h), units.Size(MaxHighWaterMark), units.Size(MaxHighWaterMark))
		}
	}
	names := map[string]bool{ProducerName: true}
	name := func(field, n string) {
		switch {
		case n == "":
			invalid(field+".name", "empty")
		case names[n]:
			invalid(field+".name", "%s is used twice (names must differ, and producer is taken)", n)
		}
		names[n] = true
	}

	p := &c.Producer
	if !finiteNonNeg(p.Rate) || !finiteNonNeg(p.ChunkRate) || (p.Rate > 0 && p.ChunkRate > 0) {
		invalid("producer.rate", "%v bytes/s, %v chunks/s (at most one, finite, >= 0)", p.Rate, p.ChunkRate)
	}
	if p.Chunk == nil {
		invalid("producer.chunk", "missing")
	} else if err := p.Chunk.Validate(); err != nil {
		invalid("producer.chunk", "%s", strings.TrimSuffix(err.Error(), ": "+ErrInvalidValue.Error()))
	}
	if b := p.Burst; b.On < 0 || b.Off < 0 || (b.On > 0) != (b.Off > 0) {
		invalid("producer.burst", "give on and off, both longer than 0")
	}
	if p.Latency < 0 {
		invalid("producer.latency", "%v is negative", p.Latency)
	}
	if p.Latency > 0 && !p.Pull {
		invalid("producer.latency", "only a pull producer waits per request; add mode: pull")
	}
	if p.Pull && p.Burst.On > 0 {
		invalid("producer.burst", "a pull producer reads on demand; bursts need mode: live")
	}
	if !(p.Jitter >= 0 && p.Jitter <= 1) {
		invalid("producer.jitter", "%v is not in [0, 1]", p.Jitter)
	}
	switch {
	case p.Jitter > 0 && !p.Pull:
		invalid("producer.jitter", "jitter and timer apply to a pull producer's waits; add mode: pull")
	case p.Timer && !p.Pull:
		invalid("producer.timer", "jitter and timer apply to a pull producer's waits; add mode: pull")
	}
	if p.Generator && c.Strategy != StrategyAwaitDrain {
		invalid("producer.source", "a generator is read by an await-drain loop; it needs strategy: await-drain (strategy is %s)", c.Strategy)
	}
	hwm("producer.highWaterMark", c.HighWaterMark)
	if l := c.Load; !(l.Busy >= 0 && l.Busy < 1) || l.Slice < 0 || (l.Busy > 0) != (l.Slice > 0) {
		invalid("load", "give busy (above 0, below 1) and slice (longer than 0), or neither")
	}

	s := &c.Stop
	switch {
	case s.Bytes < 0 || s.Chunks < 0 || s.Duration < 0:
		invalid("stop", "negative limit")
	case s.Bytes == 0 && s.Chunks == 0 && s.Duration == 0:
		bad("stop", ErrNoStop, "give bytes, chunks or duration (stop: {bytes: 64MiB})")
	}

	for i := range c.Stages {
		st := &c.Stages[i]
		f := "stages." + strconv.Itoa(i)
		name(f, st.Name)
		if !finiteNonNeg(st.CostPerByte) || st.CostPerChunk < 0 {
			invalid(f+".cost", "negative")
		}
		if !(st.Jitter >= 0 && st.Jitter <= 1) {
			invalid(f+".jitter", "%v is not in [0, 1]", st.Jitter)
		}
		hwm(f+".highWaterMark", st.HighWaterMark)
		hwm(f+".readableHighWaterMark", st.ReadableHWM)
		hwm(f+".writableHighWaterMark", st.WritableHWM)
	}
	if len(c.Consumers) == 0 {
		invalid("consumers", "give at least one consumer")
	}
	for i := range c.Consumers {
		cs := &c.Consumers[i]
		f := "consumers." + strconv.Itoa(i)
		name(f, cs.Name)
		if !finiteNonNeg(cs.Rate) || !finiteNonNeg(cs.ChunkRate) || (cs.Rate > 0 && cs.ChunkRate > 0) {
			invalid(f+".rate", "%v bytes/s, %v chunks/s (at most one, finite, >= 0)", cs.Rate, cs.ChunkRate)
		}
		if cs.Latency < 0 {
			invalid(f+".latency", "%v is negative", cs.Latency)
		}
		if !(cs.Jitter >= 0 && cs.Jitter <= 1) {
			invalid(f+".jitter", "%v is not in [0, 1]", cs.Jitter)
		}
		switch st := cs.Stalls; {
		case st.Every < 0 || st.For < 0 || (st.Every > 0) != (st.For > 0):
			invalid(f+".stalls", "give every and for, both longer than 0")
		case st.Every > 0 && st.For >= st.Every:
			invalid(f+".stalls", "for (%v) must be shorter than every (%v)", st.For, st.Every)
		case st.Phase < 0 || (st.Random || st.Phase > 0) && !st.Enabled():
			invalid(f+".stalls", "phase %v, random %v (need every and for, and phase >= 0)", st.Phase, st.Random)
		case st.Phase > 0 && st.Phase >= st.Every:
			invalid(f+".stalls", "phase (%v) must be shorter than every (%v)", st.Phase, st.Every)
		}
		hwm(f+".highWaterMark", cs.HighWaterMark)
	}
	if !slices.Contains(Strategies, c.Strategy) {
		invalid("strategy", "%q (want pipe, pipeline, manual, await-drain or ignore)", c.Strategy)
	}
	if c.MemoryGuard < 0 {
		invalid("memoryGuard", "%s is negative", units.Size(c.MemoryGuard))
	}
	if c.Pipelines < 0 || c.Pipelines > MaxPipelines {
		invalid("pipelines", "%d (want 1 to %d)", c.Pipelines, MaxPipelines)
	}
	if c.Strategy == StrategyIgnore && c.MemoryGuard == 0 {
		bad("memoryGuard", ErrNoGuard, "strategy ignore needs a memory guard")
	}
	if len(out) > 0 {
		return out
	}
	switch n := c.MaxWork(); {
	case s.Chunks > MaxChunks:
		bad("stop.chunks", ErrTooMuchWork, "%d is more than the limit of 1e9 chunks per cell", s.Chunks)
	case math.IsInf(n, 1):
		why := "no stage or consumer takes time"
		if c.Strategy == StrategyIgnore {
			why = "strategy ignore does not wait for the consumers"
		}
		bad("stop.duration", ErrTooMuchWork, "nothing limits how fast chunks are made (producer.rate is unlimited and %s); add stop.bytes or stop.chunks, or a rate", why)
	case n > MaxChunks:
		bad("stop", ErrTooMuchWork, "a cell could make %.0f chunks%s, more than the limit of 1e9; stop sooner or use larger chunks", n, c.pipelinesNote())
	}
	return out
}

// MaxWork bounds the number of chunks the cell can produce: the least of
// Stop.Chunks, Stop.Bytes over the smallest chunk, and Stop.Duration times
// the fastest chunk rate the pipeline allows (the producer's rate, or, when
// the strategy applies backpressure, the slowest stage or consumer).
// +Inf means no bound. With several pipelines, it is the bound of one
// times Pipelines: every pipeline makes its own chunks.
func (c *Config) MaxWork() float64 {
	return c.maxWorkOne() * float64(max(1, c.Pipelines))
}

// maxWorkOne is MaxWork of one pipeline.
func (c *Config) maxWorkOne() float64 {
	n := math.Inf(1)
	if c.Stop.Chunks > 0 {
		n = float64(c.Stop.Chunks)
	}
	minSize := 1
	if c.Producer.Chunk != nil {
		minSize = max(c.Producer.Chunk.Min(), 1)
	}
	if c.Stop.Bytes > 0 {
		n = min(n, math.Ceil(float64(c.Stop.Bytes)/float64(minSize)))
	}
	if c.Stop.Duration > 0 {
		// The fastest chunk rate: each element's shortest time per chunk.
		per := math.Inf(1) // chunks per second
		if r := c.Producer.Rate; r > 0 {
			per = r / float64(minSize)
		}
		if r := c.Producer.ChunkRate; r > 0 {
			per = r
		}
		if c.Strategy != StrategyIgnore {
			for _, st := range c.Stages {
				if d := (st.CostPerChunk.Seconds() + st.CostPerByte*float64(minSize)/1e9) * (1 - st.Jitter); d > 0 {
					per = min(per, 1/d)
				}
			}
			for _, cs := range c.Consumers {
				d := cs.Latency.Seconds()
				if cs.Rate > 0 {
					d += float64(minSize) / cs.Rate
				}
				if cs.ChunkRate > 0 {
					d += 1 / cs.ChunkRate
				}
				if d *= 1 - cs.Jitter; d > 0 {
					per = min(per, 1/d)
				}
			}
		}
		n = min(n, per*c.Stop.Duration.Seconds())
	}
	return n
}

func finiteNonNeg(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// HighWaterMarks returns every stream's highWaterMark as the engines run
// it (nil pointers resolved to the profile's default for the mode), by
// stream: ProducerName, each stage's "<name>.readable" and
// "<name>.writable", each consumer's name.
func (c *Config) HighWaterMarks() map[string]int64 {
	p := c.Profile
	if p == (stream.Profile{}) {
		p = stream.Node22
	}
	def := p.Bytes
	if c.Producer.ObjectMode {
		def = p.Objects
	}
	get := func(hs ...*int) int64 {
		for _, h := range hs {
			if h != nil {
				return int64(*h)
			}
		}
		return int64(def)
	}
	out := map[string]int64{ProducerName: get(c.HighWaterMark)}
	for _, st := range c.Stages {
		out[st.Name+".readable"] = get(st.ReadableHWM, st.HighWaterMark)
		out[st.Name+".writable"] = get(st.WritableHWM, st.HighWaterMark)
	}
	for _, cs := range c.Consumers {
		out[cs.Name] = get(cs.HighWaterMark)
	}
	return out
}

// MaxPipelines bounds Config.Pipelines.
const MaxPipelines = 10000

// RealParts returns the first stage or consumer of c that is a real Node
// component (Kind set), as "stage gz (gzip)", or "" when there is none:
// engines that model every part refuse such a cell.
func (c *Config) RealParts() string {
	for _, st := range c.Stages {
		if st.Kind != "" {
			return "stage " + st.Name + " (" + st.Kind + ")"
		}
	}
	for _, cs := range c.Consumers {
		if cs.Kind != "" {
			return "consumer " + cs.Name + " (" + cs.Kind + ")"
		}
	}
	return ""
}
