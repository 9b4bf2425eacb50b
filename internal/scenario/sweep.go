package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Sweep is one dimension of the sweep matrix: a field and its values.
type Sweep struct {
	// Path is the field's dotted path as written: "highWaterMark",
	// "producer.chunk", "consumer.rate", "stages.0.cost".
	Path string
	// Values are the values, in the order written.
	Values []Value
	// Line and Col locate the path in the file.
	Line, Col int
}

// Value is one value of a sweep.
type Value struct {
	// Text is the value in canonical form ("16KiB" for 16384, "10MiB/s",
	// "node22", "5ms/MiB"), unique within its sweep.
	Text string
	// Written is the value as the file spells it (3Mbit/s where Text is
	// 375kB/s), for people.
	Written string
	// Line and Col locate the value in the file.
	Line, Col int

	n *node
}

// Param is one coordinate of a sweep point: a field set to a value.
type Param struct {
	// Path is the field's dotted path, as in Sweep.
	Path string
	// Value is the value it takes.
	Value Value
}

// Exclusion is a partial assignment of sweep values: every point that
// matches all of its terms is skipped.
type Exclusion struct {
	// Terms are the conditions, one per swept field named.
	Terms []ExcludeTerm
	// Line and Col locate the exclusion in the file.
	Line, Col int
}

// ExcludeTerm matches a point whose field Path has one of Values (in
// canonical text, as Value.Text).
type ExcludeTerm struct {
	// Path is a swept field's path.
	Path string
	// Values are the values that match.
	Values []string
}

