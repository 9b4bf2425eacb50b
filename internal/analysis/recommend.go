package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/units"
)

// Tolerance is the default of Objective.Tolerance: how far from the best
// the recommended point may be, 5%.
const Tolerance = 0.05

// Objective is what a recommendation optimises: the smallest highWaterMark
// whose mean Metric is within Tolerance of the group's best. The zero value
// is throughput within 5%.
type Objective struct {
	// Metric is a metric with a direction (throughput, latency.p99,
	// buffered.peak...); "" is throughput.
	Metric string
	// Tolerance is a fraction (0.05 is 5%); 0 is Tolerance.
	Tolerance float64
}

// metric is the objective's metric, throughput when unset (Recommend takes
// throughput.chunks for it in object mode).
func (o Objective) metric() string {
	if o.Metric == "" {
		return metrics.Throughput
	}
	return o.Metric
}

func (o Objective) tolerance() float64 {
	if o.Tolerance <= 0 {
		return Tolerance
	}
	return o.Tolerance
}

// Options describe the run a recommendation is for.
type Options struct {
	// ObjectMode says that highWaterMarks count objects: throughput is then
	// told in objects per second.
	ObjectMode bool
	// Objective is what to optimise.
	Objective Objective
	// Live says the producer makes data on its own schedule, so what the
	// stream does not take waits upstream (and shows in latency).
	Live bool
	// Stages names the Transforms, for the code.
	Stages []string
}

// OptionsOf returns the recommendation options of a run.
func OptionsOf(meta *results.Meta) Options {
	if meta == nil {
		return Options{}
	}
	return Options{
		ObjectMode: meta.ObjectMode,
		Objective:  Objective{Metric: meta.Objective, Tolerance: meta.Tolerance},
		Live:       meta.ProducerMode == "live",
		Stages:     meta.Stages,
	}
}

// Recommendation is the highWaterMark to use in a group, with what it
// costs and what the alternatives give.
type Recommendation struct {
	// Group is the group's label.
	Group string
	// Cell is the recommended point's cell, "" when the group has no point
	// with the objective's metric.
	Cell string
	// HWM is its highWaterMark (bytes, or objects in object mode), and
	// Name how the sweep spelled it when that was a profile (node22), ""
	// for a size.
	HWM  int64
	Name string
	// Throughput is its mean throughput and Best the group's best, in
	// bytes per second.
	Throughput, Best float64
	// PeakBuffered is its mean buffered.peak in bytes (0 when not
	// measured).
	PeakBuffered float64
	// Text is the recommendation for people: the choice and what it gives
	// (throughput, p99 latency, peak buffered).
	Text string
	// TradeOff compares it with the smallest highWaterMark swept and the
	// best throughput, and says why when throughput is flat; "" when
	// there is nothing to compare.
	TradeOff string
	// Code is the choice as Node.js code, which stream gets which option.
	Code string
	// Flat reports that every point's throughput is within the tolerance
	// of the best: the consumer (or producer), not the buffer, sets the pace.
	Flat bool
	// AtEdge reports that the choice is the largest highWaterMark of the
	// group and sizes were swept: the sweep may stop short.
	AtEdge bool
}

