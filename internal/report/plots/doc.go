// Package plots draws a run's figures as PNG and SVG files with
// gonum.org/v1/plot: each main metric against highWaterMark, heatmaps of
// two-dimensional sweeps, buffered-bytes timelines of representative
// cells, latency CDFs and the throughput/memory frontier.
//
// # Steps
//
// Render reads the run's records and Meta (never the scenario, never an
// engine), summarises them with internal/analysis, and builds one chart per
// figure that applies to the run: a plain description of what to draw
// (titles, axes with their units and tickers, series of points). The chart
// is then turned into a gonum plot and drawn twice, as PNG and as SVG, with
// its legend beside the data rather than over it. Tests compare the charts
// (data and labels), not pixels.
//
// Sizes are labelled in binary units (1KiB, 16KiB), highWaterMarks in object
// mode as counts of objects, and value axes in the unit that suits their
// range (MiB/s, KiB, ms), named in the axis label.
//
// Render is safe for concurrent use with different directories.
package plots
