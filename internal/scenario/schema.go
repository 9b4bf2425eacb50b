package scenario

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// Patterns of the units, for the JSON Schema. They accept what the parsers
// accept, give or take the finer rules (a whole number of bytes, bounds),
// which the parser reports with positions.
const (
	numPattern      = `[0-9][0-9_]*(\.[0-9]+)?([eE][-+]?[0-9]+)?`
	sizeUnitPattern = `(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)`
	sizePattern     = `^\s*` + numPattern + `\s*` + sizeUnitPattern + `?\s*$`
	ratePattern     = `^\s*(unlimited|` + numPattern + `\s*(` + sizeUnitPattern + `|bit|kbit|Kbit|Mbit|Gbit|chunks)?/s)\s*$`
	durPattern      = `(0|(` + numPattern + `(ns|us|µs|μs|ms|s|m|h))+)`
	costPattern     = `^\s*` + durPattern + `(\s*/\s*(` + numPattern + `)?\s*` + sizeUnitPattern + `)?(\s*\+\s*` + durPattern + `(\s*/\s*(` + numPattern + `)?\s*` + sizeUnitPattern + `)?)?\s*$`
	condPattern     = `^\s*(<=|>=|==|<|>)\s*\S.*$`
	namePattern     = `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`
)

// Schema returns a JSON Schema (draft 2020-12) of the scenario format, for
// editors to complete and check scenario files. It is generated from the
// table of fields the parser reads, so the two agree.
func Schema() []byte {
	obj := objectSchema(root)
	obj["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	obj["$id"] = "https://github.com/bpbench/bpbench/scenario.schema.json"
	obj["title"] = "bpbench scenario"
	obj["description"] = "A bpbench scenario: a producer, optional Transform stages and consumers, a backpressure strategy, highWaterMarks, a stop condition, a sweep and thresholds."
	obj["required"] = []string{"stop"}
	obj["patternProperties"] = jsonObj{"^x-": jsonObj{"description": "Ignored: a place for YAML anchors to reuse (x-slow: &slow {rate: 1MiB/s})."}}
	obj["$defs"] = defs()
	// runtime: is another name for node: (alias.go): one or the other.
	obj["not"] = jsonObj{"required": []string{runtimeField, runtimeAlias}}
	b, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		panic(err) // the schema is built from static data
	}
	return append(b, '\n')
}

type jsonObj = map[string]any

func ref(name string) jsonObj { return jsonObj{"$ref": "#/$defs/" + name} }

// defs are the schemas of the unit kinds.
func defs() jsonObj {
	return jsonObj{
		"size": jsonObj{
			"description": "A size: 512B, 16KiB, 1.5MiB, 1GB (SI units are powers of 1000), or a number of bytes.",
			"anyOf": []any{
				jsonObj{"type": "integer", "minimum": 0},
				jsonObj{"type": "string", "pattern": sizePattern},
			},
		},
		"rate": jsonObj{
			"description": "A rate: 10MiB/s, 100Mbit/s, 1000/s (chunks per second) or unlimited.",
			"type":        "string", "pattern": ratePattern,
		},
		"duration": jsonObj{
			"description": "A duration: 200us, 5ms, 2s, 1m, 1h30m, or 0.",
			"anyOf": []any{
				jsonObj{"const": 0},
				jsonObj{"type": "string", "pattern": "^\\s*" + durPattern + "\\s*$"},
			},
		},
		"cost": jsonObj{
			"description": "Time per chunk: 20us (per chunk), 5ms/MiB (per byte) or 20us+5ms/MiB.",
			"anyOf": []any{
				jsonObj{"const": 0},
				jsonObj{"type": "string", "pattern": costPattern},
			},
		},
		"highWaterMark": jsonObj{
			"description": "A highWaterMark: a size (16KiB), a count of objects in object mode (16), or a profile: node20 (16KiB/16 objects), node22 and default (64KiB/16), fs (64KiB).",
			"anyOf": []any{
				jsonObj{"enum": hwmNames},
				ref("size"),
			},
		},
		"chunk": jsonObj{
			"description": "A chunk size: a size (4KiB) or a distribution.",
			"anyOf": []any{
				ref("size"),
				func() jsonObj {
					o := objectSchema(chunkDist)
					o["minProperties"], o["maxProperties"] = 1, 1
					return o
				}(),
			},
		},
		"condition": jsonObj{
			"description": "A condition on a metric: \"< 2MiB\", \"> 15MiB/s\", \"<= 100ms\", \"== 0\".",
			"type":        "string", "pattern": condPattern,
		},
	}
}

// objectSchema is the schema of a kObject or kList item's mapping.
func objectSchema(f *field) jsonObj {
	props := jsonObj{}
	for _, c := range f.fields {
		props[c.name] = fieldSchema(c)
	}
	o := jsonObj{"type": "object", "properties": props, "additionalProperties": false}
	if f.doc != "" {
		o["description"] = f.doc
	}
	return o
}

