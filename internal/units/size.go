package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Size is a number of bytes. Scenarios write it with a unit: 512B, 16KiB,
// 1.5MiB, 1GB (SI units are powers of 1000, binary units powers of 1024); a
// plain integer counts bytes.
type Size int64

// MaxSize bounds every size a scenario may write: 1 PiB.
const MaxSize = 1 << 50

// sizeUnits are the units ParseSize knows, longest first for matching.
var sizeUnits = []struct {
	name string
	mult int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"B", 1},
}

// ParseSize parses a size: a non-negative number with an optional unit (B,
// kB, MB, GB, TB, KiB, MiB, GiB, TiB). The result must be a whole number of
// bytes, at most 1 PiB.
func ParseSize(s string) (Size, error) {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("%q: a size cannot be negative", s)
	}
	num, unit := SplitNumber(s)
	if num == "" {
		return 0, fmt.Errorf("%q is not a size (want a number and a unit: 512B, 16KiB, 1.5MiB)", s)
	}
	mult := int64(1)
	if unit != "" {
		m, ok := lookupSizeUnit(unit)
		if !ok {
			return 0, fmt.Errorf("%q: unknown size unit %q%s", s, unit, unitHint(unit))
		}
		mult = m
	}
	return scaleSize(s, num, mult)
}

// scaleSize returns num × mult as a whole number of bytes.
func scaleSize(s, num string, mult int64) (Size, error) {
	if !strings.Contains(num, ".") && !strings.ContainsAny(num, "eE") {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > MaxSize/mult {
			return 0, fmt.Errorf("%q is too large (at most 1PiB)", s)
		}
		return Size(n * mult), nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	v := f * float64(mult)
	if v > MaxSize {
		return 0, fmt.Errorf("%q is too large (at most 1PiB)", s)
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("%q is not a whole number of bytes (%g)", s, v)
	}
	return Size(v), nil
}

func lookupSizeUnit(u string) (int64, bool) {
	for _, su := range sizeUnits {
		if su.name == u {
			return su.mult, true
		}
	}
	return 0, false
}

// unitHint suggests a known unit for a misspelt one.
func unitHint(u string) string {
	switch strings.ToLower(u) {
	case "k", "m", "g", "t":
		up := strings.ToUpper(u)
		return fmt.Sprintf(" (did you mean %siB or %sB?)", up, strings.Replace(up, "K", "k", 1))
	case "b":
		if u == "b" {
			return " (did you mean B? a lowercase b would be bits)"
		}
	}
	for _, su := range sizeUnits {
		if strings.EqualFold(su.name, u) {
			return fmt.Sprintf(" (did you mean %s?)", su.name)
		}
	}
	return " (use B, KiB, MiB, GiB, kB, MB or GB)"
}

// SplitNumber splits "1.5MiB" into "1.5" and "MiB". Underscores between
// digits (1_000_000) are dropped and one space may separate the unit. num is
// empty when s does not start with a decimal number.
func SplitNumber(s string) (num, unit string) {
	s = strings.TrimSpace(s)
	i := 0
	digits, dot, exp := 0, false, false
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '_' && digits > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && digits > 0 && !exp && i+1 < len(s) &&
			(s[i+1] >= '0' && s[i+1] <= '9' || (s[i+1] == '+' || s[i+1] == '-') && i+2 < len(s) && s[i+2] >= '0' && s[i+2] <= '9'):
			exp = true
			if s[i+1] == '+' || s[i+1] == '-' {
				i++
			}
		default:
			goto done
		}
		i++
	}
done:
	if digits == 0 {
		return "", ""
	}
	num = strings.ReplaceAll(s[:i], "_", "")
	return num, strings.TrimSpace(s[i:])
}

// String formats s the way scenarios write it and cell names show it:
// 512B, 1KiB, 16KiB, 1.5MiB, 1GB. Sizes under 1KiB print in bytes; larger
// ones in the largest binary unit if that is exact to two decimals, else in
// the largest SI unit if that is, else in bytes. ParseSize(s.String()) == s.
func (s Size) String() string {
	n := int64(s)
	if n < 1024 {
		return strconv.FormatInt(n, 10) + "B"
	}
	if t, ok := inUnit(n, []string{"TiB", "GiB", "MiB", "KiB"}); ok {
		return t
	}
	if t, ok := inUnit(n, []string{"TB", "GB", "MB", "kB"}); ok {
		return t
	}
	return strconv.FormatInt(n, 10) + "B"
}

// inUnit formats n in the largest of units it reaches, if exact to two
// decimals.
func inUnit(n int64, units []string) (string, bool) {
	for _, u := range units {
		m, _ := lookupSizeUnit(u)
		if n < m {
			continue
		}
		if n > math.MaxInt64/100 || (n*100)%m != 0 {
			return "", false
		}
		return strconv.FormatFloat(float64(n)/float64(m), 'f', -1, 64) + u, true
	}
	return "", false
}
