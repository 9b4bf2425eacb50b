package compare

import (
	"fmt"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/suggest"
)

// CheckMetric returns an error for a name that is not a metric of the
// catalog, with a suggestion for a likely typo. Per-stage names
// (buffered.peak.sink) and family wildcards (buffered.peak.*) are metrics.
func CheckMetric(name string) error {
	if prefix, ok := strings.CutSuffix(name, ".*"); ok {
		for _, d := range metrics.Catalog() {
			if strings.HasPrefix(d.Name, prefix+".") && strings.HasSuffix(d.Name, ">") {
				return nil
			}
		}
		return fmt.Errorf("unknown metric family %q%s", name, suggest.DidYouMean(name, metricNames()))
	}
	if _, ok := metrics.Lookup(name); ok && !strings.HasSuffix(name, ">") {
		return nil
	}
	return fmt.Errorf("unknown metric %q%s", name, suggest.DidYouMean(name, metricNames()))
}

// metricNames lists the catalog's names, families as "prefix.*".
func metricNames() []string {
	var out []string
	for _, d := range metrics.Catalog() {
		if i := strings.IndexByte(d.Name, '<'); i > 0 {
			out = append(out, d.Name[:i]+"*")
			continue
		}
		out = append(out, d.Name)
	}
	return out
}
