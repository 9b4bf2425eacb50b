// Package bench holds bpbench's go test -bench benchmarks of the
// internal/stream backpressure model: whole Readable→Writable pipes
// (BenchmarkPipe, BenchmarkPipeAsync, BenchmarkPipeObjectMode) and the
// write/push micro-benchmarks (BenchmarkWrite, BenchmarkPush).
//
// One op is one chunk, so ns/op reads as ns per chunk and allocs/op as
// allocations per chunk; b.SetBytes makes MB/s the byte throughput. The
// sub-benchmark names are key=value pairs (hwm=16KiB/chunk=1KiB) that
// benchstat can group and filter on. Run them with
//
//	go test ./bench -run '^$' -bench . -benchmem
//
// tools/nodebench/compare.sh runs the same synchronous pipe on Node 20 and
// Node 22 and prints their ns/chunk beside BenchmarkPipe/hwm=16KiB/chunk=1KiB.
package bench
