// Package node is the node engine: it runs one engine.Config in a real
// Node.js process, on Node's own streams, and measures it with the same
// internal/metrics Recorder (so the same metric names) as the sim engine.
//
// # How a run goes
//
// Run starts `node -e driver.js` (the script is embedded), writes the cell
// to its standard input as JSON (every highWaterMark resolved: a nil one
// takes the cell's profile default, so a Config means the same on every
// engine and every Node), and reads JSON lines back from its standard
// output, each bounded in size: samples of every stream's buffered bytes
// (writableLength + readableLength; in object mode the bytes of the objects
// held) and of process.memoryUsage() (heapUsed + external, for heap.peak)
// every SampleEvery, the highest total seen since the previous sample (the
// driver measures once per turn of the event loop after any activity, so
// buffered.peak is not limited by the sampling interval), and batches of
// latencies, counts and intervals. The run ends when every consumer
// finished, at the stop duration, or when the memory guard is exceeded;
// when ctx is cancelled or the run outlives its timeout, the process is
// killed.
//
// # The model in Node
//
// The driver follows the sim engine's model (see internal/engine/sim) on
// real streams: a Readable whose _read pushes one chunk (a zero-filled
// Buffer, or {n: size} in object mode), Transforms for stages, Writables
// for consumers, wired by the strategy exactly as sim wires them (pipe,
// pipeline, the manual pause/resume loop, the await-drain loop in paused
// mode, ignore). Chunk sizes and jitter draw from a port of Go's PCG with
// sim's seeds, so fixed, uniform and weighted sizes and every jitter are
// the same numbers as sim's (normal sizes use Box-Muller, not Go's
// ziggurat: same distribution, other draws).
//
// Time is performance.now(), and everything is paced against absolute
// deadlines, never per-chunk relative sleeps, so rates do not drift:
//
//   - the producer's chunk i is ready at cumulative bytes / rate (in the on
//     phases of bursts), as in sim; a _read before that waits for a timer,
//     one after it pushes at once (the producer was stalled meanwhile).
//   - a consumer serves a chunk from max(when write() was called, when its
//     previous chunk ended) — the ideal start, not the late timer's — for
//     (Latency + size/Rate + 1/ChunkRate) × U[1-Jitter, 1+Jitter], not
//     working during stalls, and calls back at that deadline. A chunk's
//     latency ends at that deadline too.
//   - a stage's cost is a timer to the same kind of deadline by default,
//     work done off the event loop as in sim; with Engine.BusyCost it is a
//     busy-wait that blocks the loop, as a CPU-bound JavaScript transform
//     does.
//
// Timers resolve milliseconds, so callbacks come up to about 1 ms after
// their deadlines; deadlines make up for it in rates, not in the moment a
// buffer is seen to empty. Expect the node engine to agree with sim on
// throughput within a few percent and on buffered.peak within a chunk or
// two; see the package tests.
//
// An Engine is safe for concurrent use: each Run has its own process.
package node
