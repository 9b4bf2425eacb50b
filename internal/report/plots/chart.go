package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// chart describes one figure independently of gonum: what Render draws and
// what the tests compare.
type chart struct {
	fig    Figure
	x, y   axis
	series []series
	// hlines are horizontal reference lines.
	hlines []hline
	// shades are x intervals shaded over the whole height, with one
	// legend entry, shadeName.
	shades    [][2]float64
	shadeName string
	// marks are labelled points drawn over the series.
	marks []mark
	// heat, when set, is drawn instead of series (a heatmap).
	heat *heat
	// below, when set, is a second panel drawn under this one (a zoom),
	// sharing this chart's legend.
	below *chart
}

// style is how a series is drawn.
type style int

const (
	lineGlyphs style = iota // lines joining glyphs
	stepLine                // a step function, no glyphs
	plainLine               // a line, no glyphs
	glyphsOnly              // points
)

// series is one line of a chart.
type series struct {
	name string
	x, y []float64
	// lo and hi, when set, bound y (a confidence interval) for error bars.
	lo, hi []float64
	style  style
	// color is the series' index in the palette, -1 for grey.
	color int
}

// hline is a horizontal line at y, named in the legend.
type hline struct {
	y    float64
	name string
}

// mark is a highlighted, labelled point.
type mark struct {
	x, y  float64
	label string
}

// axisKind is how an axis maps values.
type axisKind int

const (
	linear   axisKind = iota
	log2              // log scale; values <= 0 at zeroAt
	category          // positions 0..n-1 named by cats
)

// axis describes one axis.
type axis struct {
	label string
	kind  axisKind
	// min and max are the range shown.
	min, max float64
	// ticker makes the ticks and their labels.
	ticker plot.Ticker
	// zeroAt is where a log2 axis draws values <= 0 (0 when none).
	zeroAt float64
}

// heat is a grid of coloured, labelled cells: cols along x, rows along y.
type heat struct {
	cols, rows []string
	// z[r][c] is the value of a cell (NaN when missing); text its label.
	z    [][]float64
	text [][]string
	// logScale colours by log(z).
	logScale bool
	// higherIsBetter says which end is better, drawn darker.
	higherIsBetter bool
}

// palette is the series colours (Okabe-Ito, readable by the colour-blind).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},
	color.RGBA{213, 94, 0, 255},
	color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255},
	color.RGBA{230, 159, 0, 255},
	color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255},
	color.RGBA{240, 228, 66, 255},
}

var grey = color.RGBA{110, 110, 110, 255}

// seriesColor returns the colour of palette index i (-1: grey).
func seriesColor(i int) color.Color {
	if i < 0 {
		return grey
	}
	return palette[i%len(palette)]
}

// glyphs are the glyph shapes, cycled with the colours so that series
// drawn on top of each other stay distinguishable.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.RingGlyph{},
	draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

// dashes are the line dashes, cycled more slowly than colours.
var dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}}

// scale maps data to the unit interval for an axis.
type scale struct{ a axis }

// Normalize implements plot.Normalizer.
func (s scale) Normalize(min, max, x float64) float64 {
	if s.a.kind != log2 {
		return (x - min) / (max - min)
	}
	f := func(v float64) float64 {
		if v <= 0 {
			v = s.a.zeroAt
		}
		return math.Log2(v)
	}
	return (f(x) - f(min)) / (f(max) - f(min))
}

