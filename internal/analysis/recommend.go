package analysis

import (
	"fmt"
	"math"
	"strconv"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Tolerance is how far below a group's best mean throughput the knee may
// be: 5%.
const Tolerance = 0.05

// Recommendation is the highWaterMark to use in a group: the knee, the
// smallest highWaterMark whose mean throughput is within Tolerance of the
// group's best.
type Recommendation struct {
	// Group is the group's label.
	Group string
	// Cell is the knee point's cell, "" when the group has no point with a
	// throughput.
	Cell string
	// HWM is the knee's highWaterMark (bytes, or objects in object mode).
	HWM int64
	// Throughput is the knee's mean throughput and Best the group's best,
	// in bytes per second.
	Throughput, Best float64
	// PeakBuffered is the knee's mean buffered.peak in bytes (0 when not
	// measured).
	PeakBuffered float64
	// Text is one sentence for people: "chunk=4KiB: highWaterMark 16KiB
	// reaches 97% of the best throughput (10MiB/s) with a peak of 32KiB
	// buffered".
	Text string
	// AtEdge reports that the knee is the largest highWaterMark of the
	// group: the sweep may stop short of the real knee.
	AtEdge bool
}

// Recommend returns the knee of g. Among points of equal highWaterMark that
// qualify, the one with the lower mean buffered.peak is taken, then the
// higher throughput, then the first. Points without a throughput are left
// out, and so are those whose throughput is not a finite number >= 0 (a
// results file may hold anything). objectMode says that highWaterMarks
// count objects.
func Recommend(g Group, objectMode bool) Recommendation {
	rec := Recommendation{Group: g.Label}
	rec.Best = math.Inf(-1)
	for i := range g.Points {
		if t, ok := throughput(&g.Points[i]); ok {
			rec.Best = max(rec.Best, t)
		}
	}
	prefix := ""
	if g.Label != "" {
		prefix = g.Label + ": "
	}
	if math.IsInf(rec.Best, -1) {
		rec.Best = 0
		rec.Text = prefix + "no throughput measured, no highWaterMark to recommend"
		return rec
	}
	floor := rec.Best * (1 - Tolerance)
	var knee *Point
	var kneePeak float64
	for i := range g.Points {
		p := &g.Points[i]
		t, ok := throughput(p)
		if !ok || t < floor {
			continue
		}
		peak, hasPeak := p.Mean(metrics.BufferedPeak)
		if !hasPeak || math.IsNaN(peak) {
			peak = math.Inf(1)
		}
		if knee == nil || p.HWM < knee.HWM ||
			p.HWM == knee.HWM && (peak < kneePeak || peak == kneePeak && t > rec.Throughput) {
			knee, kneePeak, rec.Throughput = p, peak, t
		}
	}
	if knee == nil { // not reached: the best point qualifies; kept so that no input can panic
		rec.Text = prefix + "no highWaterMark to recommend"
		return rec
	}
	rec.Cell, rec.HWM = knee.Cell, knee.HWM
	if !math.IsInf(kneePeak, 1) {
		rec.PeakBuffered = kneePeak
	}

	var how string
	if rec.Throughput >= rec.Best {
		how = fmt.Sprintf("gives the best throughput (%s)", metrics.Format(metrics.Throughput, rec.Best))
	} else {
		// Floor, so that 99.7% is never shown as the best's 100% (the
		// epsilon keeps 97% from showing as 96.999...% floored).
		pct := math.Floor(100*rec.Throughput/rec.Best + 1e-9)
		how = fmt.Sprintf("reaches %.0f%% of the best throughput (%s)", pct, metrics.Format(metrics.Throughput, rec.Best))
	}
	peak := "with no buffered.peak measured"
	if !math.IsInf(kneePeak, 1) {
		peak = "with a peak of " + metrics.Bytes(kneePeak) + " buffered"
	}
	rec.Text = fmt.Sprintf("%shighWaterMark %s %s %s", prefix, FormatHWM(rec.HWM, objectMode), how, peak)
	if knee.Guarded > 0 {
		rec.Text += " — but the memory guard stopped it early: its figures cover only the time before (no backpressure?)"
	}
	largest := true
	for i := range g.Points {
		largest = largest && g.Points[i].HWM <= rec.HWM
	}
	if largest && len(g.Points) > 1 && g.Points[0].HWM < rec.HWM {
		rec.AtEdge = true
		rec.Text += " — the largest value swept: sweep larger ones to see whether more still helps"
	}
	return rec
}

// throughput returns p's mean throughput when it is a finite number >= 0.
func throughput(p *Point) (float64, bool) {
	t, ok := p.Mean(metrics.Throughput)
	if !ok || t < 0 || math.IsNaN(t) || math.IsInf(t, 0) {
		return 0, false
	}
	return t, true
}

// FormatHWM renders a highWaterMark for people: a size (16KiB), or a count
// of objects in object mode (16 objects, 1 object).
func FormatHWM(hwm int64, objectMode bool) string {
	if !objectMode {
		return metrics.Bytes(float64(hwm))
	}
	if hwm == 1 {
		return "1 object"
	}
	return strconv.FormatInt(hwm, 10) + " objects"
}