// Recommend returns the smallest highWaterMark of g whose objective metric
// is within the tolerance of the group's best. Among points of equal
// highWaterMark that qualify, the one with the lower mean buffered.peak is
// taken, then the better objective, then the first. Points without the
// objective's metric are left out, and so are those whose value is not a
// finite number >= 0 (a results file may hold anything).
func Recommend(g Group, opt Options) Recommendation {
	rec := Recommendation{Group: g.Label}
	// In object mode throughput counts objects: the best, the tolerance
	// and the flatness are on objects per second.
	thr := metrics.Throughput
	if opt.ObjectMode && hasMetric(g.Points, metrics.ThroughputChunks) {
		thr = metrics.ThroughputChunks
	}
	obj := opt.Objective.metric()
	if opt.Objective.Metric == "" {
		obj = thr
	}
	tol := opt.Objective.tolerance()
	desc, _ := metrics.Lookup(obj)
	lower := desc.Better == metrics.Lower
	better := func(a, b float64) bool { // a strictly better than b
		if lower {
			return a < b
		}
		return a > b
	}
	// A point the memory guard stopped measured only the time before: it
	// is never the recommendation, nor the best to be near.
	all := g.Points
	g.Points = nil
	for _, p := range all {
		if p.Guarded == 0 {
			g.Points = append(g.Points, p)
		}
	}
	best, found := 0.0, false
	for i := range g.Points {
		if v, ok := finiteMean(&g.Points[i], obj); ok && (!found || better(v, best)) {
			best, found = v, true
		}
	}
	prefix := ""
	if g.Label != "" {
		prefix = g.Label + ": "
	}
	switch {
	case len(g.Points) == 0 && len(all) > 0:
		rec.Text = prefix + "the memory guard stopped every point: no backpressure held the buffers, no highWaterMark to recommend"
		return rec
	case !found:
		rec.Text = prefix + "no " + obj + " measured, no highWaterMark to recommend"
		return rec
	}
	within := func(v float64) bool {
		if lower {
			return v <= best*(1+tol)
		}
		return v >= best*(1-tol)
	}
	var knee *Point
	var kneePeak, kneeV float64
	for i := range g.Points {
		p := &g.Points[i]
		v, ok := finiteMean(p, obj)
		if !ok || !within(v) {
			continue
		}
		peak, hasPeak := p.Mean(metrics.BufferedPeak)
		if !hasPeak || math.IsNaN(peak) {
			peak = math.Inf(1)
		}
		if knee == nil || p.HWM < knee.HWM ||
			p.HWM == knee.HWM && (peak < kneePeak || peak == kneePeak && better(v, kneeV)) {
			knee, kneePeak, kneeV = p, peak, v
		}
	}
	if knee == nil { // not reached: the best point qualifies; kept so that no input can panic
		rec.Text = prefix + "no highWaterMark to recommend"
		return rec
	}
	rec.Cell, rec.HWM, rec.Name = knee.Cell, knee.HWM, ProfileName(*knee)
	if !math.IsInf(kneePeak, 1) {
		rec.PeakBuffered = kneePeak
	}
	var bestThr *Point
	for i := range g.Points {
		p := &g.Points[i]
		t, ok := p.Mean(thr)
		if !ok {
			continue
		}
		if bt, _ := mean(bestThr, thr); bestThr == nil || t > bt {
			bestThr = p
		}
	}
	rec.Throughput, _ = knee.Mean(metrics.Throughput)
	rec.Best, _ = mean(bestThr, metrics.Throughput)
	kneeT, _ := knee.Mean(thr)
	bestT, _ := mean(bestThr, thr)

	// The sentence: the choice, then what it gives.
	var how string
	switch {
	case obj != thr && kneeV == best:
		how = fmt.Sprintf("gives the best %s (%s)", obj, metrics.Format(obj, best))
	case obj != thr:
		how = fmt.Sprintf("is within %s of the best %s (%s)", pct(tol), obj, metrics.Format(obj, best))
	case kneeT >= bestT:
		how = fmt.Sprintf("gives the best throughput (%s)", throughputText(knee, opt.ObjectMode))
	default:
		// Floor, so that 99.7% is never shown as the best's 100% (the
		// epsilon keeps 97% from showing as 96.999...% floored).
		p := math.Floor(100*kneeT/bestT + 1e-9)
		how = fmt.Sprintf("reaches %.0f%% of the best throughput (%s of %s)", p, throughputText(knee, opt.ObjectMode), throughputText(bestThr, opt.ObjectMode))
	}
	rec.Text = fmt.Sprintf("%shighWaterMark %s %s with %s", prefix, hwmText(knee, opt.ObjectMode), how, costs(knee, obj, opt.ObjectMode))
	largest := true
	for i := range g.Points {
		largest = largest && g.Points[i].HWM <= rec.HWM
	}
	if rec.Name == "" && largest && len(g.Points) > 1 && g.Points[0].HWM < rec.HWM {
		rec.AtEdge = true
		rec.Text += " — the largest value swept: sweep larger ones to see whether more still helps"
	}

	// The trade-off: what the smallest and the fastest would give.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range g.Points {
		if t, ok := g.Points[i].Mean(thr); ok {
			lo, hi = math.Min(lo, t), math.Max(hi, t)
		}
	}
	rec.Flat = len(g.Points) > 1 && hi > 0 && lo >= hi*(1-Tolerance)
	var trade []string
	smallest := &g.Points[0]
	for i := range g.Points {
		if g.Points[i].HWM < smallest.HWM {
			smallest = &g.Points[i]
		}
	}
	if smallest.HWM < knee.HWM {
		trade = append(trade, fmt.Sprintf("The smallest swept, %s, gives %s with %s.", hwmText(smallest, opt.ObjectMode), throughputText(smallest, opt.ObjectMode), costs(smallest, "", opt.ObjectMode)))
	}
	if bestThr != nil && bestThr.HWM != knee.HWM && kneeT < bestT {
		trade = append(trade, fmt.Sprintf("The best throughput, %s, takes %s, with %s.", throughputText(bestThr, opt.ObjectMode), hwmText(bestThr, opt.ObjectMode), costs(bestThr, "", opt.ObjectMode)))
	}
	if rec.Flat && obj == thr {
		why := fmt.Sprintf("Throughput is flat across the sweep (within %s): the buffer does not set the pace, so a bigger one only holds more.", pct(Tolerance))
		if opt.Live {
			why += " The producer is live: chunks the stream does not take wait upstream, in the process's memory, and show in latency"
			if p99, ok := knee.Mean(metrics.LatencyP99); ok {
				why += " (p99 " + metrics.Format(metrics.LatencyP99, p99) + " here)"
			}
			why += "; set recommend: {objective: latency.p99} to choose on that."
		}
		trade = append(trade, why)
	}
	rec.TradeOff = strings.Join(trade, " ")
	rec.Code = NodeCode(knee, opt)
	return rec
}

