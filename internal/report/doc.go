// Package report renders a run's results for people and for tools: the
// files of reports/<scenario>/ beside results.jsonl and run.json.
//
//   - results.csv: one row per record (a cell's repeat), parameter columns
//     first, then one column per metric with its unit in the header
//     ("throughput (B/s)"); the raw data for a spreadsheet.
//   - summary.csv: one row per sweep point, the mean, standard deviation and
//     95% confidence interval of every metric over the point's repeats.
//   - bench.txt: the records in the Go benchmark format, so that benchstat
//     compares two runs (see BenchUnits).
//   - plots/: PNG and SVG figures (internal/report/plots).
//   - index.html and index.md: one page with the recommendation per group
//     of points, the plots, a table of the points, the threshold verdicts,
//     warnings and failed cells, the environment and the scenario's text.
//
// # Steps
//
// WriteWith reads nothing but its arguments: the Meta of run.json and the
// records of results.jsonl. It summarises them with internal/analysis and
// writes every file; it never runs a cell. The page is self-contained: inline
// CSS, images referenced relatively (plots/<name>.svg), no script and no
// external resource, so that it works from file:// and on any static host.
// Every text that comes from the scenario is escaped (html/template for
// index.html; Markdown's special characters for index.md).
//
// # Concurrency
//
// WriteWith may be called concurrently for different directories.
package report
