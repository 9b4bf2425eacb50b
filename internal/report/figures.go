package report

import (
	"os"

	"github.com/bpbench/bpbench/internal/results"
)

// figure is one plot on the page: plots/<Name>.svg and .png.
type figure struct {
	Name, Title, Caption string
}

// renderPlots draws the figures into a directory; nil until
// internal/report/plots is wired in.
var renderPlots func(dir string, meta *results.Meta, recs []results.Record) ([]figure, error)

// renderFigures empties dir and draws the figures into it.
func renderFigures(dir string, meta *results.Meta, recs []results.Record) ([]figure, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if renderPlots == nil {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return renderPlots(dir, meta, recs)
}
