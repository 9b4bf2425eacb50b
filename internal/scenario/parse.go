package scenario

import (
	"fmt"
	"os"
)

// ParseFile reads and parses the scenario file at path. It returns an
// ErrorList when the file has errors, or the read error when it cannot be
// read.
func ParseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open scenario: %w", err)
	}
	return Parse(path, data)
}

// Parse parses, validates and resolves the scenario in data; name stands
// for the file in errors and gives the scenario its default name. On
// failure the error is an ErrorList holding every error found, each
// formatted name:line:col: message. Non-fatal problems are in the
// Scenario's Warnings.
func Parse(name string, data []byte) (*Scenario, error) {
	tree, errs := parseYAML(name, data)
	if len(errs) > 0 {
		return nil, errs
	}
	if tree == nil {
		return nil, ErrorList{{File: name, Line: 1, Col: 1, Msg: "empty scenario (it needs at least stop:, e.g. stop: {bytes: 64MiB})"}}
	}
	if tree.kind != mapNode {
		return nil, ErrorList{{File: name, Line: tree.line, Col: tree.col, Msg: fmt.Sprintf("a scenario is a mapping of fields (name:, producer:, ...), not %s", tree.kind)}}
	}
	s, errs := build(name, tree, data, false)
	if len(errs) > 0 {
		return nil, errs
	}
	if errs := s.checkPoints(); len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	return s, nil
}
