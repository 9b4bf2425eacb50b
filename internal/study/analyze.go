package study

import (
	"slices"
	"strconv"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/summary"
)

// The two highWaterMarks a study compares, as a scenario spells them.
const (
	Small = "16KiB"
	Large = "64KiB"
)

// Memory metrics a finding reports, per stream. buffered.peak is the sum
// over a cell's pipelines (the peak of the sum): per stream it is
// buffered.per.pipeline, which a cell of one pipeline does not report, its
// buffered.peak being that one stream's (memStats).
var memoryMetrics = []string{metrics.RSSPerPipeline, metrics.HeapPerPipeline, metrics.BufferedPerPipeline}

// memStats returns point p's statistics of memory metric m, per stream:
// buffered.per.pipeline is buffered.peak where p ran one pipeline.
func memStats(p *analysis.Point, m string) (summary.Stats, bool) {
	st, ok := p.Stats[m]
	if !ok && m == metrics.BufferedPerPipeline {
		st, ok = p.Stats[metrics.BufferedPeak]
	}
	return st, ok && st.N > 0
}

// Pair is one cell of the study: a scenario's point at 16KiB beside its
// twin at 64KiB (the same runtime, pipelines and every other parameter),
// measured on the node engine.
type Pair struct {
	// Scenario is the scenario's name; Runtime the node: value ("22",
	// "bun"; "" when the scenario does not sweep it); Pipelines the
	// pipelines: value (1 when not swept).
	Scenario, Runtime string
	Pipelines         int
	// Label names the other parameters (chunk=5B), "" when none.
	Label string
	// SmallPoint and LargePoint are the 16KiB and 64KiB points.
	SmallPoint, LargePoint analysis.Point
	// Throughput is 64KiB's throughput against 16KiB's.
	Throughput Comparison
	// Verdict decides Throughput; Why says why it is Inconclusive. Pairs
	// decides each pair alone; Correct (Study.Pairs) then takes back the
	// verdicts that do not survive the study's multiple comparisons.
	Verdict Verdict
	Why     string
	// Q is Throughput.P adjusted by Benjamini–Hochberg over the study's
	// Tests comparisons (set by Correct; 1 and 0 until then, and for a
	// pair without a p-value).
	Q     float64
	Tests int
	// Memory maps each memory metric (rss.per.pipeline, heap.per.pipeline,
	// buffered.peak) to 64KiB's mean less 16KiB's, per stream; a metric
	// either side lacks is absent.
	Memory map[string]float64
	// MemoryCmp compares each memory metric as Throughput does
	// (64KiB against 16KiB, per stream).
	MemoryCmp map[string]Comparison
	// SmallSim and LargeSim are calibrated sim's predictions of the two
	// points (nil when there is none).
	SmallSim, LargeSim *analysis.Point
}

// Cells are the point names behind the pair, for the page.
func (p *Pair) Cells() []string { return []string{p.SmallPoint.Cell, p.LargePoint.Cell} }

// PerThousand returns a per-stream figure for 1000 streams.
func PerThousand(perStream float64) float64 { return perStream * 1000 }

// PredictionError returns calibrated sim's throughput error on a point,
// (sim - measured) / measured, and whether there is a prediction.
func PredictionError(measured analysis.Point, sim *analysis.Point) (float64, bool) {
	if sim == nil {
		return 0, false
	}
	m, ok1 := measured.Mean(metrics.Throughput)
	s, ok2 := sim.Mean(metrics.Throughput)
	if !ok1 || !ok2 || m == 0 {
		return 0, false
	}
	return (s - m) / m, true
}

// Pairs returns every run's pairs (Pairs of each), in run order, with
// their verdicts corrected for multiple comparisons over all of them at
// once (Correct): the study's verdicts. The slices share one array.
func (s *Study) Pairs() [][]Pair {
	var all []Pair
	ends := make([]int, len(s.Runs))
	for i := range s.Runs {
		all = append(all, Pairs(&s.Runs[i])...)
		ends[i] = len(all)
	}
	Correct(all)
	out := make([][]Pair, len(s.Runs))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end:end]
		start = end
	}
	return out
}

