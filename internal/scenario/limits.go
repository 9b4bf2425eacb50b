package scenario

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"
)

// The bounds on reading a scenario file. Each keeps the work of parsing a
// file of at most maxSource bytes to well under a second and a few hundred
// MB, whatever its content; a real scenario is far inside all of them.
const (
	// maxSource bounds a scenario file; ReadSource stops reading past it.
	maxSource = 1 << 20
	// maxTokens bounds the YAML tokens of a file.
	maxTokens = 100_000
	// maxDepth bounds the nesting of collections, block and flow.
	maxDepth = 64
	// maxBlockKeys bounds the keys of one block mapping: the YAML parser
	// takes time quadratic in them.
	maxBlockKeys = 500
	// maxNodes bounds a document after aliases, so aliases cannot blow it
	// up (a "billion laughs" file): every alias use counts its anchor's
	// size again.
	maxNodes = 100_000
)

// ReadSource reads a scenario from r, at most maxSource bytes: a larger
// input (or an endless one, such as /dev/zero) is an error after reading
// one byte past the bound, never read to its end.
func ReadSource(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSource+1))
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	if len(data) > maxSource {
		return nil, ErrorList{{File: name, Line: 1, Col: 1, Msg: "file is larger than 1MiB: not a scenario"}}
	}
	return data, nil
}

