package summary

import "github.com/bpbench/bpbench/internal/metrics"

// Sample is one run of one cell: the cell's name (its key=value/... path in
// the plan) and the metrics the run measured.
type Sample struct {
	// Cell names the cell; runs with the same Cell are repeats.
	Cell string
	// Metrics are the run's values (metrics.Result.Metrics).
	Metrics metrics.Metrics
}

// Cell is the summary of one cell's repeats.
type Cell struct {
	// Name is the cell's name.
	Name string `json:"name"`
	// Repeats is the number of samples of this cell.
	Repeats int `json:"repeats"`
	// Metrics has one entry per metric name seen in any repeat, in order of
	// first appearance (the Recorder's report order). A metric missing from
	// some repeats (heap.peak, say) is summarised over those that have it:
	// its Stats.N is then below Repeats.
	Metrics []Metric `json:"metrics"`
}

// Metric is the statistics of one metric over a cell's repeats.
type Metric struct {
	// Name is the metric's name.
	Name string `json:"name"`
	// Stats are over the repeats that have the metric.
	Stats Stats `json:"stats"`
}

// Get returns the statistics of the named metric and whether the cell has it.
func (c Cell) Get(name string) (Stats, bool) {
	for _, m := range c.Metrics {
		if m.Name == name {
			return m.Stats, true
		}
	}
	return Stats{}, false
}

// Cells groups samples by cell name and summarises each metric over the
// repeats. Cells come in order of their first sample and metrics in order of
// first appearance, so give samples in plan order (not in the order parallel
// runs happened to finish) for a report that does not change from run to run;
// the statistics themselves do not depend on the order of the repeats.
func Cells(samples ...Sample) []Cell {
	type acc struct {
		repeats int
		names   []string
		values  map[string][]float64
	}
	var order []string
	byCell := map[string]*acc{}
	for _, s := range samples {
		a := byCell[s.Cell]
		if a == nil {
			a = &acc{values: map[string][]float64{}}
			byCell[s.Cell] = a
			order = append(order, s.Cell)
		}
		a.repeats++
		for _, m := range s.Metrics {
			if _, seen := a.values[m.Name]; !seen {
				a.names = append(a.names, m.Name)
			}
			a.values[m.Name] = append(a.values[m.Name], m.Value)
		}
	}
	out := make([]Cell, 0, len(order))
	for _, name := range order {
		a := byCell[name]
		c := Cell{Name: name, Repeats: a.repeats, Metrics: make([]Metric, 0, len(a.names))}
		for _, m := range a.names {
			c.Metrics = append(c.Metrics, Metric{Name: m, Stats: Of(a.values[m])})
		}
		out = append(out, c)
	}
	return out
}