// fieldSchema is the schema of one field.
func fieldSchema(f *field) jsonObj {
	var s jsonObj
	switch f.kind {
	case kObject:
		s = objectSchema(f)
	case kList:
		item := objectSchema(f)
		delete(item, "description")
		s = jsonObj{"type": "array", "items": item, "maxItems": f.maxItems}
	case kSweep:
		s = sweepSchema()
	case kExclude:
		s = excludeSchema()
	case kThresholds:
		props := jsonObj{}
		for _, m := range thresholdMetrics {
			props[m.name] = jsonObj{"$ref": "#/$defs/condition", "description": m.doc}
		}
		s = jsonObj{"type": "object", "properties": props, "additionalProperties": false}
	default:
		s = leafSchema(f)
	}
	if f.doc != "" {
		s["description"] = f.doc
	}
	if f.def != "" {
		s["default"] = jsonValue(f.def)
	}
	if f.example != "" {
		s["examples"] = []any{jsonValue(f.example)}
	}
	return s
}

// leafSchema is the schema of a single value of f's kind.
func leafSchema(f *field) jsonObj {
	switch f.kind {
	case kString:
		return jsonObj{"type": "string"}
	case kStrings:
		return jsonObj{"anyOf": []any{
			jsonObj{"type": "string"},
			jsonObj{"type": "array", "items": jsonObj{"type": "string"}, "minItems": 1, "maxItems": 64},
		}}
	case kName:
		return jsonObj{"type": "string", "pattern": namePattern}
	case kEnum:
		return jsonObj{"enum": f.enum}
	case kBool:
		return jsonObj{"type": "boolean"}
	case kInt:
		return jsonObj{"anyOf": []any{
			jsonObj{"type": "integer", "minimum": f.lo, "maximum": f.hi},
			jsonObj{"type": "string", "pattern": `^[0-9][0-9_]*([eE]\+?[0-9]+)?$`, "description": "a whole number such as 1_000_000 or 1e6"},
		}}
	case kFloat:
		if f.pct {
			return jsonObj{"anyOf": []any{
				jsonObj{"type": "number", "minimum": f.lo, "maximum": f.hi},
				jsonObj{"type": "string", "pattern": `^[0-9]+(\.[0-9]+)?%$`, "description": "a percentage such as 5%"},
			}}
		}
		return jsonObj{"type": "number", "minimum": f.lo, "maximum": f.hi}
	case kSize:
		return ref("size")
	case kRate:
		return ref("rate")
	case kDuration:
		return ref("duration")
	case kCost:
		return ref("cost")
	case kHWM:
		return ref("highWaterMark")
	case kChunk:
		return ref("chunk")
	}
	return jsonObj{}
}

// jsonValue is a default or example as JSON: a number or boolean when it
// reads as one, else the string.
func jsonValue(s string) any {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b
	}
	return s
}

// sweepPaths lists every path a sweep accepts with the field it names;
// list items appear with the index written as N.
func sweepPaths() (paths []string, fields []*field) {
	var walk func(f *field, prefix string)
	walk = func(f *field, prefix string) {
		for _, c := range f.fields {
			p := join(prefix, c.name)
			switch {
			case c.kind == kObject:
				walk(c, p)
			case c.kind == kList:
				walk(c, p+".N")
			case c.leafKind() && !c.noSweep:
				paths, fields = append(paths, p), append(fields, c)
			}
		}
	}
	walk(root, "")
	return paths, fields
}

// pathProperty is the schema property (or pattern) of a sweep path.
func pathProperty(p string) (key string, pattern bool) {
	if !strings.Contains(p, ".N") {
		return p, false
	}
	parts := strings.Split(p, ".")
	for i, s := range parts {
		if s == "N" {
			parts[i] = "[0-9]+"
		} else {
			parts[i] = regexp.QuoteMeta(s)
		}
	}
	return "^" + strings.Join(parts, `\.`) + "$", true
}

func sweepSchema() jsonObj {
	props, patterns := jsonObj{}, jsonObj{}
	paths, fields := sweepPaths()
	for i, p := range paths {
		item := leafSchema(fields[i])
		s := jsonObj{"type": "array", "minItems": 1, "maxItems": maxSweepValues, "items": item, "description": fields[i].doc}
		if key, pat := pathProperty(p); pat {
			patterns[key] = s
		} else {
			props[key] = s
		}
	}
	return jsonObj{"type": "object", "properties": props, "patternProperties": patterns, "additionalProperties": false}
}

func excludeSchema() jsonObj {
	props, patterns := jsonObj{}, jsonObj{}
	paths, fields := sweepPaths()
	for i, p := range paths {
		item := leafSchema(fields[i])
		s := jsonObj{"anyOf": []any{item, jsonObj{"type": "array", "items": item}}}
		if key, pat := pathProperty(p); pat {
			patterns[key] = s
		} else {
			props[key] = s
		}
	}
	return jsonObj{"type": "array", "items": jsonObj{
		"type": "object", "minProperties": 1, "properties": props, "patternProperties": patterns, "additionalProperties": false,
	}}
}
