package study

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"

	"github.com/bpbench/bpbench/internal/nodedefaults"
)

// ManifestName is the study's manifest file in its folder.
const ManifestName = "study.json"

// Manifest is what a study ran, where and when: written by the study
// command beside the scenarios' folders, read by Load.
type Manifest struct {
	// Machine is where it ran.
	Machine Machine `json:"machine"`
	// Bpbench is bpbench's version.
	Bpbench string `json:"bpbench"`
	// Quick reports a quick study (make study-quick): one repeat, short
	// cells, few points; its figures prove the pipeline, not a finding.
	Quick bool `json:"quick,omitempty"`
	// Runtimes are the runtimes the study asked for, in order.
	Runtimes []Runtime `json:"runtimes"`
	// Scenarios are the scenarios run, in order.
	Scenarios []ScenarioRun `json:"scenarios"`
}

// Runtime is one runtime of the study.
type Runtime struct {
	// Name is how a scenario names it in node: ("20", "bun").
	Name string `json:"name"`
	// Version is its exact version ("node v22.12.0", "bun 1.4.5"); empty
	// when Missing.
	Version string `json:"version,omitempty"`
	// Path is the binary run.
	Path string `json:"path,omitempty"`
	// Missing says why the runtime was skipped (not installed: the command
	// that installs it); empty when it ran.
	Missing string `json:"missing,omitempty"`
	// Calibration is its calibration file, relative to the study folder;
	// empty when there is none.
	Calibration string `json:"calibration,omitempty"`
	// CalibrationError says why the calibration failed, if it did.
	CalibrationError string `json:"calibrationError,omitempty"`
	// Defaults are its default highWaterMarks as it reports them (bpbench
	// defaults); nil when they could not be read.
	Defaults *nodedefaults.Defaults `json:"defaults,omitempty"`
}

// ScenarioRun is one scenario of the study.
type ScenarioRun struct {
	// Name is the scenario's name: its results are in Dir (relative to the
	// study folder; the name when empty).
	Name string `json:"name"`
	Dir  string `json:"dir,omitempty"`
	// File is the scenario file.
	File string `json:"file"`
	// Parts are the kinds of its real parts, stages first (gzip, net...).
	Parts []string `json:"parts,omitempty"`
	// Predictions maps a runtime's name to the folder (relative to the
	// study folder) holding calibrated sim's run of the scenario's cells
	// for that runtime.
	Predictions map[string]string `json:"predictions,omitempty"`
	// NoPrediction says why calibrated sim predicted nothing, when it did
	// not (sim refused the scenario, or no runtime had a calibration).
	NoPrediction string `json:"noPrediction,omitempty"`
	// Error is set when the scenario's run failed; its results may be
	// partial.
	Error string `json:"error,omitempty"`
}

// WriteManifest writes m to dir/study.json atomically.
func WriteManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return renameio.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), 0o644)
}

// ReadManifest reads dir/study.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("study: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("study: %s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}
