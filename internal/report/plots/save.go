package plots

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure size: wide enough for a legend beside the data.
const (
	width  = 9 * vg.Inch
	height = 5 * vg.Inch
)

// save draws c to dir/<name>.png and dir/<name>.svg.
func save(dir string, c *chart) error {
	for _, format := range []string{"png", "svg"} {
		p, leg, err := c.build()
		if err != nil {
			return fmt.Errorf("plots: %s: %w", c.fig.Name, err)
		}
		cw, err := draw.NewFormattedCanvas(width, height, format)
		if err != nil {
			return fmt.Errorf("plots: %s: %w", c.fig.Name, err)
		}
		drawWithLegend(draw.New(cw), p, leg)
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

// drawWithLegend draws p on the left of dc and its legend in a column on
// the right, so that the legend never covers data.
func drawWithLegend(dc draw.Canvas, p *plot.Plot, leg plot.Legend) {
	pad := vg.Points(8)
	r := leg.Rectangle(dc)
	lw := r.Max.X - r.Min.X
	if lw <= 0 {
		p.Draw(draw.Crop(dc, 0, -pad, 0, 0))
		return
	}
	lw = min(lw, dc.Size().X/3)
	p.Draw(draw.Crop(dc, 0, -(lw + 2*pad), 0, 0))
	// Top of the legend level with the top of the data area.
	top := p.Title.TextStyle.Rectangle(p.Title.Text).Max.Y + p.Title.Padding + pad
	lc := draw.Crop(dc, dc.Size().X-lw-pad, -pad, 0, -top)
	leg.Draw(lc)
}
