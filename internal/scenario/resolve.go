package scenario

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/stream"
)

// build decodes tree along the field table and resolves the result; point
// says tree is one point of a sweep (With), whose rules are checked even
// though the base scenario has a sweep.
func build(file string, tree *node, source []byte, point bool) (*Scenario, ErrorList) {
	d := &decoder{file: file, tree: tree, seen: map[string]*node{}, bad: map[string]bool{}}
	if om := tree.get("producer").get("objectMode"); om != nil && om.kind == scalarNode {
		d.objectMode = om.text == "true"
	}
	s := &Scenario{File: file, Source: source, tree: tree}
	d.object(root, tree, s, "")
	d.resolve(s, point)
	if len(d.errs) > 0 {
		return nil, sortErrors(d.errs)
	}
	for _, w := range sortErrors(d.warnings) {
		s.Warnings = append(s.Warnings, w)
	}
	return s, nil
}

// resolve fills in what depends on several fields and checks the rules
// that span fields.
func (d *decoder) resolve(s *Scenario, point bool) {
	if d.at("name") == nil {
		s.Name = nameFromFile(s.File)
	}

	// Profile, then every stream's highWaterMark.
	if d.at("profile") == nil {
		p, ok := stream.ProfileByName(s.HighWaterMark.Profile)
		if !ok || s.HighWaterMark.Profile == "default" {
			p = defaultProfile(s.Node)
		}
		s.Profile = p
	}
	hwm := func(h HighWaterMark) HighWaterMark { return resolveHWM(h, s.Profile) }
	s.HighWaterMark = hwm(s.HighWaterMark)
	if d.at("producer.highWaterMark") == nil {
		s.Producer.HighWaterMark = s.HighWaterMark
	}
	s.Producer.HighWaterMark = hwm(s.Producer.HighWaterMark)
	for i := range s.Stages {
		st, p := &s.Stages[i], "stages."+strconv.Itoa(i)
		if d.at(p+".name") == nil {
			st.Name = "stage" + strconv.Itoa(i+1)
		}
		own := d.at(p+".highWaterMark") != nil
		if !own && d.at(p+".readableHighWaterMark") == nil {
			st.ReadableHighWaterMark = s.HighWaterMark
		}
		if !own && d.at(p+".writableHighWaterMark") == nil {
			st.WritableHighWaterMark = s.HighWaterMark
		}
		st.ReadableHighWaterMark = hwm(st.ReadableHighWaterMark)
		st.WritableHighWaterMark = hwm(st.WritableHighWaterMark)
	}

	// Consumers.
	one, several := d.at("consumer"), d.at("consumers")
	switch {
	case one != nil && several != nil:
		d.errorf(several, "consumers: the scenario already has consumer:; write one or the other")
		return
	case several != nil && len(s.Consumers) == 0:
		d.errorf(several, "consumers: give at least one consumer")
		return
	case len(s.Consumers) == 0:
		var c Consumer
		d.object(root.child("consumer"), nil, &c, "consumer")
		s.Consumers = []Consumer{c}
	}
	prefix := "consumers."
	if several == nil {
		prefix = "consumer"
	}
	for i := range s.Consumers {
		c, p := &s.Consumers[i], prefix
		if several != nil {
			p += strconv.Itoa(i)
		}
		if d.at(p+".name") == nil {
			c.Name = "consumer"
			if several != nil {
				c.Name += strconv.Itoa(i + 1)
			}
		}
		if d.at(p+".highWaterMark") == nil {
			c.HighWaterMark = s.HighWaterMark
		}
		c.HighWaterMark = hwm(c.HighWaterMark)
		if c.Jitter > 0 && c.Rate.Unlimited() && c.Latency == 0 {
			d.warnf(d.at(p+".jitter"), "%s.jitter: the consumer takes no time per chunk, so jitter has no effect", p)
		}
	}
	d.checkRealParts(s, prefix, several != nil, point || len(s.Sweep) == 0)
	if n := d.at("producer.highWaterMark"); n != nil && s.Producer.Source == Generator {
		d.errorf(n, "producer.highWaterMark: a generator has no buffer, so no highWaterMark; remove it or use source: readable")
	}
	if len(s.Calibration) > 0 {
		abs := make([]string, len(s.Calibration))
		for i, c := range s.Calibration {
			if abs[i] = c; !filepath.IsAbs(c) {
				abs[i] = filepath.Join(filepath.Dir(s.File), c)
			}
		}
		s.Calibration = abs
	}
	if s.takesNoTime() && (s.Engine != Node || s.Timing == Ideal) {
		d.warnf(d.tree, "nothing in the pipeline takes time (unlimited producer, no stage cost, consumers without rate or latency): on engine sim a cell lasts 0s and its rates are 0; give the consumer a rate or a latency")
	}
	if d.at("repeatUntil") == nil {
		s.RepeatUntil = RepeatUntil{}
	} else if d.at("repeat") == nil {
		s.Repeat = 10
	}
	if s.Node != "" && s.Engine != Node && (s.Engine != Sim || len(s.Calibration) == 0) {
		d.warnf(d.at("node"), "node: only engine node uses it (engine is %s)", s.Engine)
	}
	// The bounds on a cell's time and on its engine's means need positions
	// (checkCell); the rules of a cell are engine.Config.Validate's, for the
	// points that run: the base point of a scenario without sweep, and each
	// point With resolves.
	d.checkCell(s)
	if point || len(s.Sweep) == 0 {
		d.checkEngine(s)
	}
	if s.Strategy == Pipeline && len(s.Consumers) > 1 {
		d.errorf(d.at("strategy"), "strategy: pipeline takes one destination; use pipe for several consumers")
	}
}