// Matches reports whether the point params matches every term of e.
func (e Exclusion) Matches(params []Param) bool {
	for _, t := range e.Terms {
		found := false
		for _, p := range params {
			if p.Path == t.Path {
				for _, v := range t.Values {
					found = found || v == p.Value.Text
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Excluded reports whether an exclusion of s matches the point params.
func (s *Scenario) Excluded(params []Param) bool {
	for _, e := range s.Exclude {
		if e.Matches(params) {
			return true
		}
	}
	return false
}

// The sizes of a sweep are bounded.
const (
	maxSweepValues = 1000    // values of one swept field
	maxPoints      = 10_000  // points of the sweep matrix
	maxCells       = 100_000 // points × repeat
	maxExclude     = 1000    // items of exclude
)

// Points returns the points of the sweep matrix, excluded ones left out:
// the cartesian product of the sweeps, the first sweep varying slowest. A
// scenario without sweep has one point, with no params.
func (s *Scenario) Points() [][]Param {
	points := [][]Param{nil}
	for _, sw := range s.Sweep {
		next := make([][]Param, 0, len(points)*len(sw.Values))
		for _, p := range points {
			for _, v := range sw.Values {
				q := make([]Param, len(p), len(p)+1)
				copy(q, p)
				next = append(next, append(q, Param{Path: sw.Path, Value: v}))
			}
		}
		points = next
	}
	if len(s.Exclude) == 0 {
		return points
	}
	// Each term's values as a set: a point then costs one look-up per term,
	// however many values the exclusions list.
	type term struct {
		path   string
		values map[string]bool
	}
	excl := make([][]term, len(s.Exclude))
	for i, e := range s.Exclude {
		for _, t := range e.Terms {
			set := make(map[string]bool, len(t.Values))
			for _, v := range t.Values {
				set[v] = true
			}
			excl[i] = append(excl[i], term{t.Path, set})
		}
	}
	excluded := func(params []Param) bool {
	next:
		for _, terms := range excl {
			for _, t := range terms {
				found := false
				for _, p := range params {
					found = found || p.Path == t.path && t.values[p.Value.Text]
				}
				if !found {
					continue next
				}
			}
			return true
		}
		return false
	}
	kept := points[:0]
	for _, p := range points {
		if !excluded(p) {
			kept = append(kept, p)
		}
	}
	return kept
}

// With returns the scenario with the sweep point params applied: each
// param's value as if written at its path, then everything resolved again.
// The result has no Sweep or Exclude and records params in Params. Its
// errors are positioned at the values written in the sweep.
func (s *Scenario) With(params []Param) (*Scenario, error) {
	t := s.fieldsTree()
	for _, p := range params {
		if err := setPath(t, p.Path, p.Value.n); err != nil {
			return nil, ErrorList{{File: s.File, Line: max(p.Value.Line, 1), Col: max(p.Value.Col, 1), Msg: err.Error()}}
		}
	}
	c, errs := build(s.File, t, s.Source, true)
	if len(errs) > 0 {
		for _, e := range errs {
			e.Msg += " (at sweep point " + pointName(params) + ")"
		}
		return nil, errs
	}
	c.Params = params
	return c, nil
}

// fieldsTree returns a copy of the top mapping of s's document without
// its sweep, its exclude and its x- blocks: what a point is built from.
// The nodes below it are shared, so a point costs the size of the fields
// it sets, not the size of the document (setPath copies what it changes).
func (s *Scenario) fieldsTree() *node {
	t := &node{kind: mapNode, line: s.tree.line, col: s.tree.col}
	for i, k := range s.tree.keys {
		switch {
		case k.text == "sweep", k.text == "exclude", strings.HasPrefix(k.text, "x-"):
			continue
		}
		t.keys = append(t.keys, k)
		t.vals = append(t.vals, s.tree.vals[i])
	}
	return weigh(t)
}

// setPath puts value at the dotted path in tree, creating the mappings on
// the way. It copies each node on the path before changing it, so a tree
// that shares its nodes with another changes alone.
func setPath(tree *node, path string, value *node) error {
	segs := strings.Split(path, ".")
	cur := tree
	for i, seg := range segs {
		last := i == len(segs)-1
		switch cur.kind {
		case mapNode:
			j := -1
			for k, key := range cur.keys {
				if key.text == seg {
					j = k
				}
			}
			if j < 0 {
				cur.keys = append(cur.keys, &node{kind: scalarNode, line: value.line, col: value.col, text: seg})
				cur.vals = append(cur.vals, &node{kind: nullNode, line: value.line, col: value.col})
				j = len(cur.keys) - 1
			}
			if last {
				cur.vals[j] = value
				return nil
			}
			if cur.vals[j].isNull() {
				cur.vals[j] = &node{kind: mapNode, line: value.line, col: value.col}
			} else {
				cur.vals[j] = cur.vals[j].shallow()
			}
			cur = cur.vals[j]
		case seqNode:
			idx, err := strconv.Atoi(seg)
			if err != nil || idx < 0 || idx >= len(cur.items) {
				return fmt.Errorf("%s: no item %s", path, seg)
			}
			if last {
				cur.items[idx] = value
				return nil
			}
			cur.items[idx] = cur.items[idx].shallow()
			cur = cur.items[idx]
		default:
			return fmt.Errorf("%s: %s is not a mapping", path, strings.Join(segs[:i], "."))
		}
	}
	return nil
}

// lookup finds the field a sweep path names, checking list indexes against
// the document. Its errors do not repeat the path.
func (d *decoder) lookup(path string) (*field, error) {
	segs := strings.Split(path, ".")
	f, n := root, d.tree
	for i := 0; i < len(segs); i++ {
		seg, parent := segs[i], strings.Join(segs[:i], ".")
		if f.kind == kList {
			idx, err := strconv.Atoi(seg)
			if err != nil {
				return nil, fmt.Errorf("%s is a list; name an item by its index (%s.0.%s)", parent, parent, seg)
			}
			if n.isNull() || n.kind != seqNode || idx < 0 || idx >= len(n.items) {
				count := 0
				if n != nil {
					count = len(n.items)
				}
				return nil, fmt.Errorf("no such item: %s has %d", parent, count)
			}
			n = n.items[idx]
			if i == len(segs)-1 {
				return nil, fmt.Errorf("a list item cannot be swept; sweep one of its fields (%s.%s)", path, f.fields[1].name)
			}
			f = &field{name: f.name, kind: kObject, fields: f.fields} // the item's mapping
			continue
		}
		if f.kind != kObject {
			return nil, fmt.Errorf("%s holds a single value", parent)
		}
		c := f.child(seg)
		if c == nil {
			hint := ""
			if sug, ok := suggestName(seg, f.childNames()); ok {
				hint = " (did you mean " + join(parent, sug) + "?)"
			}
			return nil, fmt.Errorf("unknown field%s", hint)
		}
		switch {
		case f == root && c.name == "consumer" && d.tree.get("consumers") != nil:
			return nil, fmt.Errorf("this scenario lists consumers:; sweep consumers.0.%s", strings.Join(segs[i+1:], "."))
		case f == root && c.name == "consumers" && d.tree.get("consumer") != nil:
			return nil, fmt.Errorf("this scenario has one consumer:; sweep consumer.%s", strings.Join(segs[min(i+2, len(segs)):], "."))
		}
		f, n = c, n.get(seg)
	}
	switch {
	case f.kind == kObject:
		return nil, fmt.Errorf("a group of fields cannot be swept; sweep one of them (%s.%s)", path, f.fields[0].name)
	case f.kind == kList:
		return nil, fmt.Errorf("a list cannot be swept; sweep a field of one item (%s.0.%s)", path, f.fields[1].name)
	case !f.leafKind() || f.noSweep:
		return nil, fmt.Errorf("cannot be swept")
	}
	return f, nil
}

// sweep decodes the sweep mapping: every value is checked as if written
// at its path.
func (d *decoder) sweep(n *node, s *Scenario) {
	if n.isNull() {
		return
	}
	if n.kind != mapNode {
		d.errorf(n, "sweep: want a mapping of path: [values], not %s", n.kind)
		return
	}
	points := 1
	for i, k := range n.keys {
		path, vals := k.text, n.vals[i]
		if dup := sweepIndex(s.Sweep, path); dup >= 0 {
			d.errorf(k, "sweep.%s: duplicate key (first at line %d)", path, s.Sweep[dup].Line)
			continue
		}
		f, err := d.lookup(path)
		if err != nil {
			d.errorf(k, "sweep.%s: %v", path, err)
			continue
		}
		if vals.kind != seqNode || len(vals.items) == 0 {
			d.errorf(vals, "sweep.%s: want a list of values ([1KiB, 16KiB])", path)
			continue
		}
		if len(vals.items) > maxSweepValues {
			d.errorf(vals, "sweep.%s: at most %d values, not %d", path, maxSweepValues, len(vals.items))
			continue
		}
		sw := Sweep{Path: path, Line: k.line, Col: k.col}
		ok := true
		for _, item := range vals.items {
			_, text, valid := d.leaf(f, item, nil, "sweep."+path)
			if !valid {
				ok = false
				continue
			}
			for _, prev := range sw.Values {
				if prev.Text == text {
					d.errorf(item, "sweep.%s: %s is already in the list (at %d:%d)", path, text, prev.Line, prev.Col)
					valid = false
				}
			}
			if valid {
				sw.Values = append(sw.Values, Value{Text: text, Written: strings.TrimSpace(item.text), Line: item.line, Col: item.col, n: item})
			}
		}
		if !ok {
			continue
		}
		points *= len(sw.Values)
		if points > maxPoints {
			d.errorf(k, "sweep: more than %d points; sweep fewer values", maxPoints)
			return
		}
		s.Sweep = append(s.Sweep, sw)
	}
}

func sweepIndex(sweeps []Sweep, path string) int {
	for i, sw := range sweeps {
		if sw.Path == path {
			return i
		}
	}
	return -1
}

// exclude decodes the exclude list; it runs after sweep.
func (d *decoder) exclude(n *node, s *Scenario) {
	if n.isNull() {
		return
	}
	if n.kind != seqNode {
		d.errorf(n, "exclude: want a list of partial assignments ([{highWaterMark: 1KiB, producer.chunk: 64KiB}])")
		return
	}
	if len(n.items) > maxExclude {
		d.errorf(n, "exclude: at most %d items, not %d", maxExclude, len(n.items))
		return
	}
	paths := make([]string, len(s.Sweep))
	for i, sw := range s.Sweep {
		paths[i] = sw.Path
	}
	for i, item := range n.items {
		if item.kind != mapNode || len(item.keys) == 0 {
			d.errorf(item, "exclude.%d: want a mapping of swept path: value", i)
			continue
		}
		e := Exclusion{Line: item.line, Col: item.col}
		for j, k := range item.keys {
			si := sweepIndex(s.Sweep, k.text)
			if si < 0 {
				if d.at("sweep") == nil {
					d.errorf(k, "exclude.%d.%s: the scenario has no sweep", i, k.text)
				} else {
					hint := didYouMean(k.text, paths)
					if k.text == "hwm" && sweepIndex(s.Sweep, "highWaterMark") >= 0 {
						hint = " (did you mean highWaterMark?)"
					}
					d.errorf(k, "exclude.%d.%s: not a swept path%s", i, k.text, hint)
				}
				continue
			}
			f, _ := d.lookup(k.text)
			vals := []*node{item.vals[j]}
			if v := item.vals[j]; v.kind == seqNode {
				vals = v.items
			}
			term := ExcludeTerm{Path: k.text}
			for _, v := range vals {
				_, text, ok := d.leaf(f, v, nil, fmt.Sprintf("exclude.%d.%s", i, k.text))
				if !ok {
					continue
				}
				found := false
				for _, sv := range s.Sweep[si].Values {
					found = found || sv.Text == text
				}
				if !found {
					d.warnf(v, "exclude.%d.%s: %s is not one of the swept values; it excludes nothing", i, k.text, text)
				}
				term.Values = append(term.Values, text)
			}
			e.Terms = append(e.Terms, term)
		}
		s.Exclude = append(s.Exclude, e)
	}
}
