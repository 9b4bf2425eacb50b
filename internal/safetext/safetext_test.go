package safetext

import (
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"é ✓ 日本", "é ✓ 日本"},
		{"tab\tkept", "tab\tkept"},
		{"clear\x1b[2Jscreen", `clear\x1b[2Jscreen`},
		{"bel\a nul\x00 del\x7f", `bel\x07 nul\x00 del\x7f`},
		{"two\nlines\r", `two\x0alines\x0d`},
		{"c1 \u0085 \u009b", `c1 \u0085 \u009b`},
		{"bidi \u202eevil\u202c", `bidi \u202eevil\u202c`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{`already \x1b escaped`, `already \x1b escaped`},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q; want %q", c.in, got, c.want)
		}
		if got := Line(Line(c.in)); got != c.want {
			t.Errorf("Line twice (%q) = %q; want %q (idempotent)", c.in, got, c.want)
		}
	}
	if got, want := Block("a\nb\x1b\r\n"), `a`+"\n"+`b\x1b\x0d`+"\n"; got != want {
		t.Errorf("Block = %q; want %q", got, want)
	}
}

func FuzzLine(f *testing.F) {
	f.Add("x\x1b[2J\xff\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s), Block(s)} {
			for i, r := range out {
				if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || bidi(r) {
					t.Fatalf("escape(%q) = %q: raw %U at %d", s, out, r, i)
				}
			}
			if !utf8.ValidString(out) {
				t.Fatalf("escape(%q) = %q: invalid UTF-8", s, out)
			}
		}
		if Line(Line(s)) != Line(s) {
			t.Fatalf("Line not idempotent on %q", s)
		}
	})
}
