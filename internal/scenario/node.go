package scenario

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// node is the YAML document reduced to what a scenario needs: mappings
// (ordered), sequences, scalars and nulls, each with its position. Anchors
// and aliases are resolved (an alias shares its anchor's node), merge keys
// (<<) are expanded and tags are ignored.
type node struct {
	kind      nodeKind
	line, col int
	text      string  // scalar text (without quotes)
	keys      []*node // mapping keys (scalars), in document order
	vals      []*node // mapping values, vals[i] belongs to keys[i]
	items     []*node // sequence items
	weight    int     // number of nodes in the subtree (capped), for alias accounting
}

type nodeKind uint8

const (
	nullNode nodeKind = iota
	scalarNode
	mapNode
	seqNode
)

func (k nodeKind) String() string {
	return [...]string{"nothing", "a scalar", "a mapping", "a list"}[k]
}

// get returns the value of key in mapping n, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k.text == key {
			return n.vals[i]
		}
	}
	return nil
}

// isNull reports whether n is absent or a YAML null.
func (n *node) isNull() bool { return n == nil || n.kind == nullNode }

// shallow copies n and its lists of children (not the children).
func (n *node) shallow() *node {
	c := *n
	c.keys = slicesClone(n.keys)
	c.vals = slicesClone(n.vals)
	c.items = slicesClone(n.items)
	return &c
}

func slicesClone(s []*node) []*node { return append([]*node(nil), s...) }

// parseYAML parses data into a node tree. On a YAML syntax error it returns
// the error's position; only the first syntax error can be reported.
func parseYAML(file string, data []byte) (root *node, errs ErrorList) {
	if len(data) > maxSource {
		return nil, ErrorList{{File: file, Line: 1, Col: 1, Msg: "file is larger than 1MiB: not a scenario"}}
	}
	text, errs := cleanText(file, data)
	if len(errs) > 0 {
		return nil, errs
	}
	tokens := tokenize(text)
	if errs := checkTokens(file, tokens); len(errs) > 0 {
		return nil, errs
	}
	f, err := safeParse(tokens)
	if err != nil {
		// Never err.Error(): the YAML error's Error prints the source
		// around the error, which can take seconds on a large file.
		line, col, msg := 1, 1, "parser failed"
		var ye yaml.Error
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			line, col = pos(ye.GetToken())
		} else if pe, ok := err.(panicError); ok {
			msg = string(pe)
		}
		return nil, ErrorList{{File: file, Line: line, Col: col, Msg: "yaml: " + msg}}
	}
	c := &converter{file: file, anchors: map[string]*node{}}
	var docs []*node
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if dir, ok := d.Body.(*ast.DirectiveNode); ok {
			c.directive(dir)
			continue
		}
		if n := c.convert(d.Body); n != nil && n.kind != nullNode {
			docs = append(docs, n)
		}
	}
	switch {
	case len(c.errs) > 0:
		return nil, c.errs
	case len(docs) == 0:
		return nil, nil
	case len(docs) > 1:
		return nil, ErrorList{{File: file, Line: docs[1].line, Col: docs[1].col,
			Msg: "a scenario file holds one YAML document; this is a second one"}}
	}
	return docs[0], nil
}

// panicError is a panic inside the YAML parser, as an error.
type panicError string

func (e panicError) Error() string { return string(e) }

// safeParse runs the YAML parser, turning a panic inside it into an error.
func safeParse(tokens token.Tokens) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, panicError(fmt.Sprintf("parser failed: %v", r))
		}
	}()
	return parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
}

// directive accepts %YAML 1.1 and 1.2 (a scenario reads the same in both)
// and %TAG (tags are ignored); anything else is an error.
func (c *converter) directive(d *ast.DirectiveNode) {
	name := ""
	if d.Name != nil {
		name = d.Name.GetToken().Value
	}
	switch name {
	case "YAML":
		v := ""
		if len(d.Values) > 0 {
			v = d.Values[0].GetToken().Value
		}
		if v != "1.1" && v != "1.2" {
			c.errorf(d.GetToken(), "%%YAML %q: this YAML version is not supported (1.1 and 1.2 are)", v)
		}
	case "TAG":
	default:
		c.errorf(d.GetToken(), "unknown directive %%%q", name)
	}
}

type converter struct {
	file    string
	anchors map[string]*node
	errs    ErrorList
	count   int  // nodes so far, aliases counting their anchor's nodes
	tooBig  bool // count passed maxNodes (reported once)
}

// grow adds n nodes to the count, reporting at tk the first time it
// passes maxNodes, and reports whether the document is still in bounds.
func (c *converter) grow(tk *token.Token, n int, what string) bool {
	c.count += n
	if c.count > maxNodes && !c.tooBig {
		c.tooBig = true
		line, col := pos(tk)
		c.errs = append(c.errs, &Error{File: c.file, Line: line, Col: col,
			Msg: fmt.Sprintf("document too large: %s makes it more than %d nodes (an alias counts its anchor's nodes again)", what, maxNodes)})
	}
	return !c.tooBig
}

