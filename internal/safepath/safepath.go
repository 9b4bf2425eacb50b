// Package safepath is bpbench's one policy for a name that becomes a path
// component: a scenario name read from results.jsonl or run.json (the
// folder bpbench report -o writes), a conformance case's name (the file
// bpbench conform -o writes or --expect reads), a plot's file name made
// from swept values.
//
// Check refuses a name that is not one plain component: empty, "." or
// "..", a leading '.', a path separator, a control character, invalid
// UTF-8, a character Windows refuses (<>:"|?*), a name Windows reserves
// (CON, NUL, COM1...), or more than MaxLen bytes. Commands use it for names
// the user can fix (and exit 2). Sanitize maps any string onto a name Check
// accepts, deterministically, for names made from data. Join is Check and
// then filepath.Join.
//
// The functions are pure and safe for concurrent use.
package safepath

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLen bounds a name in bytes: file systems allow 255, and a name gets a
// suffix (.json, .svg, -vs-hwm) added.
const MaxLen = 200

// ErrName is wrapped by every error of Check.
var ErrName = errors.New("not a plain file name")

// Check returns nil when name can be used as one path component, or an
// error saying what is wrong with it (wrapping ErrName). The error quotes
// the name with %q, so control characters in it reach no terminal.
func Check(name string) error {
	why := problem(name)
	if why == "" {
		return nil
	}
	return fmt.Errorf("name %q: %w: %s", name, ErrName, why)
}

func problem(name string) string {
	switch {
	case name == "":
		return "it is empty"
	case name == "." || name == "..":
		return "it names a folder of the path itself"
	case len(name) > MaxLen:
		return fmt.Sprintf("it has %d bytes, more than %d", len(name), MaxLen)
	case !utf8.ValidString(name):
		return "it is not valid UTF-8"
	case name[0] == '.':
		return "it starts with '.'"
	case strings.TrimSpace(name) != name:
		return "it starts or ends with a space"
	}
	for _, r := range name {
		switch {
		case r == '/' || r == '\\':
			return "it holds a path separator"
		case unicode.IsControl(r) || r == utf8.RuneError:
			return fmt.Sprintf("it holds the control character %U", r)
		case strings.ContainsRune(`<>:"|?*`, r):
			return fmt.Sprintf("it holds %q, which Windows refuses in file names", r)
		}
	}
	if reserved(name) {
		return "Windows reserves it for a device"
	}
	return ""
}

// reserved reports a Windows device name (CON, PRN, AUX, NUL, COM0-9,
// LPT0-9), with or without an extension, in any case.
func reserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		c := base[3]
		return c >= '0' && c <= '9'
	}
	return false
}

// Join returns filepath.Join(dir, name) when Check(name) is nil.
func Join(dir, name string) (string, error) {
	if err := Check(name); err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// Sanitize returns a name Check accepts: name itself when it passes,
// otherwise name with every refused character replaced by '-', a leading
// '.' or space replaced by '_', cut to MaxLen bytes (on a character
// boundary), and "_" prefixed to a reserved or empty result. The same name
// always gives the same result.
func Sanitize(name string) string {
	if Check(name) == nil {
		return name
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(name, "-") {
		switch {
		case r == '/' || r == '\\' || unicode.IsControl(r) || r == utf8.RuneError || strings.ContainsRune(`<>:"|?*`, r):
			r = '-'
		}
		if b.Len()+utf8.RuneLen(r) > MaxLen {
			break
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s != "" && (s[0] == '.' || s[0] == ' ') {
		s = "_" + s[1:]
	}
	if n := len(s); n > 0 && s[n-1] == ' ' {
		s = s[:n-1] + "_"
	}
	if s == "" || reserved(s) {
		s = "_" + s
	}
	if len(s) > MaxLen {
		s = s[:MaxLen] // only ASCII was added in front, the cut above left room
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
