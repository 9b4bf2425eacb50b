package engine

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
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
	// file in Dir ("" is the system's temporary folder).
	Kind, Dir string
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

// Errors of Validate, matched with errors.Is; the returned errors wrap them
// with the field at fault.
var (
	ErrNoStop       = errors.New("engine: no stop condition (set stop bytes, chunks or duration)")
	ErrTooMuchWork  = errors.New("engine: more work than one cell may do")
	ErrInvalidValue = errors.New("engine: invalid value")
	ErrNoGuard      = errors.New("engine: strategy ignore needs a memory guard")
)

func invalid(field, format string, a ...any) error {
	return fmt.Errorf("%s: %s: %w", field, fmt.Sprintf(format, a...), ErrInvalidValue)
}

// Validate reports the first impossible value of c, or nil. It also refuses
// cells whose work has no bound below MaxChunks chunks (no stop at all, or
// only a duration with nothing to slow the producer down).
func (c *Config) Validate() error {
	p := &c.Producer
	if !finiteNonNeg(p.Rate) || !finiteNonNeg(p.ChunkRate) || (p.Rate > 0 && p.ChunkRate > 0) {
		return invalid("producer.rate", "%v bytes/s, %v chunks/s (at most one, finite, >= 0)", p.Rate, p.ChunkRate)
	}
	if p.Chunk == nil {
		return invalid("producer.chunk", "missing")
	}
	if err := p.Chunk.Validate(); err != nil {
		return fmt.Errorf("producer.chunk: %w", err)
	}
	if p.Burst.On < 0 || p.Burst.Off < 0 || (p.Burst.On == 0 && p.Burst.Off > 0) {
		return invalid("producer.burst", "on %v, off %v", p.Burst.On, p.Burst.Off)
	}
	if p.Latency < 0 || (p.Latency > 0 && !p.Pull) || (p.Pull && p.Burst.Enabled()) {
		return invalid("producer", "latency %v, pull %v, burst %v (latency needs pull; pull takes no burst)", p.Latency, p.Pull, p.Burst.Enabled())
	}
	if !(p.Jitter >= 0 && p.Jitter <= 1) || ((p.Jitter > 0 || p.Timer) && !p.Pull) {
		return invalid("producer", "jitter %v, timer %v, pull %v (jitter in [0, 1]; both need pull)", p.Jitter, p.Timer, p.Pull)
	}
	if err := checkHWM("highWaterMark", c.HighWaterMark); err != nil {
		return err
	}
	if l := c.Load; !(l.Busy >= 0 && l.Busy < 1) || l.Slice < 0 || (l.Busy > 0) != (l.Slice > 0) {
		return invalid("load", "busy %v, slice %v (want 0 <= busy < 1 and a slice, or neither)", l.Busy, l.Slice)
	}
	s := &c.Stop
	if s.Bytes < 0 || s.Chunks < 0 || s.Duration < 0 {
		return invalid("stop", "negative limit")
	}
	if s.Bytes == 0 && s.Chunks == 0 && s.Duration == 0 {
		return ErrNoStop
	}
	if s.Chunks > MaxChunks {
		return fmt.Errorf("stop.chunks: %d > %d: %w", s.Chunks, MaxChunks, ErrTooMuchWork)
	}
	names := map[string]bool{ProducerName: true}
	for i := range c.Stages {
		st := &c.Stages[i]
		f := fmt.Sprintf("stages[%d]", i)
		if err := checkName(f, st.Name, names); err != nil {
			return err
		}
		if !finiteNonNeg(st.CostPerByte) || st.CostPerChunk < 0 {
			return invalid(f+".cost", "negative")
		}
		if !(st.Jitter >= 0 && st.Jitter <= 1) {
			return invalid(f+".jitter", "%v not in [0, 1]", st.Jitter)
		}
		for _, h := range []*int{st.HighWaterMark, st.ReadableHWM, st.WritableHWM} {
			if err := checkHWM(f+".highWaterMark", h); err != nil {
				return err
			}
		}
	}
	if len(c.Consumers) == 0 {
		return invalid("consumers", "none")
	}
	for i := range c.Consumers {
		cs := &c.Consumers[i]
		f := fmt.Sprintf("consumers[%d]", i)
		if err := checkName(f, cs.Name, names); err != nil {
			return err
		}
		if !finiteNonNeg(cs.Rate) || !finiteNonNeg(cs.ChunkRate) || (cs.Rate > 0 && cs.ChunkRate > 0) {
			return invalid(f+".rate", "%v bytes/s, %v chunks/s (at most one, finite, >= 0)", cs.Rate, cs.ChunkRate)
		}
		if cs.Latency < 0 {
			return invalid(f+".latency", "%v", cs.Latency)
		}
		if !(cs.Jitter >= 0 && cs.Jitter <= 1) {
			return invalid(f+".jitter", "%v not in [0, 1]", cs.Jitter)
		}
		st := cs.Stalls
		if st.Every < 0 || st.For < 0 || (st.Every > 0) != (st.For > 0) || (st.Every > 0 && st.For >= st.Every) {
			return invalid(f+".stalls", "every %v, for %v (need 0 < for < every, or neither)", st.Every, st.For)
		}
		if st.Phase < 0 || (st.Phase > 0 && st.Phase >= st.Every) || (st.Random || st.Phase > 0) && !st.Enabled() {
			return invalid(f+".stalls", "phase %v, random %v (need stalls, and 0 <= phase < every)", st.Phase, st.Random)
		}
		if err := checkHWM(f+".highWaterMark", cs.HighWaterMark); err != nil {
			return err
		}
	}
	known := false
	for _, k := range Strategies {
		known = known || c.Strategy == k
	}
	if !known {
		return invalid("strategy", "%q (want pipe, pipeline, manual, await-drain or ignore)", c.Strategy)
	}
	if c.MemoryGuard < 0 {
		return invalid("memoryGuard", "%d", c.MemoryGuard)
	}
	if c.Strategy == StrategyIgnore && c.MemoryGuard == 0 {
		return ErrNoGuard
	}
	if n := c.MaxWork(); n > MaxChunks {
		return fmt.Errorf("stop: up to %.3g chunks: %w (limit %d; set stop.chunks or stop.bytes)", n, ErrTooMuchWork, MaxChunks)
	}
	return nil
}

// MaxWork bounds the number of chunks the cell can produce: the least of
// Stop.Chunks, Stop.Bytes over the smallest chunk, and Stop.Duration times
// the fastest chunk rate the pipeline allows (the producer's rate, or, when
// the strategy applies backpressure, the slowest stage or consumer).
// +Inf means no bound.
func (c *Config) MaxWork() float64 {
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

func checkHWM(field string, h *int) error {
	if h != nil && (*h < 0 || *h > MaxHighWaterMark) {
		return invalid(field, "%d not in [0, 1GiB]", *h)
	}
	return nil
}

func checkName(field, name string, seen map[string]bool) error {
	if name == "" {
		return invalid(field+".name", "empty")
	}
	if seen[name] {
		return invalid(field+".name", "%q used twice", name)
	}
	seen[name] = true
	return nil
}

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
