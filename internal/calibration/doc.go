// Package calibration measures what Node's event loop charges on this
// machine and keeps it in a calibration file, which the sim engine's cost
// model reads (engine.Costs).
//
// # Measuring
//
// Measure runs calibrate.js (embedded) in a real Node and reads one JSON
// object back: micro-benchmarks of the handoffs (a chain of
// process.nextTick, of setImmediate; how late a deadline is noticed by a
// poll on each turn of the loop, as an I/O completion is; setTimeout's
// delays for 0.125, 1, 1.5625 and 2.5 ms, as quantiles of the time beyond
// max(1 ms, the delay in whole ms)) and of the CPU per chunk of write(),
// push(), a pipe hop and a Transform, at five chunk sizes from 64 B to
// 64 KiB in byte and object mode, fitted as a + b·bytes. Every figure is
// the median of Repeats runs in the same process.
//
// # The file
//
// A calibration file is JSON (File): a format Version, the Node version,
// CPU model and date it was measured with, the machine's load average at
// the time, and the figures in nanoseconds (per byte for slopes). Read
// checks the version and every figure, naming the file (and line:col for
// a syntax error).
package calibration