// defaultProfile is the profile `default` names: that of the Node version
// node names (node: 20 is node20's 16KiB, so that a node cell buffers what
// that Node would, and a sim cell beside it the same), or of the runtime
// (bun, deno), else Node 22's.
func defaultProfile(node string) stream.Profile {
	if node == "bun" || node == "deno" {
		p, _ := stream.ProfileByName(node)
		return p
	}
	if _, err := strconv.Atoi(node); err == nil {
		if p, ok := stream.ProfileByName("node" + node); ok {
			return p
		}
	}
	p, _ := stream.ProfileByName("default")
	return p
}

// nameFromFile derives a scenario name from a file name: its base name
// without extension, with characters a name cannot hold replaced by '-'.
func nameFromFile(file string) string {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	b := []byte(base)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			i > 0 && (c == '.' || c == '_' || c == '-')
		if !ok {
			b[i] = '-'
		}
	}
	if len(b) == 0 || string(b) == "." {
		return "scenario"
	}
	if len(b) > 64 {
		b = b[:64]
	}
	if b[0] == '-' {
		b[0] = 's'
	}
	return string(b)
}

// maxResolveWork bounds the work of resolving every point of a sweep:
// points × the nodes each point decodes. Parse and plan.Expand each resolve
// every point; at this bound both take about a second.
const maxResolveWork = 3_000_000

// checkPoints resolves every point of the sweep, reporting the errors that
// only some points have (a value that is fine alone but not with another).
func (s *Scenario) checkPoints() ErrorList {
	points := s.Points()
	if len(s.Sweep) > 0 && len(points) == 0 {
		return ErrorList{{File: s.File, Line: s.Exclude[0].Line, Col: s.Exclude[0].Col, Msg: "exclude: every point of the sweep is excluded"}}
	}
	if n := len(points) * s.Repeat; n > maxCells {
		sw := s.Sweep[0]
		return ErrorList{{File: s.File, Line: sw.Line, Col: sw.Col,
			Msg: fmt.Sprintf("sweep: %d points × repeat %d = %d cells, more than %d", len(points), s.Repeat, n, maxCells)}}
	}
	if len(s.Sweep) == 0 {
		return nil
	}
	// Resolving a point decodes its fields (not the sweep or x- blocks)
	// and the defaults of every stage and consumer.
	perPoint := s.fieldsTree().weight + 16*(len(s.Stages)+len(s.Consumers)+2)
	if work := len(points) * perPoint; work > maxResolveWork {
		sw := s.Sweep[0]
		return ErrorList{{File: s.File, Line: sw.Line, Col: sw.Col, Msg: fmt.Sprintf(
			"sweep: %d points × %d nodes to resolve each = %d, more than the limit of %d; sweep fewer points or write fewer stages and consumers",
			len(points), perPoint, work, maxResolveWork)}}
	}
	var errs ErrorList
	seen := map[string]bool{}
	for _, p := range points {
		_, err := s.With(p)
		if err == nil {
			continue
		}
		for _, e := range err.(ErrorList) {
			msg, _, _ := strings.Cut(e.Msg, " (at sweep point ")
			key := fmt.Sprintf("%d:%d:%s", e.Line, e.Col, msg)
			if seen[key] {
				continue
			}
			seen[key] = true
			errs = append(errs, e)
			if len(errs) >= maxErrors {
				return errs
			}
		}
	}
	return errs
}

func pointName(params []Param) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = p.Path + "=" + p.Value.Text
	}
	return strings.Join(parts, ", ")
}

