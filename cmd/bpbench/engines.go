package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/bpbench/bpbench/internal/calibration"
	"github.com/bpbench/bpbench/internal/engine"
	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/engine/realtime"
	"github.com/bpbench/bpbench/internal/engine/sim"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
	"github.com/bpbench/bpbench/internal/sysinfo"
)

// newEngine returns the engine a scenario asks for, and a description of it
// for run.json and the run's first line.
func newEngine(s *scenario.Scenario, cal *loadedCalibration) (engine.Engine, string, error) {
	switch s.Engine {
	case scenario.Sim, "":
		if cal != nil {
			desc := "sim calibrated by " + cal.meta.File + " (sha256 " + cal.meta.SHA256[:12] + ")"
			if s.Node != "" {
				desc = "sim as " + s.Node + " calibrated by " + cal.meta.File + " (sha256 " + cal.meta.SHA256[:12] + ")"
			}
			return sim.Engine{Costs: cal.file.Costs()}, desc, nil
		}
		return sim.Engine{}, "sim", nil
	case scenario.Realtime:
		return realtime.Engine{}, "realtime", nil
	case scenario.Node:
		bin, err := nodeengine.Find(s.Node)
		if err != nil {
			return nil, "", err
		}
		timing := nodeengine.Timing(s.Timing)
		if timing == "" {
			timing = nodeengine.Wall
		}
		desc := fmt.Sprintf("%s (%s)", bin.Name(), bin.Path)
		if timing == nodeengine.Ideal {
			desc += " ideal timing"
		}
		return nodeengine.Engine{Node: bin.Path, Timing: timing}, desc, nil
	}
	return nil, "", fmt.Errorf("engine %q is not available in this build", s.Engine)
}

// environment describes the machine and the build.
func environment() results.Env {
	host, _ := os.Hostname()
	env := results.Env{
		Host:    host,
		Bpbench: version,
		Go:      runtime.Version(),
		OS:      runtime.GOOS,
		Arch:    runtime.GOARCH,
		CPU:     sysinfo.CPUName(),
		Cores:   runtime.NumCPU(),
	}
	if env.Bpbench == "dev" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					env.Bpbench = "dev-" + s.Value[:12]
				}
			}
		}
	}
	return env
}

// loadedCalibration is a calibration file read for a run.
type loadedCalibration struct {
	file *calibration.File
	meta *results.Calibration
}

// readCalibration reads the calibration file at path (bad input: exit 2).
func readCalibration(path string) (*loadedCalibration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("calibration: %w", err)}
	}
	f, err := calibration.Parse(b)
	if err != nil {
		return nil, usageError{fmt.Errorf("%s:%w", path, err)}
	}
	return &loadedCalibration{file: f, meta: &results.Calibration{File: path, SHA256: results.SHA256(b), Runtime: f.Runtime(), Figures: calibration.Figures(f)}}, nil
}
