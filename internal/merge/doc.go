// Package merge joins the result files of one run made in parts — the
// shards of a sweep run on several machines (bpbench run --shard) — into
// the results and run.json of the whole run.
//
// A merge is safe or refused: it checks that its inputs are parts of one
// run (the same scenario text, seed, repeat count, engine and bpbench
// version; no two inputs claiming the same shard), that no cell comes
// twice (in one input or in two), and that no cell of the plan is
// missing, naming the inputs and cells at fault. With AllowMissing a
// merge with cells missing goes through and says which.
//
// Each input's environment (host, CPU, Go, Node, when it ran) is kept in
// the merged run.json's Shards, for the report to show.
//
// Merge is pure: it reads and writes no file.
package merge