// takesNoTime reports that no part of s spends time on a chunk: the sim
// engine then runs every cell in an instant.
func (s *Scenario) takesNoTime() bool {
	p := s.Producer
	if !p.Rate.Unlimited() || p.Latency > 0 || p.Burst.On > 0 {
		return false
	}
	for _, st := range s.Stages {
		if !st.Cost.Zero() || (st.Kind != "" && st.Kind != Model) {
			return false // a real zlib stream takes real time
		}
	}
	for _, c := range s.Consumers {
		if !c.Rate.Unlimited() || c.Latency > 0 || (c.Kind != "" && c.Kind != Model) {
			return false // so does a real file
		}
	}
	return true
}

// checkRealParts checks the stages and consumers that are real Node
// components (kind gzip, gunzip, fs): only the node engine runs them, on the
// wall clock, in byte mode, with none of a model's timing fields.
//
// The rules that depend on the engine, the timing and the mode apply, as
// engine.Config's, to the points that run (runs): the base point of a
// scenario without sweep, and each point With resolves.
func (d *decoder) checkRealParts(s *Scenario, prefix string, several, runs bool) {
	if n := d.at("pipelines"); runs && n != nil && s.Pipelines > 1 && s.Engine == Node && s.Timing == Ideal {
		d.errorf(n, "pipelines: %d pipelines at once share one clock: they need timing: wall, not ideal", s.Pipelines)
	}
	real := func(p, kind string) bool {
		if kind == "" || kind == Model {
			return false
		}
		n := d.at(p + ".kind")
		switch {
		case !runs:
		case s.Engine != Node && kind == Module:
			d.errorf(n, "%s.kind: module is the user's own code: only engine node runs it (engine is %s; no calibration models a module)", p, s.Engine)
		case s.Engine == Sim && len(s.Calibration) == 0:
			d.errorf(n, "%s.kind: %s is a real Node component: engine sim runs it only under a calibration of it (bpbench calibrate --node VERSION -o FILE measures it; then calibration: FILE), else use engine node", p, kind)
		case s.Engine != Node && s.Engine != Sim:
			d.errorf(n, "%s.kind: %s is a real Node component: only engine node runs it, or sim under a calibration (engine is %s)", p, kind, s.Engine)
		case s.Engine != Node:
			// sim under a calibration: which file models the part is
			// decided per cell once the files are read.
		case s.Timing == Ideal:
			d.errorf(n, "%s.kind: %s is a real Node component, which takes real time: it needs timing: wall, not ideal", p, kind)
		case s.Producer.ObjectMode:
			d.errorf(n, "%s.kind: %s takes bytes, not objects (objectMode is true)", p, kind)
		}
		return true
	}
	open := 0 // gzip stages not yet undone by a gunzip
	// module: the file is given with kind module only, and is relative to
	// the scenario file.
	module := func(p, kind string, file *string) {
		n := d.at(p + ".module")
		switch {
		case kind == Module && *file == "":
			d.errorf(d.at(p+".kind"), "%s.kind: module needs module: the JavaScript file that makes the stream", p)
		case kind != Module && n != nil:
			d.errorf(n, "%s.module: only a part of kind module takes a module file", p)
		case *file != "" && !filepath.IsAbs(*file):
			// Absolute: the driver require()s it from elsewhere.
			if abs, err := filepath.Abs(filepath.Join(filepath.Dir(s.File), *file)); err == nil {
				*file = abs
			}
		}
	}
	for i := range s.Stages {
		st := &s.Stages[i]
		p := "stages." + strconv.Itoa(i)
		module(p, st.Kind, &st.Module)
		if !real(p, st.Kind) {
			continue
		}
		for _, f := range []string{"cost", "jitter", "timer"} {
			if n := d.at(p + "." + f); n != nil {
				d.errorf(n, "%s.%s: a %s stage takes the time zlib takes; it has no %s", p, f, st.Kind, f)
			}
		}
		if st.Kind == Gzip {
			open++
		} else if st.Kind != Gunzip {
		} else if open--; open < 0 {
			d.errorf(d.at(p+".kind"), "%s.kind: gunzip needs gzip data: put a gzip stage before it", p)
			open = 0
		}
	}
	for i := range s.Consumers {
		c := &s.Consumers[i]
		p := prefix
		if several {
			p += strconv.Itoa(i)
		}
		module(p, c.Kind, &c.Module)
		if n := d.at(p + ".dir"); n != nil && c.Kind != FS {
			d.errorf(n, "%s.dir: only a consumer of kind fs writes to a folder", p)
		}
		if !real(p, c.Kind) {
			continue
		}
		for _, f := range []string{"rate", "latency", "jitter", "stalls", "timer"} {
			if n := d.at(p + "." + f); n != nil {
				d.errorf(n, "%s.%s: the %s consumer takes the time its real part takes; it has no %s", p, f, c.Kind, f)
			}
		}
	}
}
