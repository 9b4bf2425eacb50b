package plots

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bpbench/bpbench/internal/results"
)

// TestRenderRun renders a real run's folder for looking at the figures:
//
//	BPBENCH_PLOTS_RUN=reports/quickstart go test -run TestRenderRun ./internal/report/plots
//
// writes them into the run's folder, under plots/. Skipped otherwise.
func TestRenderRun(t *testing.T) {
	dir := os.Getenv("BPBENCH_PLOTS_RUN")
	if dir == "" {
		t.Skip("for a person to look at a run's figures: BPBENCH_PLOTS_RUN=reports/quickstart go test -run TestRenderRun ./internal/report/plots")
	}
	meta, err := results.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, warns, err := results.ReadFile(filepath.Join(dir, results.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Log(w)
	}
	out := filepath.Join(dir, "plots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	figs, err := Render(out, meta, recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		t.Logf("%s: %s — %s", f.Name, f.Title, f.Caption)
	}
}