// Pairs pairs a run's node points at 16KiB with their 64KiB twins, in the
// run's point order. Points at other highWaterMarks, and points without a
// twin, are left out. Sim points (a scenario that sweeps engine) and the
// prediction runs give each pair its predictions. Each verdict is the
// pair's alone, uncorrected for the study's other comparisons: the page
// uses Study.Pairs.
func Pairs(r *Run) []Pair {
	type twin struct{ small, large *analysis.Point }
	var order []string
	byKey := map[string]*twin{}
	sims := map[string]*analysis.Point{}
	for i := range r.Points {
		p := &r.Points[i]
		pt := results.Point(p.Params)
		if e, ok := pt.Get("engine"); ok && e.Value == "sim" {
			sims[pt.Without("engine").Name()] = p
			continue
		}
		if e, ok := pt.Get("engine"); ok && e.Value != "node" {
			continue
		}
		h, ok := pt.Get("highWaterMark")
		if !ok || (h.Shown() != Small && h.Shown() != Large) {
			continue
		}
		key := pt.Without("highWaterMark").Without("engine").Name()
		t := byKey[key]
		if t == nil {
			t = &twin{}
			byKey[key] = t
			order = append(order, key)
		}
		if h.Shown() == Small {
			t.small = p
		} else {
			t.large = p
		}
	}
	for _, pts := range r.Predicted {
		for i := range pts {
			pt := results.Point(pts[i].Params).Without("engine")
			if _, dup := sims[pt.Name()]; !dup {
				sims[pt.Name()] = &pts[i]
			}
		}
	}
	var out []Pair
	for _, key := range order {
		t := byKey[key]
		if t.small == nil || t.large == nil {
			continue
		}
		pt := results.Point(t.small.Params).Without("highWaterMark").Without("engine")
		pr := Pair{Scenario: r.Name, Pipelines: 1, SmallPoint: *t.small, LargePoint: *t.large, Q: 1, Memory: map[string]float64{}, MemoryCmp: map[string]Comparison{}}
		if n, ok := pt.Get("node"); ok {
			pr.Runtime = n.Value
		}
		if n, ok := pt.Get("pipelines"); ok {
			if v, err := strconv.Atoi(n.Value); err == nil {
				pr.Pipelines = v
			}
		}
		pr.Label = results.Label(labelParams(pt))
		a, b := t.small.Stats[metrics.Throughput], t.large.Stats[metrics.Throughput]
		pr.Throughput = Compare(a, b)
		pr.Verdict, pr.Why = Decide(a, b)
		if a.N == 0 || b.N == 0 {
			pr.Verdict, pr.Why = Inconclusive, "no throughput measured"
		}
		for _, m := range memoryMetrics {
			x, ok1 := memStats(t.small, m)
			y, ok2 := memStats(t.large, m)
			if ok1 && ok2 {
				pr.Memory[m] = y.Mean - x.Mean
				pr.MemoryCmp[m] = Compare(x, y)
			}
		}
		pr.SmallSim = sims[results.Point(t.small.Params).Without("engine").Name()]
		pr.LargeSim = sims[results.Point(t.large.Params).Without("engine").Name()]
		out = append(out, pr)
	}
	return out
}

// labelParams are the parameters that name a pair beyond its runtime and
// pipelines: every other one but stop.duration, which the study ties to
// pipelines.
func labelParams(pt results.Point) []results.Param {
	var out []results.Param
	for _, q := range pt {
		switch q.Path {
		case "node", "pipelines", "stop.duration":
			continue
		}
		out = append(out, q)
	}
	return out
}

// Tally counts verdicts.
type Tally struct{ Wins, Loses, Inconclusive int }

// Count tallies pairs' verdicts.
func Count(pairs []Pair) Tally {
	var t Tally
	for _, p := range pairs {
		switch p.Verdict {
		case Wins:
			t.Wins++
		case Loses:
			t.Loses++
		default:
			t.Inconclusive++
		}
	}
	return t
}

// ManyPipelines is the fewest pipelines at which a cell's memory per
// pipeline counts as a per-stream cost: at 1 pipeline rss.per.pipeline is
// the whole process's growth, mostly noise.
const ManyPipelines = 100

// Many returns the pairs run at ManyPipelines or more.
func Many(pairs []Pair) []Pair {
	var out []Pair
	for _, p := range pairs {
		if p.Pipelines >= ManyPipelines {
			out = append(out, p)
		}
	}
	return out
}

// MemoryCost is what 64KiB costs in metric over pairs: the median extra
// per stream over the pairs where the increase is significant (the 95% CI
// of the difference above 0), how many those are, and of how many pairs
// with the metric.
func MemoryCost(pairs []Pair, metric string) (median float64, significant, of int) {
	var v []float64
	for _, p := range pairs {
		c, ok := p.MemoryCmp[metric]
		if !ok {
			continue
		}
		of++
		if c.OK && c.Diff-c.Half > 0 {
			v = append(v, c.Diff)
		}
	}
	if len(v) == 0 {
		return 0, 0, of
	}
	return summary.Of(v).Median, len(v), of
}

// MedianMemory is the median over pairs of 64KiB's extra memory per stream
// in metric, and how many pairs had it.
func MedianMemory(pairs []Pair, metric string) (float64, int) {
	var v []float64
	for _, p := range pairs {
		if d, ok := p.Memory[metric]; ok {
			v = append(v, d)
		}
	}
	if len(v) == 0 {
		return 0, 0
	}
	slices.Sort(v)
	return summary.Of(v).Median, len(v)
}
