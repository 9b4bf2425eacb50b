package metrics

import (
	"math"
	"strconv"
	"strings"
)

// Format renders v, a value of the named metric, for people: sizes in
// binary units (1.5MiB), rates per second (10MiB/s), times in the largest
// unit that keeps a leading digit (1.25ms), fractions as percentages,
// counts as integers. Three significant digits, no more.
func Format(name string, v float64) string {
	d, ok := Lookup(name)
	if !ok {
		return sig(v)
	}
	return FormatUnit(d.Unit, v)
}

// FormatUnit renders v in unit (one of the Unit constants) as Format does.
func FormatUnit(unit string, v float64) string {
	switch unit {
	case UnitBytes:
		return Bytes(v)
	case UnitBytesPerSec:
		return Bytes(v) + "/s"
	case UnitChunksPerS:
		return decimal(v) + " chunks/s"
	case UnitSeconds:
		return Seconds(v)
	case UnitFraction:
		return sig(100*v) + "%"
	case UnitCount:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return sig(v)
	}
	return sig(v)
}

// Bytes renders a size in B, KiB, MiB, GiB or TiB with three significant
// digits: 16KiB, 1.5MiB, 512B.
func Bytes(v float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for math.Abs(v) >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return sig(v) + units[i]
}

// Seconds renders a duration given in seconds: 1.25ms, 300us, 2.5s.
func Seconds(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0s"
	case a < 1e-6:
		return sig(v*1e9) + "ns"
	case a < 1e-3:
		return sig(v*1e6) + "us"
	case a < 1:
		return sig(v*1e3) + "ms"
	}
	return sig(v) + "s"
}

// decimal renders v with SI prefixes k, M, G: 1.5M.
func decimal(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return sig(v/1e9) + "G"
	case a >= 1e6:
		return sig(v/1e6) + "M"
	case a >= 1e3:
		return sig(v/1e3) + "k"
	}
	return sig(v)
}

// sig formats v with three significant digits (trailing zeros dropped)
// and no exponent.
func sig(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	digits := 3 - int(math.Floor(math.Log10(math.Abs(v)))) - 1
	if digits < 0 {
		p := math.Pow(10, float64(-digits))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	t := strconv.FormatFloat(v, 'f', digits, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	return t
}