// build turns c into a gonum plot and its legend (drawn apart, see save).
func (c *chart) build() (*plot.Plot, plot.Legend, error) {
	p := plot.New()
	p.Title.Text = wrapTitle(c.fig.Title)
	sans(&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font)
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = vg.Points(10)
	sans(&leg.TextStyle.Font)

	for _, ax := range []struct {
		a *axis
		p *plot.Axis
	}{{&c.x, &p.X}, {&c.y, &p.Y}} {
		ax.p.Label.Text = ax.a.label
		ax.p.Label.TextStyle.Font.Size = vg.Points(11)
		ax.p.Tick.Label.Font.Size = vg.Points(10)
		ax.p.Min, ax.p.Max = ax.a.min, ax.a.max
		ax.p.Tick.Marker = ax.a.ticker
		ax.p.Scale = scale{*ax.a}
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{225}
	grid.Horizontal.Color = color.Gray{225}
	if c.heat == nil {
		p.Add(grid)
	}

	if len(c.shades) > 0 {
		fill := color.NRGBA{R: 240, G: 120, B: 60, A: 60}
		for i, s := range c.shades {
			poly, err := plotter.NewPolygon(plotter.XYs{{X: s[0], Y: c.y.min}, {X: s[1], Y: c.y.min}, {X: s[1], Y: c.y.max}, {X: s[0], Y: c.y.max}})
			if err != nil {
				return nil, leg, err
			}
			poly.Color = fill
			poly.LineStyle.Width = 0
			p.Add(poly)
			if i == 0 {
				leg.Add(c.shadeName, poly)
			}
		}
	}
	if c.heat != nil {
		p.Add(&heatPlotter{h: c.heat})
	}
	for i, s := range c.series {
		if len(s.x) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.x))
		for j := range s.x {
			xys[j] = plotter.XY{X: s.x[j], Y: s.y[j]}
		}
		col := seriesColor(s.color)
		var thumbs []plot.Thumbnailer
		ls := draw.LineStyle{Color: col, Width: vg.Points(1.5)}
		if s.color >= 0 {
			ls.Dashes = dashes[(s.color/len(palette)+s.color)%len(dashes)]
		}
		gs := draw.GlyphStyle{Color: col, Radius: vg.Points(3.5), Shape: glyphs[max(s.color, 0)%len(glyphs)]}
		switch s.style {
		case lineGlyphs, plainLine:
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, leg, fmt.Errorf("%s: %w", s.name, err)
			}
			l.LineStyle = ls
			p.Add(l)
			thumbs = append(thumbs, l)
		case stepLine:
			// Drawn in pieces that share their end points: the PNG
			// rasteriser slows down with the square of a path's length,
			// and a timeline has thousands of steps.
			for lo := 0; lo < len(xys)-1 || lo == 0; lo += stepPiece {
				hi := min(lo+stepPiece+1, len(xys))
				l, err := plotter.NewLine(xys[lo:hi])
				if err != nil {
					return nil, leg, fmt.Errorf("%s: %w", s.name, err)
				}
				l.LineStyle = ls
				l.LineStyle.Width = vg.Points(1)
				l.LineStyle.Dashes = nil
				l.StepStyle = plotter.PostStep
				p.Add(l)
				if lo == 0 {
					thumbs = append(thumbs, l)
				}
				if hi == len(xys) {
					break
				}
			}
		}
		if s.style == lineGlyphs || s.style == glyphsOnly {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, leg, fmt.Errorf("%s: %w", s.name, err)
			}
			sc.GlyphStyle = gs
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.lo != nil {
			errs := make(plotter.YErrors, len(s.x))
			for j := range errs {
				errs[j].Low, errs[j].High = s.y[j]-s.lo[j], s.hi[j]-s.y[j]
			}
			eb := &plotter.YErrorBars{XYs: xys, YErrors: errs, LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1)}, CapWidth: vg.Points(6)}
			p.Add(eb)
		}
		if s.name != "" {
			leg.Add(s.name, thumbs...)
		}
		_ = i
	}
	for _, h := range c.hlines {
		l, err := plotter.NewLine(plotter.XYs{{X: c.x.min, Y: h.y}, {X: c.x.max, Y: h.y}})
		if err != nil {
			return nil, leg, err
		}
		l.LineStyle = draw.LineStyle{Color: color.RGBA{200, 0, 0, 255}, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		p.Add(l)
		leg.Add(h.name, l)
	}
	if len(c.marks) > 0 {
		xys := make(plotter.XYs, len(c.marks))
		labels := make([]string, len(c.marks))
		for i, m := range c.marks {
			xys[i] = plotter.XY{X: m.x, Y: m.y}
			labels[i] = m.label
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, leg, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{200, 0, 0, 255}, Radius: vg.Points(7), Shape: draw.RingGlyph{}}
		p.Add(sc)
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return nil, leg, err
		}
		// Labels alternate above and below their marks, in order of x,
		// so that knees close together do not write over each other;
		// a label near the right edge is right-aligned.
		order := make([]int, len(c.marks))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(c.marks[a].x, c.marks[b].x) })
		for rank, i := range order {
			ts := &lb.TextStyle[i]
			ts.Font.Size = vg.Points(MinFontSize)
			sans(&ts.Font)
			ts.Color = color.RGBA{160, 0, 0, 255}
			ts.XAlign = draw.XCenter
			f := (scale{a: c.x}).Normalize(c.x.min, c.x.max, c.marks[i].x)
			if f > 0.7 {
				ts.XAlign = draw.XRight
			} else if f < 0.3 {
				ts.XAlign = draw.XLeft
			}
			if rank%2 == 1 {
				ts.YAlign = draw.YTop
			}
		}
		p.Add(&offsetLabels{lb, c.marks})
	}
	return p, leg, nil
}

// sans sets fonts to Liberation Sans, which reads better on screens than
// gonum's default serif.
func sans(fs ...*font.Font) {
	for _, f := range fs {
		f.Typeface, f.Variant = "Liberation", "Sans"
	}
}

// stepPiece is how many steps of a step line one path draws.
const stepPiece = 128

// wrapTitle breaks a title too long for the figure's width after its
// first ": ", so that a long cell name does not run off the edges.
func wrapTitle(t string) string {
	const width = 46 // characters that fit at the title's size
	if len(t) <= width {
		return t
	}
	if head, rest, ok := strings.Cut(t, ": "); ok {
		return head + "\n" + rest
	}
	return t
}

// offsetLabels draws labels 9 points above their marks, or below those
// aligned to their top.
type offsetLabels struct {
	*plotter.Labels
	marks []mark
}

// Plot implements plot.Plotter.
func (l *offsetLabels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for i, m := range l.marks {
		ts := l.TextStyle[i]
		y := ty(m.y) + vg.Points(9)
		if ts.YAlign == draw.YTop {
			y = ty(m.y) - vg.Points(9)
		}
		c.FillText(ts, vg.Point{X: tx(m.x), Y: y}, m.label)
	}
}
