package results

import "strings"

// DefaultName is the name of the one point of a scenario without sweep.
const DefaultName = "default"

// Point is a sweep point as data: its parameters in sweep order, each with
// its key, its canonical text and, where it has one, its resolved value.
// It is the one owner of a cell's name (Name): nothing splits a name to
// find a coordinate again, in the spirit of golang.org/x/perf's
// benchfmt.Name and benchproc.Key.
type Point []Param

// Param is one coordinate of a sweep point.
type Param struct {
	// Path is the swept field's dotted path (producer.chunk).
	Path string `json:"path"`
	// Key is its short name in cell names (chunk).
	Key string `json:"key"`
	// Value is the value's canonical text (4KiB, node20, 10MiB/s).
	Value string `json:"value"`
	// Written is the value as the scenario spelled it, when that differs
	// from Value (3Mbit/s for 375kB/s).
	Written string `json:"written,omitempty"`
	// Resolved is the value as the engines ran it, for the fields that
	// resolve to a number: a highWaterMark in bytes (objects in object
	// mode), node20 included. Nil for the others, and in records written
	// before it existed.
	Resolved *int64 `json:"resolved,omitempty"`
}

// Name returns the cell name of p: key=value pairs joined by '/', the way
// Go sub-benchmarks are named (hwm=16KiB/chunk=4KiB), each value spelt by
// NameValue; DefaultName for an empty point.
func (p Point) Name() string {
	if len(p) == 0 {
		return DefaultName
	}
	var b strings.Builder
	for i, q := range p {
		if i > 0 {
			b.WriteByte('/')
		}
		k := q.Key
		if k == "" {
			k = q.Path
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(NameValue(q.Value))
	}
	return b.String()
}

// Without returns p without the parameter whose key or path is name.
func (p Point) Without(name string) Point {
	var out Point
	for _, q := range p {
		if q.Key != name && q.Path != name {
			out = append(out, q)
		}
	}
	return out
}

// Get returns the parameter whose key or path is name, and whether p has
// it.
func (p Point) Get(name string) (Param, bool) {
	for _, q := range p {
		if q.Key == name || q.Path == name {
			return q, true
		}
	}
	return Param{}, false
}

// NameValue spells a value for a cell name, without '/', '=' or spaces:
// 10MiB/s → 10MiBps, 5ms/MiB → 5msperMiB; any other '/', '=' or space
// becomes '_'.
func NameValue(text string) string {
	if t, ok := strings.CutSuffix(text, "/s"); ok && t != "" && t[0] >= '0' && t[0] <= '9' {
		text = t + "ps"
	}
	if text != "" && text[0] >= '0' && text[0] <= '9' {
		text = strings.ReplaceAll(text, "/", "per")
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '=', ' ', '\t', '\n', '\r':
			return '_'
		}
		return r
	}, text)
}

// Shown is the value as the user wrote it: Written, else Value.
func (p Param) Shown() string {
	if p.Written != "" {
		return p.Written
	}
	return p.Value
}

// Label is the parameter for people, key=value with the value as written:
// the short key, or the whole path where the short one would not say
// which stream it is about (consumer.rate=3Mbit/s, not rate=375kB/s).
func (p Param) Label() string {
	k := p.Key
	if k == "" || k == "rate" || k == "latency" {
		k = p.Path
	}
	return k + "=" + p.Shown()
}

// Label names a sweep point for people: its parameters' labels joined by
// "/" (hwm=16KiB/consumer.rate=3Mbit/s); "" for no parameter.
func Label(params []Param) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = p.Label()
	}
	return strings.Join(parts, "/")
}
