package plots

import (
	"fmt"
	"strings"
)

// dump describes c in text, one fact a line: what the golden tests compare.
func (c *chart) dump() string {
	var b strings.Builder
	c.dumpTo(&b, "")
	return b.String()
}

func (c *chart) dumpTo(b *strings.Builder, indent string) {
	p := func(format string, args ...any) { fmt.Fprintf(b, indent+format+"\n", args...) }
	if c.fig.Name != "" {
		p("== %s", c.fig.Name)
	}
	p("title: %s", c.fig.Title)
	if c.fig.Caption != "" {
		p("caption: %s", c.fig.Caption)
	}
	for _, a := range []struct {
		name string
		a    axis
	}{{"x", c.x}, {"y", c.y}} {
		kind := [...]string{"linear", "log2", "category"}[a.a.kind]
		var ticks []string
		for _, t := range a.a.ticker.Ticks(a.a.min, a.a.max) {
			if t.Label != "" {
				ticks = append(ticks, t.Label)
			}
		}
		p("%s: %q %s [%.4g, %.4g] ticks %q", a.name, a.a.label, kind, a.a.min, a.a.max, ticks)
	}
	for _, s := range c.series {
		var pts []string
		for i := range s.x {
			pt := fmt.Sprintf("(%.4g, %.4g)", s.x[i], s.y[i])
			if s.lo != nil {
				pt += fmt.Sprintf("±[%.4g, %.4g]", s.lo[i], s.hi[i])
			}
			pts = append(pts, pt)
		}
		if len(pts) > 8 {
			pts = append(pts[:4], fmt.Sprintf("... %d points ...", len(pts)-6), pts[len(pts)-2], pts[len(pts)-1])
		}
		p("series %q %s: %s", s.name, [...]string{"lines+glyphs", "steps", "line", "glyphs"}[s.style], strings.Join(pts, " "))
	}
	for _, h := range c.hlines {
		p("hline %q at %.4g", h.name, h.y)
	}
	if len(c.shades) > 0 {
		p("shaded %q: %v", c.shadeName, c.shades)
	}
	for _, m := range c.marks {
		p("mark %q at (%.4g, %.4g)", m.label, m.x, m.y)
	}
	if h := c.heat; h != nil {
		p("heat cols %q, log colours %v, higher is better %v", h.cols, h.logScale, h.higherIsBetter)
		for r := len(h.rows) - 1; r >= 0; r-- {
			p("  row %q: %q", h.rows[r], h.text[r])
		}
	}
	if c.below != nil {
		p("below:")
		c.below.dumpTo(b, indent+"  ")
	}
}
