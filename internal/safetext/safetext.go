// Package safetext makes text from data safe to print on a terminal or a
// page: a scenario's description or name, a cell's error (which may hold a
// child process's output), a name read from results.jsonl. Control
// characters (C0 but tab and newline, DEL, C1), Unicode's bidirectional
// overrides and invalid UTF-8 become visible escapes (\x1b, \u202e, \xff),
// so an ESC sequence never reaches a terminal raw and a NUL never reaches
// a page. html/template escapes markup; this comes first and escapes what
// it leaves.
//
// Escaping is idempotent: a backslash is left alone, so text escaped twice
// (once where an error is made, once where it is printed) reads the same.
// The functions are pure and safe for concurrent use.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line escapes s for one line: newlines and carriage returns too.
func Line(s string) string { return escape(s, false) }

// Block escapes s keeping its newlines and tabs (a file's text, an error
// of several lines); a carriage return is escaped.
func Block(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	if clean(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || keepNewlines && r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f || bidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean reports that s needs no escape (the common case, without
// allocating).
func clean(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && !(keepNewlines && c == '\n') || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			for _, r := range s[i:] {
				if r == utf8.RuneError || r >= 0x80 && r <= 0x9f || bidi(r) || r < 0x20 && r != '\t' && !(keepNewlines && r == '\n') || r == 0x7f {
					return false
				}
			}
			return utf8.ValidString(s[i:])
		}
	}
	return true
}

// bidi reports Unicode's bidirectional embedding, override and isolate
// controls, which reorder the text around them on screen.
func bidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
