// Package study turns the runs of a study — several scenarios, each
// measured on the node engine at two highWaterMarks (16KiB and 64KiB) on
// several runtimes and pipeline counts — into one page of findings:
// reports/study/index.html and README.md, with their plots.
//
// The steps: Load reads the study's manifest (study.json: the machine, the
// runtimes and their exact versions, the scenarios) and every scenario's
// results.jsonl beside it, and the calibrated sim's predictions where there
// are any; Analyze pairs each 64KiB point with its 16KiB twin (same
// scenario, runtime, pipelines and every other parameter) and decides, by
// Welch's t-test on the repeats' throughput, whether 64KiB wins, loses, or
// the data does not support a conclusion, then corrects those verdicts for
// the study's many comparisons (Benjamini–Hochberg over every scenario's
// cells at once, Study.Pairs); Write renders the findings, in
// plain sentences computed from the data, and the plots. Nothing is
// decided by hand: a rerun rewrites every sentence.
//
// The package never runs a cell: cmd/bpbench's study command runs the
// scenarios (bpbench run) and calibrations, writes the manifest, then calls
// Load, Analyze and Write. Its functions are safe for concurrent use on
// distinct values.
package study
