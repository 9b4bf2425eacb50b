package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Rate is a speed: bytes per second (10MiB/s, 100Mbit/s) or chunks per
// second (1000/s). The zero Rate is unlimited.
type Rate struct {
	// Bytes is the rate in bytes per second, or 0.
	Bytes float64
	// Chunks is the rate in chunks per second, or 0. At most one of Bytes
	// and Chunks is non-zero.
	Chunks float64
}

// Unlimited is the rate with no limit, written "unlimited".
var Unlimited = Rate{}

// bitUnits are the bit-rate units ParseRate knows (SI, as networks count).
var bitUnits = map[string]float64{"bit": 1, "kbit": 1e3, "Kbit": 1e3, "Mbit": 1e6, "Gbit": 1e9}

// ParseRate parses a rate: a size per second (10MiB/s, 500KiB/s, 1.5GB/s),
// bits per second (100Mbit/s), chunks per second (1000/s, 1000chunks/s), or
// "unlimited". A rate must be positive.
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(s)
	if t == "unlimited" {
		return Unlimited, nil
	}
	if strings.HasPrefix(t, "-") {
		return Rate{}, fmt.Errorf("%q: a rate cannot be negative (write unlimited for no limit)", s)
	}
	body, ok := strings.CutSuffix(t, "/s")
	if num, unit := SplitNumber(t); !ok && num != "" && unit == "" {
		return Rate{}, fmt.Errorf("%q: a rate needs a unit (%sMiB/s for bytes, %s/s for chunks)", s, num, num)
	}
	if !ok {
		if strings.HasSuffix(t, "ps") {
			return Rate{}, fmt.Errorf("%q: write a rate with /s (10MiB/s, 1000/s)", s)
		}
		return Rate{}, fmt.Errorf("%q is not a rate (want 10MiB/s, 100Mbit/s, 1000/s or unlimited)", s)
	}
	num, unit := SplitNumber(body)
	if num == "" {
		return Rate{}, fmt.Errorf("%q is not a rate (want 10MiB/s, 100Mbit/s, 1000/s or unlimited)", s)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f > MaxSize {
		return Rate{}, fmt.Errorf("%q is not a rate", s)
	}
	if f <= 0 {
		return Rate{}, fmt.Errorf("%q: a rate must be positive (omit it or write unlimited for no limit)", s)
	}
	switch unit {
	case "", "chunks":
		return Rate{Chunks: f}, nil
	}
	if m, ok := bitUnits[unit]; ok {
		return Rate{Bytes: f * m / 8}, nil
	}
	m, ok := lookupSizeUnit(unit)
	if !ok {
		return Rate{}, fmt.Errorf("%q: unknown rate unit %q%s", s, unit, unitHint(unit))
	}
	return Rate{Bytes: f * float64(m)}, nil
}

// Unlimited reports whether r sets no limit.
func (r Rate) Unlimited() bool { return r.Bytes <= 0 && r.Chunks <= 0 }

// Time returns how long a chunk of n bytes takes at rate r: n/Bytes seconds,
// or 1/Chunks seconds, or 0 when r is unlimited.
func (r Rate) Time(n int64) time.Duration {
	switch {
	case r.Bytes > 0:
		return time.Duration(math.Round(float64(n) / r.Bytes * 1e9))
	case r.Chunks > 0:
		return time.Duration(math.Round(1e9 / r.Chunks))
	}
	return 0
}

// String formats r as scenarios write it: 10MiB/s, 12.5MB/s, 1000chunks/s,
// unlimited.
func (r Rate) String() string {
	switch {
	case r.Bytes > 0:
		if r.Bytes == math.Trunc(r.Bytes) && r.Bytes < MaxSize {
			return Size(r.Bytes).String() + "/s"
		}
		return strconv.FormatFloat(r.Bytes, 'g', -1, 64) + "B/s"
	case r.Chunks > 0:
		return strconv.FormatFloat(r.Chunks, 'g', -1, 64) + "chunks/s"
	}
	return "unlimited"
}