// hasMetric reports whether a point of ps has metric.
func hasMetric(ps []Point, metric string) bool {
	for i := range ps {
		if _, ok := ps[i].Mean(metric); ok {
			return true
		}
	}
	return false
}

// finiteMean returns p's mean of metric when it is a finite number >= 0.
func finiteMean(p *Point, metric string) (float64, bool) {
	t, ok := p.Mean(metric)
	if !ok || t < 0 || math.IsNaN(t) || math.IsInf(t, 0) {
		return 0, false
	}
	return t, true
}

// mean is p.Mean, with a nil p measuring nothing.
func mean(p *Point, metric string) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return p.Mean(metric)
}

// costs lists a point's p99 latency, peak buffered bytes (leaving out
// skip, already said) and, for a live producer, the peak waiting upstream
// (objects in object mode): "p99 latency 1.8ms and a peak of 128KiB
// buffered and 3.2MiB waiting upstream".
func costs(p *Point, skip string, objectMode bool) string {
	var parts []string
	if v, ok := p.Mean(metrics.LatencyP99); ok && skip != metrics.LatencyP99 {
		parts = append(parts, "p99 latency "+metrics.Format(metrics.LatencyP99, v))
	}
	if v, ok := p.Mean(metrics.BufferedPeak); ok && skip != metrics.BufferedPeak {
		parts = append(parts, "a peak of "+units.Bytes(v)+" buffered")
	} else if !ok {
		parts = append(parts, "no buffered.peak measured")
	}
	if v, ok := p.Mean(metrics.BacklogPeak); ok && skip != metrics.BacklogPeak {
		parts = append(parts, upstreamText(v, objectMode)+" waiting upstream")
	}
	if v, ok := p.Mean(metrics.RSSPeak); ok {
		parts = append(parts, "process peak RSS "+units.Bytes(v))
	}
	return strings.Join(parts, " and ")
}

// upstreamText is a backlog: bytes, or objects in object mode.
func upstreamText(v float64, objectMode bool) string {
	if objectMode {
		if v == 1 {
			return "1 object"
		}
		return decimalText(v) + " objects"
	}
	return units.Bytes(v)
}

// throughputText is a point's mean throughput: bytes per second, or objects
// per second in object mode.
func throughputText(p *Point, objectMode bool) string {
	if objectMode {
		if v, ok := p.Mean(metrics.ThroughputChunks); ok {
			return decimalText(v) + " objects/s"
		}
	}
	v, _ := mean(p, metrics.Throughput)
	return metrics.Format(metrics.Throughput, v)
}

// decimalText writes v with three significant digits, no exponent.
func decimalText(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// hwmText names a point's highWaterMark: "16KiB", "16 objects", or the
// profile it was swept as with its size, "node22 (64KiB)".
func hwmText(p *Point, objectMode bool) string {
	s := FormatHWM(p.HWM, objectMode)
	if n := ProfileName(*p); n != "" {
		return n + " (" + s + ")"
	}
	return s
}

func pct(f float64) string {
	return strconv.FormatFloat(100*f, 'f', -1, 64) + "%"
}

// FormatHWM renders a highWaterMark for people: a size (16KiB), or a count
// of objects in object mode (16 objects, 1 object).
func FormatHWM(hwm int64, objectMode bool) string {
	if !objectMode {
		return units.Bytes(float64(hwm))
	}
	if hwm == 1 {
		return "1 object"
	}
	return strconv.FormatInt(hwm, 10) + " objects"
}

// ProfileName is how the point's swept highWaterMark was written when it
// names a profile (node20, node22, fs, default) rather than a size; "" when
// the highWaterMark is a size or not swept.
func ProfileName(p Point) string {
	for _, q := range p.Params {
		if IsHWMPath(q.Path) {
			if _, ok := parseSize(q.Value); !ok {
				return q.Value
			}
		}
	}
	return ""
}

// ProfileSweep reports whether the points sweep highWaterMark over profile
// names: their axis is then a list of names, not a scale of sizes.
func ProfileSweep(points []Point) bool {
	for _, p := range points {
		if ProfileName(p) != "" {
			return true
		}
	}
	return false
}
