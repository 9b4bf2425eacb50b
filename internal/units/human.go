package units

import (
	"math"
	"strconv"
	"strings"
)

// Bytes renders a size in B, KiB, MiB, GiB or TiB with three significant
// digits: 16KiB, 1.5MiB, 512B.
func Bytes(v float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for math.Abs(v) >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return Sig(v) + units[i]
}

// Seconds renders a duration given in seconds: 1.25ms, 300us, 2.5s.
func Seconds(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0s"
	case a < 1e-6:
		return Sig(v*1e9) + "ns"
	case a < 1e-3:
		return Sig(v*1e6) + "us"
	case a < 1:
		return Sig(v*1e3) + "ms"
	}
	return Sig(v) + "s"
}

// Decimal renders v with SI prefixes k, M, G: 1.5M.
func Decimal(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return Sig(v/1e9) + "G"
	case a >= 1e6:
		return Sig(v/1e6) + "M"
	case a >= 1e3:
		return Sig(v/1e3) + "k"
	}
	return Sig(v)
}

// Sig formats v with three significant digits (trailing zeros dropped)
// and no exponent.
func Sig(v float64) string {
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
