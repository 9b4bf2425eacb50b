package metrics

import (
	"math"
	"strconv"

	"github.com/bpbench/bpbench/internal/units"
)

// Format renders v, a value of the named metric, for people: sizes in
// binary units (1.5MiB), rates per second (10MiB/s), times in the largest
// unit that keeps a leading digit (1.25ms), fractions as percentages,
// counts as integers. Three significant digits, no more.
func Format(name string, v float64) string {
	d, ok := Lookup(name)
	if !ok {
		return units.Sig(v)
	}
	return FormatUnit(d.Unit, v)
}

// FormatUnit renders v in unit (one of the Unit constants) as Format does.
func FormatUnit(unit string, v float64) string {
	switch unit {
	case UnitBytes:
		return units.Bytes(v)
	case UnitBytesPerSec:
		return units.Bytes(v) + "/s"
	case UnitChunksPerS:
		return units.Decimal(v) + " chunks/s"
	case UnitSeconds:
		return units.Seconds(v)
	case UnitFraction:
		return units.Sig(100*v) + "%"
	case UnitCount:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return units.Sig(v)
	}
	return units.Sig(v)
}
