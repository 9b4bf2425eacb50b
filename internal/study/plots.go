package study

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bpbench/bpbench/internal/metrics"
)

// MinFontSize is the smallest text on a plot, in points.
const MinFontSize = 10

var (
	colorSmall = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	colorLarge = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colorGrey  = color.RGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
)

// pairLabel is a pair's short name on an axis: "22 p100 5B".
func pairLabel(pr *Pair) string {
	s := pr.Runtime
	if s == "" {
		s = "-"
	}
	s += fmt.Sprintf(" p%d", pr.Pipelines)
	for _, q := range labelParams(pr.SmallPoint.Params) {
		if q.Path != "highWaterMark" && q.Path != "engine" {
			s += " " + q.Shown()
		}
	}
	return s
}

// newPlot is a plot with the study's fonts, no text under MinFontSize.
func newPlot(title, ylabel string, labels []string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 12
	p.Y.Label.Text = ylabel
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font, &p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Typeface, f.Variant = "Liberation", "Sans"
		if f.Size < MinFontSize {
			f.Size = MinFontSize
		}
	}
	p.NominalX(labels...)
	p.X.Tick.Label.Rotation = math.Pi / 2
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	p.Add(plotter.NewGrid())
	return p
}

// errPoints are points with symmetric y error bars.
type errPoints struct {
	plotter.XYs
	plotter.YErrors
}

// throughputPlot draws 64KiB's throughput difference from 16KiB's, in
// percent of 16KiB's, with its 95% CI, one column per pair.
func throughputPlot(scenario string, pairs []Pair) (*plot.Plot, error) {
	labels := make([]string, len(pairs))
	var pts errPoints
	for i := range pairs {
		labels[i] = pairLabel(&pairs[i])
		c := pairs[i].Throughput
		pts.XYs = append(pts.XYs, plotter.XY{X: float64(i), Y: c.Rel * 100})
		pts.YErrors = append(pts.YErrors, struct{ Low, High float64 }{c.RelHalf * 100, c.RelHalf * 100})
	}
	p := newPlot(scenario+": throughput at 64KiB against 16KiB", "64KiB - 16KiB (% of 16KiB), 95% CI", labels)
	zero, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: 0}, {X: float64(len(pairs)) - 0.5, Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color = colorGrey
	sc, err := plotter.NewScatter(pts.XYs)
	if err != nil {
		return nil, err
	}
	sc.Color = colorLarge
	sc.Shape = draw.CircleGlyph{}
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return nil, err
	}
	eb.Color = colorLarge
	p.Add(zero, eb, sc)
	return p, nil
}

// memoryPlot draws rss.per.pipeline at 16KiB and 64KiB side by side, one
// group per pair at ManyPipelines or more (at 1 pipeline the figure is the
// whole process's growth), or per pair when there are none (pairs without
// it are left at 0 and named so).
func memoryPlot(scenario string, pairs []Pair) (*plot.Plot, error) {
	title := fmt.Sprintf("%s: RSS per pipeline at %d pipelines", scenario, ManyPipelines)
	if many := Many(pairs); len(many) > 0 {
		pairs = many
	} else {
		title = scenario + ": RSS per pipeline (rss.per.pipeline)"
	}
	labels := make([]string, len(pairs))
	small, large := make(plotter.Values, len(pairs)), make(plotter.Values, len(pairs))
	for i := range pairs {
		labels[i] = pairLabel(&pairs[i])
		x, ok1 := pairs[i].SmallPoint.Mean(metrics.RSSPerPipeline)
		y, ok2 := pairs[i].LargePoint.Mean(metrics.RSSPerPipeline)
		if !ok1 || !ok2 {
			labels[i] += " (none)"
			continue
		}
		small[i], large[i] = x/1024, y/1024
	}
	p := newPlot(title, "rss.per.pipeline (KiB)", labels)
	w := vg.Points(6)
	if len(pairs) <= 12 {
		w = vg.Points(10)
	}
	a, err := plotter.NewBarChart(small, w)
	if err != nil {
		return nil, err
	}
	a.Color, a.Offset, a.LineStyle.Width = colorSmall, -w/2, 0
	b, err := plotter.NewBarChart(large, w)
	if err != nil {
		return nil, err
	}
	b.Color, b.Offset, b.LineStyle.Width = colorLarge, w/2, 0
	p.Add(a, b)
	p.Legend.Add("16KiB", a)
	p.Legend.Add("64KiB", b)
	p.Legend.Top = true
	return p, nil
}

// savePlots writes a scenario's two plots to dir/plots as PNG and SVG.
func savePlots(dir, scenario string, pairs []Pair) error {
	if len(pairs) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
		return err
	}
	width := vg.Length(max(6.5, 1.5+0.28*float64(len(pairs)))) * vg.Inch
	for which, mk := range map[string]func(string, []Pair) (*plot.Plot, error){"throughput": throughputPlot, "memory": memoryPlot} {
		pl, err := mk(scenario, pairs)
		if err != nil {
			return fmt.Errorf("study: plot %s %s: %w", scenario, which, err)
		}
		for _, ext := range []string{"png", "svg"} {
			if err := pl.Save(width, 4.5*vg.Inch, filepath.Join(dir, plotFile(scenario, which, ext))); err != nil {
				return fmt.Errorf("study: plot %s %s: %w", scenario, which, err)
			}
		}
	}
	return nil
}
