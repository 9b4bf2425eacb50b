package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
)

// A live producer's backlog is a column of the points table and a cost in
// the recommendation; in object mode it counts objects.
func TestPageShowsBacklog(t *testing.T) {
	t.Parallel()
	for _, objectMode := range []bool{false, true} {
		meta, recs := fixture()
		meta.ProducerMode, meta.ObjectMode = "live", objectMode
		for i := range recs {
			recs[i].Result.Metrics = append(recs[i].Result.Metrics,
				metrics.Metric{Name: metrics.BacklogPeak, Value: 3 * MiB},
				metrics.Metric{Name: metrics.BacklogMean, Value: MiB})
		}
		dir := t.TempDir()
		if err := WriteWith(dir, meta, recs, Options{}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		want := []string{">backlog.peak<", "3MiB waiting upstream", ">3MiB<"}
		if objectMode {
			want = []string{">backlog.peak<", "3145728 objects waiting upstream", ">3145728 objects<"}
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("object mode %v: index.html lacks %q", objectMode, w)
			}
		}
	}
}
