// Package metrics measures one cell while an engine runs it and turns the
// measurements into a Result whose metric names are the same everywhere in
// bpbench: results files, CSV columns, scenario thresholds, bench.txt and
// plot axes (see Catalog).
//
// # Model
//
// An engine (sim on a virtual clock, realtime on the wall clock, node from
// samples of a Node.js process) creates one Recorder per cell with New and
// reports what happens, always passing the time as a time.Duration since the
// cell started; the package never reads a clock.
//
//   - Buffered bytes are step functions: SetBuffered(t, stage, n) says that from
//     time t on, stage holds n bytes. Several changes at the same instant are
//     one step: only the last value at an instant counts, so moving a chunk
//     from one stage to the next never shows a transient double count. Peak and
//     time-weighted mean are exact (integer areas, 128-bit), per stage and for
//     the whole pipeline (the sum of the stages).
//   - Latency(d) records one chunk's latency, from the time the producer wanted
//     to send it to the time a consumer finished it. Storage is a fixed-size
//     HDR histogram (3 significant digits, 0.1% relative error) plus exact
//     count, sum, min and max, so 100M chunks use the same memory as 100.
//   - Counters: Produced, Consumed (a chunk every consumer has finished),
//     WriteFalse, Drain, Pause. Intervals: ProducerPaused/ProducerResumed or
//     ProducerStalled(from, to) for producer.stalled, ConsumerBusy/ConsumerIdle
//     for consumer.busy. HeapSample for heap.peak, GuardExceeded when the
//     memory guard stopped the run, Warn for anything else worth saying.
//   - Finish(end) closes every step function and interval at end and returns
//     the Result: the metrics in report order, the latency figures and CDF,
//     and, unless disabled, a bounded whole-pipeline timeline and the
//     producer-blocked intervals.
//
// # Cost
//
// Every recording method is O(1) amortised and allocation-free in steady
// state (stages and consumers are small integer indexes, never map keys), so
// an engine can call them tens of millions of times per second. Only Finish
// allocates.
//
// # Concurrency
//
// A Recorder is not safe for concurrent use: one engine goroutine owns it.
// Catalog, Lookup and Compare are read-only and safe for concurrent use. Result values
// are plain data; identical inputs give byte-identical JSON.
package metrics
