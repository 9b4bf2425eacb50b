// Package scenario reads bpbench scenario files: YAML documents that
// describe a producer, optional Transform stages and one or more consumers,
// a backpressure strategy, highWaterMarks, a stop condition, a sweep over
// any of those fields, and thresholds on the metrics.
//
// Parse and ParseFile take a file through three steps:
//
//  1. YAML to a tree of nodes that keep their line and column
//     (github.com/goccy/go-yaml); anchors, aliases and merge keys are
//     resolved. The work is bounded first (limits.go): at most 1MiB read,
//     UTF-8 text without raw control characters (a BOM is dropped, CRLF
//     and CR read as LF), at most 100,000 tokens, nesting 64 deep, 500
//     keys in a block mapping and 100,000 nodes after aliases — each bound
//     an error naming its position, so that no file under the size limit
//     costs more than about a second.
//  2. The tree to a Scenario along one table of fields (fields.go), which
//     gives each field its kind, default and documentation. Unknown fields,
//     values of the wrong kind and bad units are errors; a misspelt field
//     gets a suggestion. Every error is reported, not only the first, as
//     file:line:col: message.
//  3. Resolution: defaults, profiles and inherited highWaterMarks are
//     filled in, and rules that span fields are checked (a stop condition
//     is required, a cell cannot make more than 1e9 chunks, ...). Every
//     point of the sweep is resolved too, so a value that only fails in
//     combination with another is caught here, not when it runs.
//
// The same table generates the JSON Schema that Schema returns, so the
// schema cannot drift from the parser.
//
// Units: sizes are 512B, 16KiB, 1.5MiB, 1GB (SI units are powers of 1000)
// or plain byte counts; rates are 10MiB/s, 100Mbit/s or 1000/s (chunks);
// durations are Go durations (200us, 2s, 1m); a cost is 20us per chunk,
// 5ms/MiB per byte, or 20us+5ms/MiB. See ParseSize, ParseRate,
// ParseDuration and ParseCost.
//
// A sweep point is applied with Scenario.With, which sets each swept field
// as if written at its path and resolves the scenario again; package plan
// expands a scenario into its cells that way.
//
// A parsed Scenario is never modified afterwards; it is safe to share
// between goroutines.
package scenario
