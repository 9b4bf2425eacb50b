package plots

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure size: wide enough for a legend beside the data, and about the
// size the page shows it (a column of about 560 CSS px at 1280 px), so that
// 10-point text reads as about 12 px, not 8.
const (
	width  = 6.5 * vg.Inch
	height = 4 * vg.Inch
	// tallHeight is for a chart with a second panel.
	tallHeight = 6 * vg.Inch
)

// MinFontSize is the smallest text drawn on a figure, in points (SVG user
// units): tick labels, legends, heatmap and knee labels.
const MinFontSize = 10

// save draws c to dir/<name>.png and dir/<name>.svg.
func save(dir string, c *chart) error {
	for _, format := range []string{"png", "svg"} {
		p, leg, err := c.build()
		if err != nil {
			return fmt.Errorf("plots: %s: %w", c.fig.Name, err)
		}
		h := height
		var below *plot.Plot
		if c.below != nil {
			h = tallHeight
			if below, _, err = c.below.build(); err != nil {
				return fmt.Errorf("plots: %s: %w", c.fig.Name, err)
			}
			below.Title.TextStyle.Font.Size = vg.Points(11)
		}
		cw, err := draw.NewFormattedCanvas(width, h, format)
		if err != nil {
			return fmt.Errorf("plots: %s: %w", c.fig.Name, err)
		}
		drawWithLegend(draw.New(cw), p, below, leg)
		path := filepath.Join(dir, c.fig.Name+"."+format)
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("plots: %w", err)
		}
		_, werr := cw.WriteTo(f)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("plots: %s: %w", path, werr)
		}
	}
	return nil
}

// drawWithLegend draws p on the left of dc, below (if any) under it, and
// the legend in a column on the right, so that the legend never covers data.
func drawWithLegend(dc draw.Canvas, p, below *plot.Plot, leg plot.Legend) {
	pad := vg.Points(8)
	r := leg.Rectangle(dc)
	lw := r.Max.X - r.Min.X
	if lw > 0 {
		lw = min(lw, dc.Size().X/3) + pad
	}
	area := draw.Crop(dc, 0, -(lw + pad), 0, 0)
	if below != nil {
		h := area.Size().Y
		below.Draw(draw.Crop(area, 0, 0, 0, -0.55*h))
		area = draw.Crop(area, 0, 0, 0.45*h+pad, 0)
	}
	p.Draw(area)
	if lw <= 0 {
		return
	}
	// Top of the legend level with the top of the data area.
	top := p.Title.TextStyle.Rectangle(p.Title.Text).Max.Y + p.Title.Padding + pad
	lc := draw.Crop(dc, dc.Size().X-lw, -pad, 0, -top)
	leg.Draw(lc)
}
