// Package realtime is the real-time engine: the sim engine's producer,
// stages and consumers (internal/stream, the same model, via harness.RunOn) on
// the wall clock, measuring what a virtual clock cannot: the Go heap in use,
// the process's RSS, GC cycles and CPU time per chunk.
//
// # Pacing
//
// Timers fire at absolute deadlines (internal/wallclock): the loop's time is
// the deadline of the timer it runs, and the wall only says when to run it.
// A service that starts when the previous one ended is timed from that
// deadline, not from a wake-up that overshot it by a millisecond, so no
// error accumulates. When the machine is behind, every timer already due
// runs at once, in order, without sleeping: per-chunk timers shorter than a
// sleep's resolution are batched, and a hiccup is caught up. A consumer's
// achieved rate is then its configured one to within the lag at the end of
// the run (with 1 ms of overshoot, 0.1% of a one-second run).
//
// Where that is physically impossible (more chunks per second than the
// machine can move), the loop falls behind for good. The run's duration is
// the wall time it took, so rates come out as achieved, and Result.Warnings
// says "rate not achieved" when the run ended more than RateTolerance of
// its duration behind its schedule, or when it was stopped on the wall at
// stop.duration (plus 2% and 10 ms) before the model got there. A run that
// fell more than LagWarn behind and caught up is warned about too.
//
// # Payloads and memory
//
// In byte mode every chunk carries n real bytes, freshly allocated and
// filled when produced and dropped when consumed, like a Buffer per chunk in
// Node.js: buffered bytes are Go heap, and GC and RSS respond to them. In
// object mode chunks carry no payload (objects stand for a size), so the
// heap shows only the streams' own bookkeeping.
//
// heap.peak is the peak of runtime/metrics' /memory/classes/heap/objects
// (live objects and garbage not yet swept, so up to about GOGC% above the
// live heap), sampled every SampleEvery on a goroutine and once at the end,
// after a runtime.GC() before the run. rss.peak samples /proc/self/statm.
// gc.count and gc.pause (Go's stop-the-world time, debug.ReadGCStats) are
// differences over the run. These are process-wide:
// cells run at the same time, or anything else in the process, add to them.
// cpu.user and cpu.system are the loop's own thread's (Run locks its
// goroutine to it), and cpu.per.chunk their sum per chunk produced: the streams' work, payload
// allocation and GC assists, but not the background GC's share, and not
// the sampler's. See Extra.
//
// # Results
//
// A Result has every metric sim's has, under the same names and in the same
// order, plus heap.peak at its catalog place and Extra's metrics at the end
// (the names outside the catalog, in byte order). Runs are not
// deterministic. When ctx is cancelled, the wait in progress ends at once
// and Run returns ctx.Err() with what was measured.
//
// An Engine is safe for concurrent use: each Run has its own loop, clock and
// sampler.
package realtime
