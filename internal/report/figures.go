package report

import (
	"encoding/base64"
	"html/template"
	"os"
	"path/filepath"

	"github.com/bpbench/bpbench/internal/report/plots"
	"github.com/bpbench/bpbench/internal/results"
)

// figure is one plot on the page: plots/<Name>.svg and .png, or, on the
// single-file page, the SVG inlined as a data: URI (Src).
type figure struct {
	plots.Figure
	// Src is the inlined SVG, set on the single-file page only.
	Src template.URL
}

// renderPlots draws the figures into a directory (a variable, so that a
// test can make it fail).
var renderPlots = plots.Render

// inline returns figs with each SVG of dir read into Src.
func inline(dir string, figs []figure) ([]figure, error) {
	out := make([]figure, len(figs))
	for i, f := range figs {
		b, err := os.ReadFile(filepath.Join(dir, f.Name+".svg"))
		if err != nil {
			return nil, err
		}
		f.Src = template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(b))
		out[i] = f
	}
	return out, nil
}

// renderFigures empties dir and draws the figures into it, so that no
// figure of an earlier rendering stays behind.
func renderFigures(dir string, meta *results.Meta, recs []results.Record) ([]figure, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	pf, err := renderPlots(dir, meta, recs)
	figs := make([]figure, len(pf))
	for i, f := range pf {
		figs[i] = figure{Figure: f}
	}
	return figs, err
}
