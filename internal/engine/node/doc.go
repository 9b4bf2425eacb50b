// Package node is the node engine: it runs one engine.Config in a real
// Node.js process, on Node's own streams, and measures it with the same
// internal/metrics Recorder (so the same metric names) as the sim engine.
//
// # How a run goes
//
// Run starts `node -e driver.js` (the script is embedded; see Bun and Deno
// below for the others), writes the cell
// to its standard input as JSON (every highWaterMark resolved: a nil one
// takes the cell's profile default, so a Config means the same on every
// engine and every Node), and reads JSON lines back from its standard
// output, each bounded in size: samples of every stream's buffered bytes
// (writableLength + readableLength; in object mode the bytes of the objects
// held) and of process.memoryUsage() (heapUsed for heap.peak; see below)
// every SampleEvery, the highest total seen since the previous sample (the
// driver measures once per turn of the event loop after any activity, so
// buffered.peak is exact at every instant of the cell's clock, while
// buffered.mean is the samples' step function, within a few percent of
// sim's), and batches of
// latencies, counts and intervals. The run ends when every consumer
// finished, at the stop duration, or when the memory guard is exceeded;
// when ctx is cancelled or the run outlives its timeout, the process is
// killed.
//
// # The model in Node
//
// The driver follows the sim engine's model (see internal/engine/sim) on
// real streams: a Readable whose _read pushes one chunk (a
// Buffer.allocUnsafe, pooled below 4 KiB like Node's own reads, or
// {n: size} in object mode), Transforms for stages, Writables
// for consumers, wired by the strategy exactly as sim wires them (pipe,
// pipeline, the manual pause/resume loop, the await-drain loop in paused
// mode, ignore). Chunk sizes and jitter draw from a port of Go's PCG with
// sim's seeds, so fixed, uniform and weighted sizes and every jitter are
// the same numbers as sim's (normal sizes use Box-Muller, not Go's
// ziggurat: same distribution, other draws).
//
// # Wall timing (the default)
//
// With Timing Wall the figures are on the wall clock (performance.now()):
// the producer's chunk i is still due at its absolute deadline (no drift),
// but it enters the stream when Node gets to it; a consumer serves a chunk
// from max(when Node hands it to _write, when it finished the previous
// one) and calls back at that absolute deadline, so every late turn of the
// event loop (a drain cycle, a timer, a busy machine) shows in throughput,
// latency, buffered.mean and duration. Timers resolve milliseconds, so the
// driver waits the last 1.5 ms before a deadline in turns of the event
// loop (setImmediate): a deadline is met within a turn, as a device's
// completion would be, at the price of CPU (cpu.* of paced cells include
// that polling; unpaced cells do not poll). A producer that never waits
// (no rate, or behind its schedule) yields to the loop every millisecond,
// so timers, sampling and the stop still run. Before the measured run the
// driver runs the same cell for Engine.WarmUp (300 ms) in the same
// process, unmeasured and unreported, as four runs of new streams, so
// that V8 has compiled the hot code for any run's streams, not the first
// one's (rss.peak and heap.peak may still hold what the warm-up left).
// The measured run still starts slower than it goes on: a live pipe of 4
// KiB chunks loses some 50 ms of its first 200 ms (100 ms after a warm-up
// of one run), which a calibration measures (calibration.Driver.Start).
// Config.Load adds other work to the loop: busy-wait slices on a fixed
// schedule of timers.
//
// The end line adds what Node measured of itself: event-loop delay
// (monitorEventLoopDelay at 1 ms resolution, the 1 ms subtracted),
// process.cpuUsage, 'gc' performance entries, and the peaks of
// process.memoryUsage() sampled every SampleEvery (heap.peak is heapUsed;
// external, arrayBuffers and rss have their own metrics).
//
// # Ideal timing
//
// With Timing Ideal the driver keeps sim's clock: the cell's time starts at 0 and moves from
// deadline to deadline. Every timed event (a chunk ready, a stage's cost
// done, a consumer's service done, the stop duration) goes into a queue of
// absolute deadlines, fired earliest first (equal deadlines in the order
// they were set), one per turn of the event loop so that the ticks each
// causes run before the next, and each once performance.now() reached it —
// paced to real time, never by per-chunk relative sleeps, so rates do not
// drift. A timer that fires late (timers resolve milliseconds; a busy
// machine adds more) delays nothing in the cell's time; when Node falls
// behind it catches up with setImmediate, and a Result warning says so when
// it fell more than 250 ms behind. What happens between deadlines is Node's
// own streams: which write() returns false, when 'drain' and 'pause' come,
// how read() joins buffers. So:
//
//   - the producer's chunk i is ready at cumulative bytes / rate (in the on
//     phases of bursts), as in sim; a _read before that waits for the
//     deadline, one after it pushes at once (the producer was stalled).
//   - a consumer serves a chunk for (Latency + size/Rate + 1/ChunkRate) ×
//     U[1-Jitter, 1+Jitter], not working during stalls, and calls back at
//     that deadline; a chunk's latency ends there.
//   - a stage's cost is such a deadline (work done off the event loop, as
//     in sim); with Engine.BusyCost it is a busy-wait that blocks the loop,
//     as a CPU-bound JavaScript transform does, and the clock moves by it.
//
// On the same cell the node engine and sim agree on throughput and
// buffered.peak (TestAgreesWithSim: exactly, for its cells); where they
// differ, Node's streams and the model differ.
//
// # Bun and Deno
//
// Engine.Node may be a bun or a deno binary (Find("bun"), Find("deno"):
// where `make runtimes` installs them): the same driver runs through their
// Node compatibility (`bun -e`, `deno eval`). The driver's first line names
// the runtime and its exact version ("bun 1.4.5") and its own default
// highWaterMarks (a warning when the cell's profile assumes others). What a
// runtime cannot measure is left out, not reported as 0: Bun emits no 'gc'
// performance entries; Deno lists 'gc' but emits none, and its
// monitorEventLoopDelay does not record Node's timer intervals, so
// eventloop.* and gc.* are absent there.
//
// # Real parts
//
// A stage of Kind "gzip" or "gunzip" is a real zlib stream, a consumer of
// Kind "fs" a real fs.createWriteStream to a new file in its Dir (removed
// after the run). They take real time, so they need Wall timing, and bytes.
// The producer's chunks are then real data (base64 characters from a
// seeded pool, which gzip shrinks to about 3/4). A zlib stage changes
// sizes: it records, at each chunk it pushes, its output so far and the
// input it had consumed (bytesWritten), so what a consumer took maps back to
// the producer's bytes; throughput, bytes.consumed and latency are in the
// producer's bytes and chunks (a chunk is consumed once the output that
// covers it is). zlib's own internal buffers are not in buffered.*; the
// streams' are.
//
// A consumer of Kind "net" is a socket (net.connect, its
// writableHighWaterMark the consumer's) to a sink server on 127.0.0.1 that
// the driver starts before the cell and that reads and discards every
// byte; one of Kind "http" an http PUT with a chunked body to an http sink
// the driver starts (its highWaterMark is the runtime's: http.request takes
// none). Their chunks are consumed when their write calls back. Kind
// "module" is the user's own: Module is a JavaScript file exporting a
// function that, given the highWaterMarks, returns a Transform (stage;
// it may change sizes: the bytes given to its _write map back as zlib's
// do) or a Writable (consumer).
//
// # Pipelines
//
// Config.Pipelines runs that many identical pipelines at once in the one
// process (wall timing only). Pipeline 0 writes every line; the others are
// silent copies, each with its own producer, stages and consumers and its
// own seeds (the cell's with the pipeline's number mixed in), that hand
// pipeline 0 their counts and latencies: throughput, bytes.*, latency,
// writes.false, drains and pauses are over every pipeline, and so are
// buffered.* and the memory guard, summed at each instant (the copies add
// their sizes' changes to a shared sum and have pipeline 0 sample it then;
// buffered.per.pipeline is buffered.peak / pipelines), as on sim; stalls
// and busy are pipeline 0's. rss.per.pipeline and heap.per.pipeline
// are the peaks less the process's memory before the pipelines were built
// (after the warm-up, which runs one pipeline), over the pipelines: the
// copies' own bookkeeping (a closure each) is in it.
//
// An Engine is safe for concurrent use: each Run has its own process.
package node
