package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestControlCharactersEscaped: control bytes in user data (a scenario's
// name and description, a cell's error, a warning, the scenario's text)
// reach neither index.html nor index.md raw: ESC, BEL, NUL and a bidi
// override show as \x1b, \x07, \x00, \u202e; the scenario text keeps its
// newlines.
func TestControlCharactersEscaped(t *testing.T) {
	meta, recs := fixture()
	meta.Scenario = "fix\x1bture"
	meta.Description = "clears \x1b[2J the screen\a and \x00 ends \u202eC text"
	meta.Source = "name: fixture\n# \x1b]0;title\a\nsweep: {}\n"
	meta.Env.CPU = "cpu\x00"
	recs[len(recs)-1].Error = "node said \x1b[31mred\x1b[0m"
	p := newPage(meta, recs, nil, nil, []string{"warn \x07 bell"})
	for _, tpl := range []struct {
		name string
		exec func(*bytes.Buffer) error
	}{
		{"index.html", func(b *bytes.Buffer) error { return htmlPage.Execute(b, p) }},
		{"index.md", func(b *bytes.Buffer) error { return mdPage.Execute(b, p) }},
	} {
		var b bytes.Buffer
		if err := tpl.exec(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for i, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u202e' {
				t.Fatalf("%s: raw %U at byte %d: %q", tpl.name, r, i, out[max(0, i-40):min(len(out), i+40)])
			}
		}
		for _, want := range []string{`\x1b[2J`, `screen\x07`, `\x00 ends`, `\u202eC`, `\x1b[31mred`, `warn \x07 bell`, `\x1b]0;title\x07`} {
			if tpl.name == "index.md" { // markdown escapes the backslash and brackets
				want = strings.NewReplacer(`\`, `\\`, `[`, `\[`).Replace(want)
				if strings.Contains(want, "title") {
					want = `x1b]0;title` // in a code block: as is
				}
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q missing", tpl.name, want)
			}
		}
	}
}

// TestRecommendedCodeKeepsItsLines: the recommendation's Node code is
// several lines; escaping must keep them (a newline shown as \x0a put the
// source and the sink on one line).
func TestRecommendedCodeKeepsItsLines(t *testing.T) {
	meta, recs := fixture()
	p := newPage(meta, recs, nil, nil, nil)
	if len(p.Recommendations) == 0 {
		t.Fatal("fixture gives no recommendation")
	}
	for _, r := range p.Recommendations {
		if strings.Contains(r.Code, `\x0a`) {
			t.Errorf("code has an escaped newline: %q", r.Code)
		}
		if r.Code != "" && !strings.Contains(r.Code, "\n") {
			t.Errorf("code is one line: %q", r.Code)
		}
	}
}