func (c *converter) errorf(tk *token.Token, format string, args ...any) {
	line, col := pos(tk)
	if len(c.errs) < maxErrors && !c.tooBig { // past the node bound, the rest is noise
		c.errs = append(c.errs, &Error{File: c.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
}

func pos(tk *token.Token) (line, col int) {
	if tk == nil || tk.Position == nil {
		return 1, 1
	}
	return max(tk.Position.Line, 1), max(tk.Position.Column, 1)
}

func (c *converter) convert(an ast.Node) *node {
	if an == nil {
		return &node{kind: nullNode, line: 1, col: 1}
	}
	line, col := pos(an.GetToken())
	if !c.grow(an.GetToken(), 1, "this node") {
		return &node{kind: nullNode, line: line, col: col}
	}
	switch v := an.(type) {
	case *ast.NullNode:
		return &node{kind: nullNode, line: line, col: col}
	case *ast.StringNode:
		return &node{kind: scalarNode, line: line, col: col, text: v.Value, weight: 1}
	case *ast.LiteralNode:
		text := ""
		if v.Value != nil {
			text = v.Value.Value
		}
		return &node{kind: scalarNode, line: line, col: col, text: text, weight: 1}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return &node{kind: scalarNode, line: line, col: col, text: an.GetToken().Value, weight: 1}
	case *ast.TagNode:
		return c.convert(v.Value)
	case *ast.AnchorNode:
		n := c.convert(v.Value)
		if v.Name != nil {
			c.anchors[v.Name.GetToken().Value] = n
		}
		return n
	case *ast.AliasNode:
		name := ""
		if v.Value != nil {
			name = v.Value.GetToken().Value
		}
		n, ok := c.anchors[name]
		if !ok {
			c.errorf(v.GetToken(), "alias *%s: no anchor &%s before it", name, name)
			return &node{kind: nullNode, line: line, col: col}
		}
		if !c.grow(v.GetToken(), n.weight, "alias *"+name) {
			return &node{kind: nullNode, line: line, col: col}
		}
		return n
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 && v.Values[0] != nil && v.Values[0].Key != nil {
			line, col = pos(v.Values[0].Key.GetToken()) // a block mapping starts at its first key
		}
		return c.mapping(line, col, v.Values)
	case *ast.MappingValueNode:
		return c.mapping(line, col, []*ast.MappingValueNode{v})
	case *ast.SequenceNode:
		s := &node{kind: seqNode, line: line, col: col}
		for _, item := range v.Values {
			s.items = append(s.items, c.convert(item))
		}
		return weigh(s)
	case *ast.CommentGroupNode, *ast.CommentNode:
		return &node{kind: nullNode, line: line, col: col}
	case *ast.DocumentNode:
		return c.convert(v.Body)
	}
	c.errorf(an.GetToken(), "unsupported YAML (%s)", an.Type())
	return &node{kind: nullNode, line: line, col: col}
}

// mapping converts the pairs of a mapping, then expands its merge keys.
func (c *converter) mapping(line, col int, pairs []*ast.MappingValueNode) *node {
	m := &node{kind: mapNode, line: line, col: col}
	type mergeSrc struct {
		src *node
		tk  *token.Token
	}
	var merges []mergeSrc
	for _, mv := range pairs {
		if mv == nil || mv.Key == nil {
			continue
		}
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			merges = append(merges, mergeSrc{c.convert(mv.Value), mv.Key.GetToken()})
			continue
		}
		var k *node
		if mk, ok := mv.Key.(*ast.MappingKeyNode); ok {
			k = c.convert(mk.Value)
		} else {
			k = c.convert(mv.Key)
		}
		if k.kind == mapNode || k.kind == seqNode {
			c.errorf(mv.Key.GetToken(), "a key must be a plain word, not %s", k.kind)
			continue
		}
		m.keys = append(m.keys, &node{kind: scalarNode, line: k.line, col: k.col, text: strings.TrimSpace(k.text), weight: 1})
		m.vals = append(m.vals, c.convert(mv.Value))
	}
	for _, mg := range merges {
		c.merge(m, mg.src, mg.tk)
	}
	return weigh(m)
}

// merge adds the keys of src (a mapping or a list of mappings) that m does
// not set, as YAML's << does: keys written in m win wherever they stand.
func (c *converter) merge(m, src *node, tk *token.Token) {
	var srcs []*node
	switch src.kind {
	case mapNode:
		srcs = []*node{src}
	case seqNode:
		srcs = src.items
	}
	have := make(map[string]bool, len(m.keys)) // not m.get: linear in the keys
	for _, k := range m.keys {
		have[k.text] = true
	}
	for _, s := range srcs {
		if s.kind != mapNode {
			c.errorf(tk, "<< merges a mapping or a list of mappings, not %s", s.kind)
			continue
		}
		for i, k := range s.keys {
			if !have[k.text] {
				have[k.text] = true
				m.keys = append(m.keys, k)
				m.vals = append(m.vals, s.vals[i])
			}
		}
	}
	if len(srcs) == 0 && src.kind != nullNode {
		c.errorf(tk, "<< merges a mapping or a list of mappings, not %s", src.kind)
	}
}

// weigh sets n.weight from its children's, capped past maxNodes.
func weigh(n *node) *node {
	w := 1
	for _, v := range n.vals {
		w += v.weight + 1
	}
	for _, v := range n.items {
		w += v.weight
	}
	n.weight = min(w, maxNodes+1)
	return n
}
