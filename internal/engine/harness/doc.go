// Package harness is the model both stream engines run: it builds one
// engine.Config's producer, stages and consumers on internal/stream, runs
// them on an event loop driven by a clock (RunOn: a virtual clock for the
// sim engine, the wall clock for realtime) and measures them.
//
// # The model
//
// The producer is a Readable whose _read pushes one chunk. Chunk i is ready
// at its ideal time: with a rate R, when the producer has made all bytes up
// to and including it (cumulative bytes / R, or (i+1) / R for a rate in
// chunks, counted only during the on phases of bursts); with no rate, as
// soon as chunk i-1 was handed over (in an on phase). A _read that comes before that time schedules the push at
// it (loop.At); one that comes later pushes at once, and the producer was
// stalled from the ready time (or the previous push, if later) until then.
// Latency is consumption time minus ready time, so a blocked producer shows
// in latency instead of hiding it.
//
// Stages are Transforms that pass each chunk on after CostPerChunk +
// CostPerByte·size. Consumers are Writables that serve one chunk at a time
// for (Latency + size/Rate + 1/ChunkRate) × U[1-Jitter, 1+Jitter], with no
// work done during their stalls. Sub-nanosecond remainders carry over, so
// rates and costs stay exact.
// Every hop (producer → stage → ... → consumers) follows the strategy: pipe,
// pipeline, the tutorial's manual pause/resume loop, an await-drain loop
// (paused mode, read() on 'readable'; the microtask hops of for-await take
// no virtual time and are not modelled), or ignore.
//
// # What is measured
//
// Buffered bytes of each stream (its writable side's length plus its
// readable side's) are read after every timer and the ticks it caused, so
// the step function is exact at every instant the clock stops at (several
// changes at one instant are one step). In object mode the streams count
// objects; the engine turns counts into bytes from the sizes of the chunks
// in flight, which move through every side in order. A chunk is consumed
// when every consumer finished it. writes.false counts write() calls that
// returned false (under pipe, read from the destination's length right
// after pipe's own 'data' listener wrote), drains every 'drain', pauses the
// producer's 'pause' events before its 'end'.
//
// # Real parts
//
// A real Node component (a gzip or gunzip stage; an fs, net or http
// consumer) runs only under a calibration that has its figures
// (engine.Costs.Parts, from bpbench calibrate): each chunk charges the
// part's loop CPU, then waits its measured time (which includes its lag
// back to the loop, so no handoff is added); a stage outputs Ratio times
// its input (at least one byte a chunk, remainders carried), and marks map
// the consumers' bytes back to the producer's, as the node engine's do.
// Without such a figure, or for a module (the user's code), Check refuses
// the cell.
//
// # Determinism and speed
//
// No goroutine, no clock, no map iteration: the same Config gives the same
// Result, byte for byte. Chunk sizes and each consumer's jitter draw from
// their own PCG streams seeded from Config.Seed, so changing one consumer's
// jitter does not change the chunk sizes. Chunks carry sizes only, so 10 GB
// allocate nothing; the cost is the stream model's work per chunk plus one
// timer per consumed chunk (see BenchmarkSimUpload).
//
// # Other clocks
//
// RunOn runs the same model with Options: a Clock from outside (realtime
// gives a wall clock) and real payload bytes instead of size-only chunks.
// The model is unchanged; such a run looks at ctx after every timer.
//
// # Several pipelines
//
// Config.Pipelines > 1 builds that many identical pipelines on the one
// loop, each with its own seed (engine.PipelineSeed): one clock, one cost
// model, one Recorder. Counts, latencies and buffered bytes (summed over
// pipelines at each instant) are over all of them; see group.
//
// An Engine is safe for concurrent use: each Run builds its own loop.
package harness
