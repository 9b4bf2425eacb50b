package study

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/results"
)

// Study is a study's manifest with every scenario's measurements.
type Study struct {
	// Dir is the study folder.
	Dir string
	Manifest
	// Runs are the scenarios' measurements, one per Manifest.Scenarios
	// entry, in its order.
	Runs []Run
	// Warnings are what could not be read (a scenario without results, a
	// prediction folder missing), for the page.
	Warnings []string
}

// Run is one scenario's measurements.
type Run struct {
	ScenarioRun
	// Meta is its run.json (nil when missing).
	Meta *results.Meta
	// Points are its points on every engine (sim points when the scenario
	// sweeps engine: [sim, node]).
	Points []analysis.Point
	// Predicted are calibrated sim's points from the prediction runs,
	// keyed by runtime name.
	Predicted map[string][]analysis.Point
}

// Load reads the study in dir: its manifest and each scenario's
// results.jsonl and run.json, and the prediction runs the manifest names.
// A scenario without results is a warning, not an error: its findings say
// there is no data.
func Load(dir string) (*Study, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	s := &Study{Dir: dir, Manifest: *m}
	for _, sc := range m.Scenarios {
		r := Run{ScenarioRun: sc, Predicted: map[string][]analysis.Point{}}
		sub := sc.Dir
		if sub == "" {
			sub = sc.Name
		}
		meta, pts, err := readRun(filepath.Join(dir, sub))
		if err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s: %v", sc.Name, err))
		}
		r.Meta, r.Points = meta, pts
		for rt, pd := range sc.Predictions {
			_, pp, err := readRun(filepath.Join(dir, pd))
			if err != nil {
				s.Warnings = append(s.Warnings, fmt.Sprintf("%s: prediction for %s: %v", sc.Name, rt, err))
				continue
			}
			r.Predicted[rt] = pp
		}
		s.Runs = append(s.Runs, r)
	}
	return s, nil
}

// readRun reads one run folder's run.json and results.jsonl into points.
func readRun(dir string) (*results.Meta, []analysis.Point, error) {
	recs, _, err := results.ReadFile(filepath.Join(dir, results.FileName))
	if err != nil {
		return nil, nil, err
	}
	meta, err := results.ReadMeta(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, nil, err
	}
	return meta, analysis.Points(meta, recs), nil
}
