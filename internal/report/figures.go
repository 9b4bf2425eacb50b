package report

import (
	"os"

	"github.com/bpbench/bpbench/internal/report/plots"
	"github.com/bpbench/bpbench/internal/results"
)

// figure is one plot on the page: plots/<Name>.svg and .png.
type figure = plots.Figure

// renderPlots draws the figures into a directory (a variable, so that a
// test can make it fail).
var renderPlots = plots.Render

// renderFigures empties dir and draws the figures into it, so that no
// figure of an earlier rendering stays behind.
func renderFigures(dir string, meta *results.Meta, recs []results.Record) ([]figure, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return renderPlots(dir, meta, recs)
}
