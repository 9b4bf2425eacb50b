package scenario

import (
	"fmt"
	"strings"
)

// Override returns the scenario with the field at the dotted path set to
// text, as if the file said so (a command-line override such as --node 20):
// everything that depends on it is resolved again (node: 20 makes
// highWaterMark default Node 20's), and the sweep still applies over it.
// s is not modified.
func (s *Scenario) Override(path, text string) (*Scenario, error) {
	t := s.tree.shallow()
	if err := setPath(t, path, &node{kind: scalarNode, line: 1, col: 1, text: text, weight: 1}); err != nil {
		return nil, ErrorList{{File: s.File, Line: 1, Col: 1, Msg: path + ": " + err.Error()}}
	}
	c, errs := build(s.File, t, s.Source, false)
	if len(errs) > 0 {
		return nil, errs
	}
	if errs := c.checkPoints(); len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	c.Repeat, c.Seed = s.Repeat, s.Seed
	return c, nil
}

// OverrideList is Override for a field that takes a list (calibration):
// the field is set to texts.
func (s *Scenario) OverrideList(path string, texts []string) (*Scenario, error) {
	seq := &node{kind: seqNode, line: 1, col: 1, weight: 1 + len(texts)}
	for _, t := range texts {
		seq.items = append(seq.items, &node{kind: scalarNode, line: 1, col: 1, text: t, weight: 1})
	}
	t := s.tree.shallow()
	if err := setPath(t, path, seq); err != nil {
		return nil, ErrorList{{File: s.File, Line: 1, Col: 1, Msg: path + ": " + err.Error()}}
	}
	c, errs := build(s.File, t, s.Source, false)
	if len(errs) > 0 {
		return nil, errs
	}
	if errs := c.checkPoints(); len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	c.Repeat, c.Seed = s.Repeat, s.Seed
	return c, nil
}

// Sets reports whether the scenario file writes the field at the dotted
// path (a default does not count).
func (s *Scenario) Sets(path string) bool {
	n := s.tree
	for _, seg := range strings.Split(path, ".") {
		n = n.get(seg)
	}
	return n != nil
}

// CheckSweptOverride refuses a command-line override of a field the
// scenario sweeps (overrides maps a flag's field, engine or node, to its
// value; "" is no override): its cells would be labelled engine=node yet run
// on what the flag says. The error names the sweep's line:col.
func (s *Scenario) CheckSweptOverride(overrides map[string]string) error {
	for _, sw := range s.Sweep {
		v := overrides[sw.Path]
		if v == "" {
			continue
		}
		flag := "--" + sw.Path
		vals := make([]string, len(sw.Values))
		other := ""
		for i, x := range sw.Values {
			vals[i] = x.Text
			if other == "" && x.Text != v {
				other = x.Text
			}
		}
		return fmt.Errorf("%s:%d:%d: %s %s: the scenario sweeps %s: [%s], so cells named %s=%s would run on %s; drop %s, or sweep only %s in a copy of the file",
			s.File, sw.Line, sw.Col, flag, v, sw.Path, strings.Join(vals, ", "), sw.Path, other, v, flag, v)
	}
	return nil
}