// cleanText prepares data for the YAML lexer as YAML users expect: a UTF-8
// byte order mark at the start is dropped, CRLF and lone CR line breaks
// become LF. It rejects what YAML does not allow raw in a stream — NUL and
// other control characters (except tab and line breaks), invalid UTF-8 —
// naming the line and column of the first one.
func cleanText(file string, data []byte) (string, ErrorList) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		bad := ""
		switch {
		case r == utf8.RuneError && size <= 1:
			bad = fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a scenario is UTF-8 text", data[i])
		case r == 0:
			bad = "NUL byte: a scenario is text"
		case r == '\n', r == '\t':
		case r == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			line, col, i = line+1, 1, i+1
			continue
		case r == 0x85:
		case unicode.IsControl(r), r == '\uFEFF':
			bad = fmt.Sprintf("control character %s: YAML does not allow it raw; write it escaped inside double quotes", quoteRune(r))
		}
		if bad != "" {
			return "", ErrorList{{File: file, Line: line, Col: col, Msg: bad}}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	if !bytes.ContainsRune(data, '\r') {
		return string(data), nil
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

// tokenize splits text into YAML tokens as lexer.Tokenize does, but stops
// one token past maxTokens.
func tokenize(text string) token.Tokens {
	var s scanner.Scanner
	s.Init(text)
	var tokens token.Tokens
	for len(tokens) <= maxTokens {
		tks, err := s.Scan()
		if err == io.EOF {
			break
		}
		tokens.Add(tks...)
	}
	return tokens
}

// checkTokens bounds the work the YAML parser will do on tokens: their
// number, the nesting of collections (block and flow, measured on the
// tokens, so brackets inside quotes or comments do not count) and the keys
// of one block mapping. It returns the first bound exceeded, at the token
// that exceeds it.
func checkTokens(file string, tokens token.Tokens) ErrorList {
	fail := func(tk *token.Token, format string, args ...any) ErrorList {
		line, col := pos(tk)
		return ErrorList{{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(tokens) > maxTokens {
		return fail(tokens[maxTokens], "more than %d YAML tokens: too large for a scenario", maxTokens)
	}
	type level struct {
		col  int
		seq  bool
		keys int
	}
	var block []level // open block collections, innermost last
	flow := 0
	for i, tk := range tokens {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.DocumentHeaderType, token.DocumentEndType:
			block = block[:0]
		}
		if flow > 0 || tk.Position == nil {
			if len(block)+flow > maxDepth {
				return fail(tk, "nesting deeper than %d levels", maxDepth)
			}
			continue
		}
		c := tk.Position.Column
		switch {
		case tk.Type == token.SequenceEntryType:
			for len(block) > 0 && block[len(block)-1].col > c {
				block = block[:len(block)-1]
			}
			if n := len(block); n == 0 || block[n-1].col != c || !block[n-1].seq {
				block = append(block, level{col: c, seq: true})
			}
		case i+1 < len(tokens) && tokens[i+1].Type == token.MappingValueType && tk.Type != token.MappingValueType:
			for len(block) > 0 && (block[len(block)-1].col > c || block[len(block)-1].col == c && block[len(block)-1].seq) {
				block = block[:len(block)-1]
			}
			if n := len(block); n == 0 || block[n-1].col != c {
				block = append(block, level{col: c})
			}
			top := &block[len(block)-1]
			top.keys++
			if top.keys > maxBlockKeys {
				return fail(tk, "more than %d keys in one mapping", maxBlockKeys)
			}
		}
		if len(block)+flow > maxDepth {
			return fail(tk, "nesting deeper than %d levels", maxDepth)
		}
	}
	return nil
}

// escapeControl writes the control and bidirectional-formatting
// characters of s as Go escapes (\x1b, \n, \u202e), so that text from a
// file cannot drive the terminal or break a message's one line.
func escapeControl(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x2028 || r == 0x2029 || r == '\uFEFF' || r == utf8.RuneError
}

// quoteRune names r in a message: U+001B ('\x1b').
func quoteRune(r rune) string { return fmt.Sprintf("U+%04X (%s)", r, strconv.QuoteRune(r)) }

// checkText reports the control characters of a free-text value s (tab and
// newline allowed), which would reach terminals and pages.
func checkText(s string) error {
	for _, r := range s {
		if r != '\t' && r != '\n' && unsafeRune(r) {
			return fmt.Errorf("control character %s: not allowed in text", quoteRune(r))
		}
	}
	return nil
}

// Bounds on one cell.
const (
	// maxRealtimeChunk bounds a chunk on engine realtime, which allocates
	// and fills every chunk for real.
	maxRealtimeChunk = 64 << 20
	// wallClockWarn is how long a wall-clock cell may last before a
	// warning says so.
	wallClockWarn = time.Hour
)

// checkCell bounds what one cell asks of its engine: the time of the
// largest chunk at every rate and cost of the pipeline (it must fit the
// clock: at most 1000h), the least time the whole cell takes (at most
// 1000h; a warning past an hour on a wall-clock engine) and, on engine
// realtime, the size of a chunk.
func (d *decoder) checkCell(s *Scenario) {
	if d.anyBad("stop", "producer", "stages", "consumer", "strategy", "engine") {
		return
	}
	largest, smallest := float64(s.Producer.Chunk.Largest()), float64(max(s.Producer.Chunk.Smallest(), 1))
	if msg := s.engineLimit(); msg != "" {
		d.errorf(d.at("producer.chunk"), "%s", msg)
	}
	// The seconds each component takes for one chunk of the given size.
	type part struct {
		path string // the component, in messages
		at   string // the field it is positioned at
		secs func(size float64) float64
	}
	rate := func(r Rate, fixed time.Duration) func(float64) float64 {
		return func(size float64) float64 {
			t := fixed.Seconds()
			switch {
			case r.Bytes > 0:
				t += size / r.Bytes
			case r.Chunks > 0:
				t += 1 / r.Chunks
			}
			return t
		}
	}
	parts := []part{{"producer", "producer.rate", rate(s.Producer.Rate, s.Producer.Latency)}}
	for i, st := range s.Stages {
		p := "stages." + strconv.Itoa(i) + ".cost"
		parts = append(parts, part{p, p, func(size float64) float64 {
			t := st.Cost.Chunk.Seconds()
			if st.Cost.Per > 0 {
				t += size / float64(st.Cost.Per) * st.Cost.Bytes.Seconds()
			}
			return t
		}})
	}
	for i, c := range s.Consumers {
		p := "consumer"
		if d.at("consumers") != nil {
			p = "consumers." + strconv.Itoa(i)
		}
		parts = append(parts, part{p, p + ".rate", rate(c.Rate, c.Latency)})
	}
	limit := maxDuration.Seconds()
	least, leastAt, leastPos := 0.0, "", ""
	for _, pt := range parts {
		if t := pt.secs(largest); t > limit {
			d.errorf(d.fieldAt(pt.at), "%s: a %s chunk takes %s, more than the limit of %s", pt.path, Size(largest), fmtSeconds(t), FormatDuration(maxDuration))
			return
		}
		if s.Stop.Duration > 0 || s.Strategy == Ignore && pt.path != "producer" {
			continue
		}
		// Least time for the stop condition: as many of the largest chunks
		// as it allows, or as many chunks as it asks for.
		var t float64
		switch {
		case s.Stop.Bytes > 0 && s.Stop.Chunks > 0:
			t = min(pt.secs(largest)*math.Ceil(float64(s.Stop.Bytes)/largest), pt.secs(smallest)*float64(s.Stop.Chunks))
		case s.Stop.Bytes > 0:
			t = pt.secs(largest) * math.Ceil(float64(s.Stop.Bytes)/largest)
		default:
			t = pt.secs(smallest) * float64(s.Stop.Chunks)
		}
		if t > least {
			least, leastAt, leastPos = t, pt.path, pt.at
		}
	}
	switch {
	case least > limit:
		d.errorf(d.fieldAt(leastPos), "%s: a cell would last at least %s, more than the limit of %s; stop sooner (stop.duration) or make it faster",
			leastAt, fmtSeconds(least), FormatDuration(maxDuration))
	case least > wallClockWarn.Seconds() && (s.Engine == Realtime || s.Engine == Node):
		d.warnf(d.fieldAt(leastPos), "%s: on engine %s a cell lasts at least %s of wall-clock time", leastAt, s.Engine, fmtSeconds(least))
	}
}

// engineLimit says what s asks beyond its engine's means, or "".
func (s *Scenario) engineLimit() string {
	if largest := s.Producer.Chunk.Largest(); s.Engine == Realtime && largest > maxRealtimeChunk {
		return fmt.Sprintf("producer.chunk: engine realtime allocates every chunk; at most %s, not %s", Size(maxRealtimeChunk), largest)
	}
	return ""
}

// CheckEngine checks s against its engine's means once more, for an engine
// set after parsing (run --engine): a realtime chunk is at most 64MiB.
// The error is an ErrorList positioned at the field.
func (s *Scenario) CheckEngine() error {
	if msg := s.engineLimit(); msg != "" {
		line, col := s.Pos("producer.chunk")
		return ErrorList{{File: s.File, Line: line, Col: col, Msg: msg}}
	}
	return nil
}

// fieldAt returns the node written at path or at its nearest written
// parent (producer for producer.rate when only producer: is written), or
// the document.
func (d *decoder) fieldAt(path string) *node {
	for p := path; p != ""; {
		if n := d.at(p); n != nil {
			return n
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return d.tree
}

// fmtSeconds formats a length of time that may be far beyond what a
// time.Duration holds: 1.5h, or 2.9e+292 years.
func fmtSeconds(t float64) string {
	const year = 365.25 * 24 * 3600
	if t < 10*year {
		d := time.Duration(math.Round(t)) * time.Second
		if d >= time.Hour {
			return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
		}
		return FormatDuration(d)
	}
	return strconv.FormatFloat(t/year, 'g', 3, 64) + " years"
}

// MaxChunks bounds the chunks one cell of s can make:
// engine.Config.MaxWork of its engine configuration (the one bound, which
// Parse holds to 1e9 through engine.Config.Validate).
func (s *Scenario) MaxChunks() float64 {
	c := s.EngineConfig(0)
	return c.MaxWork()
}

// Pos returns the line and column of the value written at the dotted path
// (or of its nearest written parent, or of the document), to position an
// error found after parsing.
func (s *Scenario) Pos(path string) (line, col int) {
	n := s.tree
	for seg := range strings.SplitSeq(path, ".") {
		var next *node
		switch n.kind {
		case mapNode:
			next = n.get(seg)
		case seqNode:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.items) {
				next = n.items[i]
			}
		}
		if next == nil || next.kind == nullNode {
			break
		}
		n = next
	}
	if n == nil {
		return 1, 1
	}
	return max(n.line, 1), max(n.col, 1)
}
