package plots

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/bpbench/bpbench/internal/metrics"
)

// unitFor returns the divisor and unit name that suit values of a catalog
// unit up to maxAbs: bytes in B/KiB/MiB/GiB, seconds in µs/ms/s, fractions
// in percent.
func unitFor(unit string, maxAbs float64) (div float64, name string) {
	switch unit {
	case metrics.UnitBytes, metrics.UnitBytesPerSec:
		div, name = 1, "B"
		for _, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
			if maxAbs < 2*div*1024 { // 0 to 1500B reads better than 0 to 1.5KiB
				break
			}
			div, name = div*1024, u
		}
		if unit == metrics.UnitBytesPerSec {
			name += "/s"
		}
		return div, name
	case metrics.UnitSeconds:
		switch {
		case maxAbs < 2e-6:
			return 1e-9, "ns"
		case maxAbs < 2e-3:
			return 1e-6, "µs"
		case maxAbs < 2:
			return 1e-3, "ms"
		}
		return 1, "s"
	case metrics.UnitFraction:
		return 0.01, "%"
	case metrics.UnitChunksPerS:
		switch {
		case maxAbs >= 1e6:
			return 1e6, "M chunks/s"
		case maxAbs >= 1e3:
			return 1e3, "k chunks/s"
		}
		return 1, "chunks/s"
	}
	return 1, ""
}

// scaledTicks are round ticks on values divided by div: the axis label
// names the unit, the ticks are plain numbers in it (0, 2, 4, 6, 8, 10).
type scaledTicks struct{ div float64 }

