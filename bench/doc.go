// Package bench holds bpbench's go test -bench benchmarks and the test
// that holds the model to real Node.js.
//
// BenchmarkScenarios/<scenario>/<cell> runs every cell of every starter
// scenario (scenarios/*.yaml) on the sim engine and reports what the cell
// measured with b.ReportMetric, under the units of the reports' bench.txt
// (sim-B/s, peak-buffered-B, p99-latency-ns, drains/op, ...), so that
// benchstat compares two runs; its ns/op is the harness's own cost.
//
//	go test ./bench -run '^$' -bench Scenarios/quickstart -count 5 > new.txt
//	benchstat old.txt new.txt
//
// The other benchmarks measure the internal/stream model itself: whole
// Readable→Writable pipes (BenchmarkPipe, BenchmarkPipeAsync,
// BenchmarkPipeObjectMode) and the write/push micro-benchmarks
// (BenchmarkWrite, BenchmarkPush). One op is one chunk there, so ns/op
// reads as ns per chunk; sub-benchmark names are key=value pairs
// (hwm=16KiB/chunk=1KiB). tools/nodebench/compare.sh runs the same
// synchronous pipe on Node 20 and Node 22 beside
// BenchmarkPipe/hwm=16KiB/chunk=1KiB.
//
// TestStarterScenariosAgreeWithNode runs the starter scenarios' cells,
// shortened, on the sim engine and in real Node.js and requires
// throughput, buffered.peak and buffered.mean within 5% (it skips where no
// Node is installed: make nodes).
package bench
