package scenario

import (
	"context"
	"fmt"
	"os"
)

// ParseFile reads and parses the scenario file at path. It returns an
// ErrorList when the file has errors, or the read error when it cannot be
// read. It reads at most 1MiB (one byte more tells a larger file).
func ParseFile(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open scenario: %w", err)
	}
	defer f.Close()
	data, err := ReadSource(path, f)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// ParseFileContext is ParseFile returning ctx's error as soon as ctx is
// done: an interrupted command need not wait for a long parse (the parse
// goes on in the background, and its result is dropped).
func ParseFileContext(ctx context.Context, path string) (*Scenario, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		s   *Scenario
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := ParseFile(path)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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
	tree, errs = spellAliases(name, tree)
	if len(errs) > 0 {
		return nil, errs
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
