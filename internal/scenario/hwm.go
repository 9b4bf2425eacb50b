package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/stream"
)

// HighWaterMark is a stream's buffering threshold, as written and resolved.
// Scenarios write a size (16KiB; a plain number of bytes), a plain count of
// objects in object mode (16), or a profile name: node20 (16KiB / 16
// objects), node22 (64KiB / 16), fs (fs.createReadStream's 64KiB) or default
// (the scenario profile's default, Node 22's unless profile says otherwise).
type HighWaterMark struct {
	// Profile is the profile name as written ("node20", "node22", "fs",
	// "default", ...), or "" when a size or count was written.
	Profile string
	// Value is the threshold: bytes in byte mode, objects in object mode.
	Value int64
	// Objects reports that Value counts objects (object mode).
	Objects bool
}

// String formats h as written in a scenario and shown in cell names: the
// profile name, else the size (16KiB) or, in object mode, the count (16).
func (h HighWaterMark) String() string {
	switch {
	case h.Profile != "":
		return h.Profile
	case h.Objects:
		return strconv.FormatInt(h.Value, 10)
	}
	return Size(h.Value).String()
}

// hwmNames are the names highWaterMark accepts: the profiles
// (stream.ProfileNames, which profile accepts) and fs.
var hwmNames = append(append([]string(nil), stream.ProfileNames...), "fs")

// parseHWM parses a written highWaterMark. A profile name is resolved later
// (resolveHWM), when the scenario's profile is known.
func parseHWM(s string, objectMode bool) (HighWaterMark, error) {
	t := strings.TrimSpace(s)
	if t == "fs" {
		if objectMode {
			return HighWaterMark{}, fmt.Errorf("fs is a byte-stream default; object-mode streams count objects (write a number such as 16)")
		}
		return HighWaterMark{Profile: t}, nil
	}
	if _, ok := stream.ProfileByName(t); ok {
		return HighWaterMark{Profile: t, Objects: objectMode}, nil
	}
	num, unit := splitNumber(t)
	if num == "" {
		if c, ok := suggestName(t, hwmNames); ok {
			return HighWaterMark{}, fmt.Errorf("%q is neither a size nor a profile (did you mean %s?)", s, c)
		}
		return HighWaterMark{}, fmt.Errorf("%q is neither a size (16KiB) nor a profile (%s)", s, strings.Join(hwmNames, ", "))
	}
	if objectMode {
		if unit != "" {
			return HighWaterMark{}, fmt.Errorf("%q: in object mode a highWaterMark counts objects; write a plain number (16)", s)
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > 1e9 {
			return HighWaterMark{}, fmt.Errorf("%q is not a count of objects (a whole number up to 1e9)", s)
		}
		return HighWaterMark{Value: n, Objects: true}, nil
	}
	sz, err := ParseSize(t)
	if err != nil {
		return HighWaterMark{}, err
	}
	return HighWaterMark{Value: int64(sz)}, nil
}

// resolveHWM fills in h.Value for a profile name under the scenario's
// profile p.
func resolveHWM(h HighWaterMark, p stream.Profile) HighWaterMark {
	switch h.Profile {
	case "":
		return h
	case "fs":
		h.Value = stream.FSReadStreamHighWaterMark
		return h
	case "default":
	default:
		p, _ = stream.ProfileByName(h.Profile)
	}
	if h.Objects {
		h.Value = int64(p.Objects)
	} else {
		h.Value = int64(p.Bytes)
	}
	return h
}
