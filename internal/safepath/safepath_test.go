package safepath

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	ok := []string{"quickstart", "h19-pipe-backpressure-cycle", "a..b", "hwm=16KiB", "é", strings.Repeat("x", MaxLen)}
	for _, n := range ok {
		if err := Check(n); err != nil {
			t.Errorf("Check(%q) = %v; want nil", n, err)
		}
	}
	bad := map[string]string{
		"":                            "empty",
		".":                           "folder",
		"..":                          "folder",
		"../../x":                     "'.'",
		"a/b":                         "separator",
		`a\b`:                         "separator",
		"/etc":                        "separator",
		"x\x1b[2J":                    "control",
		"nul\x00":                     "control",
		"bel\a":                       "control",
		"\xff":                        "UTF-8",
		".hidden":                     "'.'",
		" x":                          "space",
		"CON":                         "reserves",
		"nul.json":                    "reserves",
		"com1":                        "reserves",
		"a:b":                         "Windows",
		strings.Repeat("x", MaxLen+1): "bytes",
	}
	for n, want := range bad {
		err := Check(n)
		if err == nil || !errors.Is(err, ErrName) || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v; want an ErrName saying %q", n, err, want)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x00\x1b\a") {
			t.Errorf("Check(%q): the error holds a raw control byte: %q", n, err)
		}
		if _, jerr := Join("out", n); jerr == nil {
			t.Errorf("Join(out, %q) = nil error", n)
		}
	}
}

func TestSanitize(t *testing.T) {
	for _, n := range []string{"", ".", "..", "../../x", "a/b", "x\x1b[2J\a", "\xff\xfe", ".hidden", " x ", "CON", "lpt9.txt",
		strings.Repeat("é", MaxLen), "hwm=16KiB/chunk=4KiB", "ok-name"} {
		s := Sanitize(n)
		if err := Check(s); err != nil {
			t.Errorf("Sanitize(%q) = %q, which Check refuses: %v", n, s, err)
		}
		if Sanitize(n) != s {
			t.Errorf("Sanitize(%q) is not deterministic", n)
		}
	}
	if got := Sanitize("ok-name"); got != "ok-name" {
		t.Errorf("Sanitize(ok-name) = %q; want it unchanged", got)
	}
	if got := Sanitize("../../x"); got != "_.-..-x" {
		t.Errorf("Sanitize(../../x) = %q; want _.-..-x", got)
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("../../x")
	f.Add("CON.txt")
	f.Fuzz(func(t *testing.T, name string) {
		s := Sanitize(name)
		if err := Check(s); err != nil {
			t.Fatalf("Sanitize(%q) = %q: %v", name, s, err)
		}
		if Check(name) == nil && s != name {
			t.Fatalf("Sanitize changed the valid name %q to %q", name, s)
		}
	})
}
