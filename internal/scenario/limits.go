package scenario

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
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
