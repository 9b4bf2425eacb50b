package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/calibration"
	nodeengine "github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/scenario"
)

// calibrationFlag splits --calibration's comma-separated files, and
// returns them as written and absolute (the scenario's own are relative to
// its file, the flag's to the working directory).
func calibrationFlag(v string) (paths, abs []string, err error) {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return nil, nil, usageError{fmt.Errorf("--calibration %s: %w", p, err)}
		}
		paths, abs = append(paths, p), append(abs, a)
	}
	return paths, abs, nil
}

// readCalibrations reads every calibration file of a scenario.
func readCalibrations(paths []string) ([]*loadedCalibration, error) {
	var out []*loadedCalibration
	for _, p := range paths {
		c, err := readCalibration(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// runtimeKey returns the runtime a cell's node: names as a calibration
// file records it ("22", "bun", "deno"): a version's major, or that of the
// binary a path or "" (node on PATH) finds.
func runtimeKey(node string) (string, error) {
	switch node {
	case nodeengine.Bun, nodeengine.Deno:
		return node, nil
	}
	if _, err := strconv.Atoi(node); err == nil {
		return node, nil
	}
	b, err := nodeengine.Find(node)
	if err != nil {
		return "", err
	}
	if b.Runtime == nodeengine.Bun || b.Runtime == nodeengine.Deno {
		return b.Runtime, nil
	}
	return strconv.Itoa(nodeengine.Major(b.Version)), nil
}

// pickCalibrations chooses each sim cell's calibration among cals: the one
// measured in the cell's node: runtime (one file serves a cell that names
// no node), and checks that it models the cell's real parts. Errors name
// the calibration field's file:line:col (or --calibration). It returns
// the choice by cell index (nil for cells that use none).
func pickCalibrations(s *scenario.Scenario, cells []plan.Cell, cals []*loadedCalibration, fromFlag bool) ([]*loadedCalibration, error) {
	out := make([]*loadedCalibration, len(cells))
	if len(cals) == 0 {
		return out, nil
	}
	// fail is a problem with the calibration field (at its file:line:col)
	// or with --calibration.
	fail := func(format string, a ...any) error {
		msg := fmt.Sprintf(format, a...)
		if fromFlag {
			return fmt.Errorf("--calibration: %s", msg)
		}
		line, col := s.Pos("calibration")
		return scenario.ErrorList{{File: s.File, Line: line, Col: col, Msg: "calibration: " + msg}}
	}
	files := make([]*calibration.File, len(cals))
	var have []string
	for i, c := range cals {
		files[i] = c.file
		have = append(have, fmt.Sprintf("%s (%s)", filepath.Base(c.meta.File), c.file.Node))
	}
	for i := range cells {
		c := cells[i].Config
		if c.Engine != scenario.Sim && c.Engine != "" {
			continue
		}
		var cal *loadedCalibration
		if c.Node == "" && len(cals) == 1 {
			cal = cals[0]
		} else {
			rt, err := runtimeKey(c.Node)
			if err != nil {
				return nil, fail("cell %s: which runtime's calibration to use: %v", cells[i].Name, err)
			}
			k := calibration.Match(files, rt)
			if k < 0 {
				name := "node " + rt
				if _, err := strconv.Atoi(rt); err != nil {
					name = rt
				}
				return nil, fail("cell %s runs on sim as %s, and no calibration file was measured in %s (have: %s); run bpbench calibrate --node %s -o FILE and add FILE to the list",
					cells[i].Name, name, name, strings.Join(have, ", "), rt)
			}
			cal = cals[k]
		}
		cfg := c.EngineConfig(0)
		costs := cal.file.Costs()
		if part, module := cfg.UnmodelledPart(costs); part != "" && !module {
			return nil, fail("cell %s: %s has no figures of %s (it was calibrated without parts); run bpbench calibrate --node %s -o FILE (parts are measured by default)",
				cells[i].Name, cal.meta.File, part, cal.file.Runtime())
		}
		out[i] = cal
	}
	return out, nil
}
