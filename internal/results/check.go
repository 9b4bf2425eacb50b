package results

import (
	"fmt"
	"math"
)

// check refuses a record no run could have written: a negative index or
// repeat, a metric that is negative or not a finite number (every metric
// is a rate, a size, a time, a count or a fraction), a timeline or pause
// going back in time. The reports then never meet such values (a negative
// throughput once made the recommendation panic).
func check(r *Record) error {
	if r.Index < 0 || r.Repeat < 0 {
		return fmt.Errorf("cell %s: index %d, repeat %d: neither is ever negative", r.Cell, r.Index, r.Repeat)
	}
	for _, m := range r.Result.Metrics {
		if m.Value < 0 || math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			return fmt.Errorf("cell %s#%d: metric %s is %v: a measurement is a finite number >= 0", r.Cell, r.Repeat, m.Name, m.Value)
		}
	}
	for i, p := range r.Result.Timeline {
		if p.T < 0 || p.Bytes < 0 || i > 0 && p.T < r.Result.Timeline[i-1].T {
			return fmt.Errorf("cell %s#%d: timeline point %d (%d ns, %d B) is negative or earlier than the one before", r.Cell, r.Repeat, i, p.T, p.Bytes)
		}
	}
	for _, iv := range r.Result.Paused {
		if iv.Start < 0 || iv.End < iv.Start {
			return fmt.Errorf("cell %s#%d: paused interval [%d, %d] ns is negative or ends before it starts", r.Cell, r.Repeat, iv.Start, iv.End)
		}
	}
	l := r.Result.Latency
	if l.Count < 0 || l.Min < 0 || l.Max < 0 || l.Mean < 0 {
		return fmt.Errorf("cell %s#%d: negative latency figures", r.Cell, r.Repeat)
	}
	return nil
}

// checkMeta refuses a run.json no run could have written.
func checkMeta(m *Meta) error {
	if m.Cells < 0 || m.Repeat < 0 || m.Parallel < 0 {
		return fmt.Errorf("cells %d, repeat %d, parallel %d: none is ever negative", m.Cells, m.Repeat, m.Parallel)
	}
	for cell, h := range m.HighWaterMarks {
		if h < 0 {
			return fmt.Errorf("highWaterMarks: cell %s: %d is negative", cell, h)
		}
	}
	return nil
}
