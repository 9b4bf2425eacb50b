// Package engine defines what every bpbench engine runs and returns: a
// Config (one fully resolved cell of a scenario's sweep, in plain values, no
// YAML) and a Result (the cell's metrics under the names of DESIGN.md, a
// bounded buffered-bytes timeline and the intervals in which the producer was
// blocked). Engines (sim, and later realtime and node) implement Engine.
//
// # The cell
//
// A producer pushes chunks (fixed size or drawn from a ChunkDist) at a rate,
// possibly in bursts, into a Readable; optional Stages (Transforms with a
// cost per byte and per chunk) sit between it and one or more Consumers
// (Writables with a rate, a latency per chunk, jitter and periodic stalls).
// The Strategy says how the producer's data reaches the next stream. The
// run stops when the first of Stop's limits is reached.
//
// # Measuring
//
// Engines record what they observe with an internal/metrics Recorder
// (buffered bytes per stage as a step function, per-chunk latencies,
// counters, blocked and busy intervals) and return its Result.
//
// Config and the chunk distributions are plain data, safe to share between
// goroutines once built.
package engine