// Ticks implements plot.Ticker: about six labelled ticks at multiples of
// 1, 2, 2.5 or 5 times a power of ten, with a minor tick between each.
func (s scaledTicks) Ticks(lo0, hi0 float64) []plot.Tick {
	lo, hi := lo0/s.div, hi0/s.div
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo0, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	raw := (hi - lo) / 6
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * pow
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*pow >= raw {
			step = m * pow
			break
		}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if e := math.Floor(math.Log10(step) + 1e-9); e <= 0 && step/math.Pow(10, e) == 2.5 {
		prec++
	}
	var ts []plot.Tick
	first := math.Ceil(lo/step-1e-9) * step
	n := (hi - first) / step
	if !(n < 100) || first+step == first || math.IsInf(first, 0) {
		// Values at the edge of float64 (a range far below their
		// precision, or near the largest): the ends only, never a loop of
		// billions of ticks.
		return []plot.Tick{{Value: lo0, Label: strconv.FormatFloat(lo, 'g', 4, 64)}, {Value: hi0, Label: strconv.FormatFloat(hi, 'g', 4, 64)}}
	}
	for i := 0; i <= int(n)+1; i++ { // bounded: hi+step*1e-9 is +Inf near the largest float64
		v := first + float64(i)*step
		if v > hi+step*1e-9 || math.IsInf(v, 0) {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ts = append(ts, plot.Tick{Value: v * s.div, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		if m := v + step/2; m <= hi {
			ts = append(ts, plot.Tick{Value: m * s.div})
		}
	}
	if first-step/2 >= lo {
		ts = append(ts, plot.Tick{Value: (first - step/2) * s.div})
	}
	return ts
}

// pow2Ticks are the ticks of a log2 axis: major ticks at the given values
// (or, without any, at powers of two), thinned to at most maxLabels,
// minor ticks at the other powers of two, and a tick labelled "0" at zeroAt
// when it is set.
type pow2Ticks struct {
	values []float64
	format func(float64) string
	zeroAt float64
}

const maxLabels = 9

// Ticks implements plot.Ticker.
func (t pow2Ticks) Ticks(min, max float64) []plot.Tick {
	var major []float64
	for _, v := range t.values {
		if v > 0 && v >= min*(1-1e-9) && v <= max*(1+1e-9) {
			major = append(major, v)
		}
	}
	slices.Sort(major)
	major = slices.Compact(major)
	lo, hi := math.Ceil(math.Log2(math.Max(min, math.SmallestNonzeroFloat64))), math.Floor(math.Log2(max))
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil // an axis over NaN or infinity: no ticks rather than no end
	}
	if len(major) == 0 {
		step := math.Max(1, math.Ceil((hi-lo+1)/maxLabels))
		for e := lo; e <= hi; e += step {
			major = append(major, math.Exp2(e))
		}
	}
	if n := len(major); n > maxLabels {
		k := (n + maxLabels - 1) / maxLabels
		var thin []float64
		for i := 0; i < n; i += k {
			thin = append(thin, major[i])
		}
		major = thin
	}
	var ts []plot.Tick
	if t.zeroAt > 0 && t.zeroAt >= min && t.zeroAt <= max {
		ts = append(ts, plot.Tick{Value: t.zeroAt, Label: "0"})
	}
	for _, v := range major {
		ts = append(ts, plot.Tick{Value: v, Label: t.format(v)})
	}
	if hi-lo < 40 {
		for e := lo; e <= hi; e++ {
			if v := math.Exp2(e); !slices.Contains(major, v) && v != t.zeroAt {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}

// categoryTicks names positions 0..n-1.
func categoryTicks(names []string) plot.Ticker {
	ts := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ts[i] = plot.Tick{Value: float64(i), Label: n}
	}
	return ts
}

// valueAxis returns a linear axis from 0 for values of unit up to max,
// labelled "label (unit)".
func valueAxis(label, unit string, max float64) axis {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 0
	}
	div, name := unitFor(unit, max)
	if max == 0 {
		max = div
	}
	if name != "" {
		label += " (" + name + ")"
	}
	return axis{label: label, kind: linear, min: 0, max: max * 1.08, ticker: scaledTicks{div}}
}

// log2Axis returns a log2 axis over values (zeros included), with major
// ticks at ticks (nil: powers of two) formatted by format.
func log2Axis(label string, values, ticks []float64, format func(float64) string) axis {
	lo, hi, zero := math.Inf(1), math.Inf(-1), false
	for _, v := range values {
		switch {
		case v > 0:
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		case v == 0:
			zero = true
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 1, 1
	}
	a := axis{label: label, kind: log2, ticker: nil}
	if zero {
		a.zeroAt = lo / 4
		lo = a.zeroAt
	}
	// A third of an octave either side (more for a single value), so
	// that glyphs are not drawn on the frame.
	pad := math.Exp2(1.0 / 3)
	if hi/lo < 2 {
		pad = 2
	}
	a.min, a.max = lo/pad, hi*pad
	a.ticker = pow2Ticks{values: ticks, format: format, zeroAt: a.zeroAt}
	return a
}

// decadeTicks are the ticks of a log axis of durations: a labelled tick at
// each power of ten (1ms, 10ms), minor ticks at 2 to 9 times it.
type decadeTicks struct{ format func(float64) string }

// Ticks implements plot.Ticker.
func (t decadeTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	if !(min > 0) || !(max > min) {
		return ts
	}
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			tk := plot.Tick{Value: v}
			if m == 1 {
				tk.Label = t.format(v)
			}
			ts = append(ts, tk)
		}
	}
	return ts
}

// logSecondsAxis returns a log axis over durations in seconds (values <= 0
// drawn at the smallest positive one), ticked at powers of ten.
func logSecondsAxis(label string, values []float64) axis {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 1e-3, 1e-3
	}
	// Out to the decades either side, so that at least two are labelled.
	lo = math.Pow(10, math.Floor(math.Log10(lo)+1e-9))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)-1e-9))
	if hi <= lo {
		hi = lo * 10
	}
	return axis{label: label + " (log scale)", kind: log2, min: lo, max: hi, zeroAt: lo, ticker: decadeTicks{format: metrics.Seconds}}
}
