package scenario

import "strings"

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

// Sets reports whether the scenario file writes the field at the dotted
// path (a default does not count).
func (s *Scenario) Sets(path string) bool {
	n := s.tree
	for _, seg := range strings.Split(path, ".") {
		n = n.get(seg)
	}
	return n != nil
}
