package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heatPlotter draws a heat grid: cell (r, c) centred on (c, r), coloured
// by its value, with its label written inside in a colour that contrasts.
type heatPlotter struct{ h *heat }

// Plot implements plot.Plotter.
func (hp *heatPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	h := hp.h
	tx, ty := p.Transforms(&c)
	lo, hi := math.Inf(1), math.Inf(-1)
	val := func(v float64) float64 {
		if h.logScale {
			return math.Log2(math.Max(v, 1))
		}
		return v
	}
	for _, row := range h.z {
		for _, v := range row {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, val(v)), math.Max(hi, val(v))
			}
		}
	}
	cmap := moreland.Kindlmann()
	cmap.SetMin(0)
	cmap.SetMax(1)
	sty := p.X.Tick.Label
	sty.Rotation = 0
	sty.Font.Size = vg.Points(10)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for r, row := range h.z {
		for col, v := range row {
			x0, x1 := tx(float64(col)-0.5), tx(float64(col)+0.5)
			y0, y1 := ty(float64(r)-0.5), ty(float64(r)+0.5)
			rect := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			var fill color.Color = color.Gray{230}
			if !math.IsNaN(v) {
				f := 0.5
				if hi > lo {
					f = (val(v) - lo) / (hi - lo)
				}
				if h.higherIsBetter { // darker is better: the best end maps to 0
					f = 1 - f
				}
				// Kindlmann runs from black (0) to white (1): keep off both ends,
				// which would not stand out from the page or the text.
				fill, _ = cmap.At(0.12 + 0.76*f)
			}
			c.FillPolygon(fill, rect)
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(2)}, append(rect, rect[0]))
			s := sty
			s.Color = contrast(fill)
			c.FillText(s, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, h.text[r][col])
		}
	}
}

// DataRange implements plot.DataRanger.
func (hp *heatPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(hp.h.cols)) - 0.5, -0.5, float64(len(hp.h.rows)) - 0.5
}

// contrast returns black or white, whichever reads better on bg.
func contrast(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lum := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
	if lum > 0.45 {
		return color.Black
	}
	return color.White
}
