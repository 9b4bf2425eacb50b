package scenario

import "fmt"

// runtime: is another name for node: (the same values: 20, 22, 24, bun,
// deno or a path), in a scenario's fields, its sweep and its exclusions.
// Parse spells it node: in the tree before anything reads it, so that all
// that follows knows one field: the decoder and its rules, a sweep's
// points, overrides (bpbench run --node), and results' point names, which
// stay node=22 whichever spelling the file uses — the study, calibrated
// sim's runtime look-up and bpbench compare read node=, and two files that
// differ only in the spelling measure the same cells.
const (
	runtimeAlias = "runtime"
	runtimeField = "node"
)

// spellAliases returns tree with runtime: spelled node: at the top, in
// the sweep mapping and in each exclusion, and an error for each place
// that writes both. It copies what it changes (anchors share nodes).
func spellAliases(file string, tree *node) (*node, ErrorList) {
	var errs ErrorList
	rename := func(m *node, where, both string) *node {
		if m.isNull() || m.kind != mapNode {
			return m
		}
		alias, canon := -1, -1
		for i, k := range m.keys {
			switch k.text {
			case runtimeAlias:
				alias = i
			case runtimeField:
				canon = i
			}
		}
		if alias < 0 {
			return m
		}
		if canon >= 0 {
			k := m.keys[alias]
			errs = append(errs, &Error{File: file, Line: max(k.line, 1), Col: max(k.col, 1),
				Msg: fmt.Sprintf("%s: another name for %s:, which %s too (at line %d); %s", where+runtimeAlias, runtimeField, both, m.keys[canon].line, "write one or the other")})
			return m
		}
		c := m.shallow()
		k := *c.keys[alias]
		k.text = runtimeField
		c.keys[alias] = &k
		return c
	}
	set := func(m *node, key string, v *node) *node {
		c := m.shallow()
		for i, k := range c.keys {
			if k.text == key {
				c.vals[i] = v
			}
		}
		return c
	}
	tree = rename(tree, "", "this scenario sets")
	if sw := tree.get("sweep"); sw != nil {
		if c := rename(sw, "sweep.", "the sweep sweeps"); c != sw {
			tree = set(tree, "sweep", c)
		}
	}
	if ex := tree.get("exclude"); ex != nil && ex.kind == seqNode {
		var c *node
		for i, item := range ex.items {
			if r := rename(item, fmt.Sprintf("exclude.%d.", i), "this exclusion names"); r != item {
				if c == nil {
					c = ex.shallow()
				}
				c.items[i] = r
			}
		}
		if c != nil {
			tree = set(tree, "exclude", c)
		}
	}
	return tree, errs
}
