package metrics

import "slices"

// BufferedPerPipeline is buffered.peak / pipelines (PerPipeline).
const BufferedPerPipeline = "buffered.per.pipeline"

// PerPipeline returns m with buffered.per.pipeline added in catalog order:
// buffered.peak (the peak over time of the bytes every pipeline buffers,
// summed at each instant) divided by the pipelines n, what one stream
// costs when n run at once. m is returned as it is for n < 2 or without
// buffered.peak.
func PerPipeline(m Metrics, n int) Metrics {
	peak, ok := m.Get(BufferedPeak)
	if n < 2 || !ok {
		return m
	}
	x := Metric{Name: BufferedPerPipeline, Value: peak / float64(n)}
	i := slices.IndexFunc(m, func(y Metric) bool { return Compare(x.Name, y.Name) < 0 })
	if i < 0 {
		return append(m, x)
	}
	return slices.Insert(m, i, x)
}
