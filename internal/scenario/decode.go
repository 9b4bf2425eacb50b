package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/units"
)

// decoder walks a node tree along the field table, storing values into a
// Scenario and collecting every error with its position.
type decoder struct {
	file       string
	objectMode bool             // producer.objectMode as written, for highWaterMarks
	tree       *node            // the whole document
	seen       map[string]*node // dotted path → node, for every field written
	bad        map[string]bool  // dotted paths of values that failed to parse
	errs       ErrorList
	warnings   ErrorList
}

func (d *decoder) errorf(n *node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = max(n.line, 1), max(n.col, 1)
	}
	switch {
	case len(d.errs) < maxErrors:
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	case len(d.errs) == maxErrors:
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: "too many errors"})
	}
}

func (d *decoder) warnf(n *node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = max(n.line, 1), max(n.col, 1)
	}
	switch {
	case len(d.warnings) < maxErrors:
		d.warnings = append(d.warnings, &Error{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	case len(d.warnings) == maxErrors:
		d.warnings = append(d.warnings, &Error{File: d.file, Line: line, Col: col, Msg: "too many warnings"})
	}
}

// at returns the node written at path, or nil.
func (d *decoder) at(path string) *node { return d.seen[path] }

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// object decodes mapping n into dst along f's fields, first giving every
// field its default. n may be nil (nothing written).
func (d *decoder) object(f *field, n *node, dst any, path string) {
	for _, c := range f.fields {
		if c.def != "" {
			d.leaf(c, &node{kind: scalarNode, text: c.def}, dst, join(path, c.name))
		}
	}
	if n.isNull() {
		for _, c := range f.fields {
			if c.kind == kObject && !c.optional {
				d.object(c, nil, c.sub(dst), join(path, c.name))
			}
		}
		return
	}
	if n.kind != mapNode {
		d.errorf(n, "%s: want a mapping of fields (%s), not %s", describe(path), strings.Join(f.childNames(), ", "), n.kind)
		return
	}
	first := map[string]*node{}
	for _, k := range n.keys {
		name := k.text
		if prev, ok := first[name]; ok {
			d.errorf(k, "%s: duplicate key (first at line %d)", join(path, name), prev.line)
			continue
		}
		first[name] = k
		if f == root && strings.HasPrefix(name, "x-") {
			continue // a place for anchors, as in docker compose files
		}
		if f.child(name) == nil {
			d.bad[join(path, name)] = true
			if head, _, ok := strings.Cut(name, "."); ok && f.child(head) != nil {
				d.errorf(k, "%s: unknown field (dotted paths are for sweep; nest the field under %s:)", join(path, name), head)
			} else if hint := didYouMean(name, f.childNames()); hint != "" {
				d.errorf(k, "%s: unknown field%s", join(path, name), hint)
			} else {
				d.errorf(k, "%s: unknown field (%s takes %s)", join(path, name), describe(path), strings.Join(f.childNames(), ", "))
			}
		}
	}
	for _, c := range f.fields {
		d.field(c, n.get(c.name), dst, join(path, c.name), n.get(c.name) != nil)
	}
}

// describe names path in a message; the root is "a scenario".
func describe(path string) string {
	if path == "" {
		return "a scenario"
	}
	return path
}

// field decodes node n (nil when absent) of field f into dst.
func (d *decoder) field(f *field, n *node, dst any, path string, written bool) {
	if written {
		d.seen[path] = n
	}
	switch f.kind {
	case kObject:
		if f.optional && !written {
			return
		}
		d.object(f, n, f.sub(dst), path)
	case kList:
		if n.isNull() {
			return
		}
		if n.kind != seqNode {
			d.errorf(n, "%s: want a list, not %s", path, n.kind)
			return
		}
		if len(n.items) > f.maxItems {
			d.errorf(n, "%s: at most %d items, not %d", path, f.maxItems, len(n.items))
			return
		}
		for i, item := range n.items {
			p := join(path, strconv.Itoa(i))
			d.seen[p] = item
			if item.isNull() || item.kind != mapNode {
				d.errorf(item, "%s: want a mapping of fields (%s), not %s", p, strings.Join(f.childNames(), ", "), item.kind)
				continue
			}
			d.object(f, item, f.add(dst), p)
		}
	case kSweep:
		if written {
			d.sweep(n, dst.(*Scenario))
		}
	case kExclude:
		if written {
			d.exclude(n, dst.(*Scenario))
		}
	case kThresholds:
		if written {
			d.thresholds(n, dst.(*Scenario))
		}
	default:
		if !written {
			return
		}
		d.leaf(f, n, dst, path)
	}
}

// leaf parses n as f's value and stores it into dst. It reports an error
// and stores nothing if n is not a valid value. dst may be nil to validate
// only.
func (d *decoder) leaf(f *field, n *node, dst any, path string) (v any, text string, ok bool) {
	v, text, err := d.parseLeaf(f, n, path)
	if err != nil {
		if err != errReported {
			d.errorf(n, "%s: %v", path, err)
		}
		d.bad[path] = true
		return nil, "", false
	}
	if dst != nil {
		f.set(dst, v)
	}
	return v, text, true
}

// errReported is parseLeaf's answer when it reported its errors itself.
var errReported = fmt.Errorf("reported")

// parseLeaf parses n as a value of f, returning it and its canonical text.
func (d *decoder) parseLeaf(f *field, n *node, path string) (any, string, error) {
	if n.isNull() {
		return nil, "", fmt.Errorf("missing value")
	}
	if f.kind == kChunk {
		c, err := d.chunk(n, path)
		return c, c.String(), err
	}
	if f.kind == kStrings {
		return texts(n)
	}
	if n.kind != scalarNode {
		return nil, "", fmt.Errorf("want %s, not %s", kindNoun(f), n.kind)
	}
	s := n.text
	switch f.kind {
	case kString:
		if err := checkText(s); err != nil {
			return nil, "", err
		}
		return s, s, nil
	case kName:
		if err := checkName(s); err != nil {
			return nil, "", err
		}
		return s, s, nil
	case kEnum:
		for _, e := range f.enum {
			if s == e {
				return s, s, nil
			}
		}
		return nil, "", fmt.Errorf("%q is not one of %s%s", s, strings.Join(f.enum, ", "), didYouMean(s, f.enum))
	case kBool:
		switch s {
		case "true":
			return true, s, nil
		case "false":
			return false, s, nil
		}
		return nil, "", fmt.Errorf("want true or false, not %q", s)
	case kInt:
		i, err := parseInt(s)
		if err != nil {
			return nil, "", err
		}
		if i < int64(f.lo) || f.hi != 0 && i > int64(f.hi) { // in integers: 2^53+1 is not above float64 2^53
			return nil, "", fmt.Errorf("%d is out of range [%s, %s]", i, fmtNum(f.lo), fmtNum(f.hi))
		}
		return i, strconv.FormatInt(i, 10), nil
	case kFloat:
		num, isPct := strings.CutSuffix(strings.TrimSpace(s), "%")
		x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || isPct && !f.pct {
			return nil, "", fmt.Errorf("%q is not a number", s)
		}
		if isPct {
			x /= 100
		}
		if x < f.lo || x > f.hi {
			return nil, "", fmt.Errorf("%s is out of range [%s, %s]", s, fmtNum(f.lo), fmtNum(f.hi))
		}
		return x, strconv.FormatFloat(x, 'g', -1, 64), nil
	case kSize:
		sz, err := units.ParseSize(s)
		if err != nil {
			return nil, "", err
		}
		if float64(sz) < f.lo {
			return nil, "", fmt.Errorf("%s is too small (at least %s)", s, Size(f.lo))
		}
		return sz, sz.String(), nil
	case kRate:
		r, err := units.ParseRate(s)
		return r, r.String(), err
	case kDuration:
		t, err := units.ParseDuration(s)
		return t, units.FormatDuration(t), err
	case kCost:
		c, err := units.ParseCost(s)
		return c, c.String(), err
	case kHWM:
		h, err := parseHWM(s, d.objectMode)
		return h, h.String(), err
	}
	return nil, "", fmt.Errorf("cannot be set here")
}

// chunk parses producer.chunk: a size or a distribution mapping.
func (d *decoder) chunk(n *node, path string) (ChunkSize, error) {
	if n.kind == scalarNode {
		sz, err := units.ParseSize(n.text)
		if err != nil {
			return ChunkSize{}, err
		}
		if sz < 1 {
			return ChunkSize{}, fmt.Errorf("a chunk has at least 1B")
		}
		return FixedChunk(sz), nil
	}
	if n.kind != mapNode || len(n.keys) != 1 {
		return ChunkSize{}, fmt.Errorf("want a size (4KiB) or one of {uniform: {min, max}}, {normal: {mean, stddev}}, {choice: [{size, weight}]}")
	}
	before := len(d.errs)
	var spec chunkSpec
	d.object(chunkDist, n, &spec, path)
	if len(d.errs) > before {
		return ChunkSize{}, errReported
	}
	key := n.keys[0]
	switch key.text {
	case "uniform":
		u := spec.Uniform
		if u.Min == 0 || u.Max == 0 {
			d.errorf(n.vals[0], "%s.uniform: give min and max", path)
			return ChunkSize{}, errReported
		}
		if u.Min > u.Max {
			d.errorf(n.vals[0], "%s.uniform: min %s is larger than max %s", path, u.Min, u.Max)
			return ChunkSize{}, errReported
		}
		return ChunkSize{Dist: Uniform, Min: u.Min, Max: u.Max}, nil
	case "normal":
		m := spec.Normal
		if m.Mean == 0 {
			d.errorf(n.vals[0], "%s.normal: give mean (and stddev)", path)
			return ChunkSize{}, errReported
		}
		lo, hi := normalBounds(m.Mean, m.Stddev)
		c := ChunkSize{Dist: Normal, Size: m.Mean, Stddev: m.Stddev, Min: cmpOr(m.Min, lo), Max: cmpOr(m.Max, hi)}
		if c.Min > c.Max {
			d.errorf(n.vals[0], "%s.normal: min %s is larger than max %s", path, c.Min, c.Max)
			return ChunkSize{}, errReported
		}
		return c, nil
	case "choice":
		total := 0.0
		for i, w := range spec.Choice {
			if w.Size == 0 {
				d.errorf(n.vals[0].items[i], "%s.choice.%d: give size", path, i)
				return ChunkSize{}, errReported
			}
			total += w.Weight
		}
		if len(spec.Choice) == 0 || total <= 0 {
			d.errorf(n.vals[0], "%s.choice: give at least one size with a positive weight", path)
			return ChunkSize{}, errReported
		}
		return ChunkSize{Dist: Choice, Choices: spec.Choice}, nil
	}
	return ChunkSize{}, errReported // unknown key, reported by object
}

func cmpOr(a, b Size) Size {
	if a != 0 {
		return a
	}
	return b
}

// kindNoun says in a message what a field of kind f.kind wants.
func kindNoun(f *field) string {
	switch f.kind {
	case kSize:
		return "a size (16KiB)"
	case kRate:
		return "a rate (10MiB/s)"
	case kDuration:
		return "a duration (200us, 2s)"
	case kCost:
		return "a cost (5ms/MiB, 20us)"
	case kHWM:
		return "a size (16KiB) or a profile (node22)"
	case kBool:
		return "true or false"
	case kInt, kFloat:
		return "a number"
	case kEnum:
		return "one of " + strings.Join(f.enum, ", ")
	case kStrings:
		return "a text or a list of texts"
	}
	return "a single value"
}

// texts parses a kStrings value: one text, or a list of 1 to 64 texts.
func texts(n *node) (any, string, error) {
	items := []*node{n}
	if n.kind == seqNode {
		items = n.items
		if len(items) == 0 || len(items) > 64 {
			return nil, "", fmt.Errorf("want 1 to 64 items, not %d", len(items))
		}
	}
	var out []string
	for i, it := range items {
		if it.kind != scalarNode {
			return nil, "", fmt.Errorf("item %d: want a text, not %s", i+1, it.kind)
		}
		if err := checkText(it.text); err != nil {
			return nil, "", err
		}
		out = append(out, it.text)
	}
	return out, strings.Join(out, ", "), nil
}

// parseInt parses a whole number: 100000, 100_000 or 1e5.
func parseInt(s string) (int64, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i, nil
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > 1<<62 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int64(x), nil
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// checkName checks an identifier: a letter or digit, then letters, digits,
// '.', '_' or '-', at most 64 bytes.
func checkName(s string) error {
	if s == "" || len(s) > 64 {
		return fmt.Errorf("%q: a name has 1 to 64 characters", s)
	}
	for i, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			i > 0 && (c == '.' || c == '_' || c == '-')
		if !ok {
			return fmt.Errorf("%q: a name has letters, digits, '.', '_' and '-' (and starts with a letter or digit)", s)
		}
	}
	return nil
}

// thresholds decodes the thresholds mapping.
func (d *decoder) thresholds(n *node, s *Scenario) {
	if n.isNull() {
		return
	}
	if n.kind != mapNode {
		d.errorf(n, "thresholds: want a mapping of metric: \"condition\", not %s", n.kind)
		return
	}
	seen := map[string]bool{}
	for i, k := range n.keys {
		v := n.vals[i]
		if seen[k.text] {
			d.errorf(k, "thresholds.%s: duplicate metric", k.text)
			continue
		}
		seen[k.text] = true
		if v.isNull() || v.kind != scalarNode {
			d.errorf(v, "thresholds.%s: want a condition such as \"< 2MiB\", not %s", k.text, v.kind)
			continue
		}
		t, err := parseThreshold(k.text, v.text)
		if err != nil {
			at := v
			if strings.HasPrefix(err.Error(), "unknown metric") {
				at = k
			}
			d.errorf(at, "thresholds.%s: %v", k.text, err)
			continue
		}
		t.Line, t.Col = v.line, v.col
		s.Thresholds = append(s.Thresholds, t)
	}
}

// anyBad reports whether a value under one of the path prefixes failed to
// parse, so that checks built on it would only add noise.
func (d *decoder) anyBad(prefixes ...string) bool {
	for p := range d.bad {
		for _, pre := range prefixes {
			if strings.HasPrefix(p, pre) {
				return true
			}
		}
	}
	return false
}
