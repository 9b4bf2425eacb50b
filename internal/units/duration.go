package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxDuration bounds every duration a scenario may write: 1000 hours.
const MaxDuration = 1000 * time.Hour

// ParseDuration parses a non-negative duration with a unit, as Go writes
// them (200us, 1.5ms, 2s, 1m, 1h30m; µs is us), or a plain 0.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "0" {
		return 0, nil
	}
	if num, unit := SplitNumber(t); num != "" && unit == "" {
		return 0, fmt.Errorf("%q: a duration needs a unit (%sms, %ss)", s, num, num)
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (want 200us, 5ms, 2s, 1m)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q: a duration cannot be negative", s)
	}
	if d > MaxDuration {
		return 0, fmt.Errorf("%q is too long (at most 1000h)", s)
	}
	return d, nil
}

// FormatDuration formats d in ASCII for names and messages: 200us, 1.5ms,
// 2s, 90s, 1m, 2h. Whole hours and minutes print as h and m; otherwise the
// largest of s, ms, us that is exact to three decimals, else ns.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	switch {
	case d%time.Hour == 0:
		return sign + strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return sign + strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	for _, u := range []struct {
		name string
		unit time.Duration
	}{{"s", time.Second}, {"ms", time.Millisecond}, {"us", time.Microsecond}} {
		if d >= u.unit && (d*1000)%u.unit == 0 {
			return sign + strconv.FormatFloat(float64(d)/float64(u.unit), 'f', -1, 64) + u.name
		}
	}
	return sign + strconv.FormatInt(int64(d), 10) + "ns"
}

// Cost is the time a stage spends on one chunk: a fixed part per chunk plus
// a part proportional to the chunk's bytes. Scenarios write "20us" (per
// chunk), "5ms/MiB" (per byte: 5ms for every MiB) or both, "20us+5ms/MiB".
type Cost struct {
	// Chunk is the fixed time per chunk.
	Chunk time.Duration
	// Bytes is the time spent on every Per bytes; 0 when the cost has no
	// per-byte part.
	Bytes time.Duration
	// Per is the size Bytes is spent on (1MiB for "5ms/MiB"), 0 when Bytes is.
	Per Size
}

// ParseCost parses a cost: a duration per chunk (20us), a duration per size
// (5ms/MiB, 1ms/64KiB), or their sum (20us+5ms/MiB); 0 is no cost.
func ParseCost(s string) (Cost, error) {
	var c Cost
	parts := strings.Split(s, "+")
	if len(parts) > 2 {
		return Cost{}, fmt.Errorf("%q: a cost has at most two terms (20us+5ms/MiB)", s)
	}
	seenChunk, seenBytes := false, false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		dur, per, ok := strings.Cut(p, "/")
		d, err := ParseDuration(dur)
		if err != nil {
			if len(parts) == 1 && !ok {
				return Cost{}, err
			}
			return Cost{}, fmt.Errorf("%q: %w", s, err)
		}
		if !ok {
			if seenChunk {
				return Cost{}, fmt.Errorf("%q: two per-chunk terms", s)
			}
			seenChunk, c.Chunk = true, d
			continue
		}
		if seenBytes {
			return Cost{}, fmt.Errorf("%q: two per-byte terms", s)
		}
		per = strings.TrimSpace(per)
		if per == "" {
			return Cost{}, fmt.Errorf("%q: a cost per size needs a size after / (5ms/MiB)", s)
		}
		if num, _ := SplitNumber(per); num == "" {
			per = "1" + per // "MiB" means 1MiB
		}
		sz, err := ParseSize(per)
		if err != nil {
			return Cost{}, fmt.Errorf("%q: %w", s, err)
		}
		if sz <= 0 {
			return Cost{}, fmt.Errorf("%q: a cost per size needs a positive size", s)
		}
		seenBytes, c.Bytes, c.Per = true, d, sz
	}
	if c.Bytes == 0 {
		c.Per = 0
	}
	return c, nil
}

// Zero reports whether c costs nothing.
func (c Cost) Zero() bool { return c.Chunk == 0 && c.Bytes == 0 }

// Of returns the time c spends on a chunk of n bytes.
func (c Cost) Of(n int64) time.Duration {
	d := c.Chunk
	if c.Bytes > 0 && c.Per > 0 {
		d += time.Duration(math.Round(float64(c.Bytes) * float64(n) / float64(c.Per)))
	}
	return d
}

// String formats c as scenarios write it: 20us, 5ms/MiB, 20us+5ms/MiB, 0s.
func (c Cost) String() string {
	var terms []string
	if c.Chunk > 0 {
		terms = append(terms, FormatDuration(c.Chunk))
	}
	if c.Bytes > 0 {
		per := c.Per.String()
		if len(per) > 1 && per[0] == '1' && (per[1] < '0' || per[1] > '9') && per[1] != '.' {
			per = per[1:]
		}
		terms = append(terms, FormatDuration(c.Bytes)+"/"+per)
	}
	if len(terms) == 0 {
		return "0s"
	}
	return strings.Join(terms, "+")
}
