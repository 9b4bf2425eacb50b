// Package units is bpbench's one vocabulary for quantities: it parses and
// formats sizes (16KiB, 1.5MB), rates (10MiB/s, 100Mbit/s, 1000/s),
// durations (200us, 2s) and per-chunk costs (20us+5ms/MiB) as scenarios write
// them, and renders measured values for people with three significant digits
// (Bytes, Seconds, Decimal, Sig). It imports nothing of bpbench's, so every
// layer (scenario, engine, metrics, analysis, report) can use it.
package units
