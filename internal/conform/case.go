// Package conform replays op-script cases (format bpbench-oracle/1) on
// internal/stream and writes traces (bpbench-oracle-trace/1) that must equal,
// byte for byte after JSON parsing, the traces recorded on real Node.js.
//
// A case names a few streams and a list of ops; the replayer builds the
// streams with the harness behaviours of the format (pending FIFO of write
// callbacks, sync/tick/manual consumers and sources, one no-op 'error'
// listener per stream), runs the ops, and records every op's return value,
// the events it caused, in order, and every stream's observable state.
package conform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bpbench/bpbench/internal/safepath"
	"github.com/bpbench/bpbench/internal/stream"
)

// Case is one op script.
type Case struct {
	Format string `json:"format"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Note   string `json:"note"`
	// DefaultHighWaterMark sets the defaults before any stream is built.
	DefaultHighWaterMark *struct {
		Bytes   *int `json:"bytes"`
		Objects *int `json:"objects"`
	} `json:"defaultHighWaterMark"`
	// Streams in file order (JavaScript keeps key order).
	Streams []NamedSpec `json:"-"`
	Ops     []Op        `json:"ops"`
}

// NamedSpec is a stream spec with its id.
type NamedSpec struct {
	ID string
	Spec
}

// Spec describes one stream of a case.
type Spec struct {
	Type                  string  `json:"type"`
	HighWaterMark         *int    `json:"highWaterMark"`
	ReadableHighWaterMark *int    `json:"readableHighWaterMark"`
	WritableHighWaterMark *int    `json:"writableHighWaterMark"`
	ObjectMode            *bool   `json:"objectMode"`
	ReadableObjectMode    *bool   `json:"readableObjectMode"`
	WritableObjectMode    *bool   `json:"writableObjectMode"`
	DecodeStrings         *bool   `json:"decodeStrings"`
	Encoding              *string `json:"encoding"`
	AllowHalfOpen         *bool   `json:"allowHalfOpen"`
	EmitClose             *bool   `json:"emitClose"`
	AutoDestroy           *bool   `json:"autoDestroy"`
	Writev                bool    `json:"writev"`
	Consumer              string  `json:"consumer"`
	Source                *Source `json:"source"`
	Mode                  string  `json:"mode"`
	OutSize               *int    `json:"outSize"`
}

// Source is a readable's data source.
type Source struct {
	Mode  string `json:"mode"`
	Chunk int    `json:"chunk"`
	Total int    `json:"total"`
}

// Op is one operation; which fields matter depends on Op.
type Op struct {
	Op       string          `json:"op"`
	S        string          `json:"s"`
	Size     *int            `json:"size"`
	Text     *string         `json:"text"`
	Encoding string          `json:"encoding"`
	CB       json.RawMessage `json:"cb"`
	Index    int             `json:"index"`
	Error    string          `json:"error"`
	EOF      bool            `json:"eof"`
	N        *int            `json:"n"`
	Event    string          `json:"event"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	End      *bool           `json:"end"`
	Streams  []string        `json:"streams"`
}

// ReadCase reads and parses a case file, reading no more than
// maxCaseBytes of it.
func ReadCase(path string) (*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCaseBytes+1))
	if err != nil {
		return nil, err
	}
	c, err := ParseCase(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseCase parses a case.
func ParseCase(data []byte) (*Case, error) {
	if len(data) > maxCaseBytes {
		return nil, fmt.Errorf("over %d bytes: bpbench conform reads cases up to %d bytes (a bound on the work a case may ask for)", maxCaseBytes, maxCaseBytes)
	}
	var c Case
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	var raw struct {
		Streams json.RawMessage `json:"streams"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw.Streams))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("streams: want an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		id, _ := t.(string)
		var sp Spec
		if err := dec.Decode(&sp); err != nil {
			return nil, fmt.Errorf("stream %q: %w", id, err)
		}
		c.Streams = append(c.Streams, NamedSpec{ID: id, Spec: sp})
	}
	if c.Format != "bpbench-oracle/1" {
		return nil, fmt.Errorf("format %q, want bpbench-oracle/1", c.Format)
	}
	// The name is the trace's file name (bpbench conform -o, --expect).
	if err := safepath.Check(c.Name); err != nil {
		return nil, fmt.Errorf("case %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Bounds on the work a case may ask for, so that any case replays in well
// under a second and a few tens of MB: a chunk's size (a size-only chunk
// is materialised when decoded), all the units its ops and sources ask
// for, its ops (ticks included: 1M ticks took 9 s and 1.3 GB) and streams.
// The recorded suites stay far below them (60 ops, 4 streams at most).
const (
	maxSize    = 1 << 26
	maxUnits   = 1 << 26
	maxOps     = 10000
	maxStreams = 16
	// maxCaseBytes bounds the file itself, read before it is parsed: the
	// largest case allowed above is well under it (10000 ops of ~50 bytes).
	maxCaseBytes = 4 << 20
)

// maxSafeInteger is JavaScript's Number.MAX_SAFE_INTEGER: beyond it Node's
// numbers are not exact integers, and Node refuses it as a default
// highWaterMark.
const maxSafeInteger = 1<<53 - 1

// Which side of a stream each op needs.
var opSides = map[string]string{
	"write": "w", "end": "w", "cork": "w", "uncork": "w",
	"push": "r", "unshift": "r", "read": "r", "pause": "r", "resume": "r", "setEncoding": "r",
	"complete": "", "on": "", "off": "", "destroy": "", "tick": "-",
	"pipe": "-", "unpipe": "-", "pipeline": "-",
}

// validate rejects what the replayer could not run: unknown stream types,
// ops or events, ids that name no stream, ops on a side the stream lacks.
func (c *Case) validate() error {
	if len(c.Ops) > maxOps {
		return fmt.Errorf("%d ops: bpbench conform replays at most %d ops per case (a bound on the work a case may ask for)", len(c.Ops), maxOps)
	}
	if len(c.Streams) > maxStreams {
		return fmt.Errorf("%d streams: bpbench conform builds at most %d streams per case", len(c.Streams), maxStreams)
	}
	if err := c.checkValues(); err != nil {
		return err
	}
	sides := map[string]string{}
	for _, ns := range c.Streams {
		switch ns.Type {
		case "writable":
			sides[ns.ID] = "w"
		case "readable":
			sides[ns.ID] = "r"
		case "transform", "passthrough":
			sides[ns.ID] = "rw"
		default:
			return fmt.Errorf("stream %q: unknown type %q", ns.ID, ns.Type)
		}
		if ns.ID == "pipeline" {
			return fmt.Errorf("stream id %q is reserved", ns.ID)
		}
	}
	has := func(i int, field, id, side string) error {
		got, ok := sides[id]
		if !ok {
			return fmt.Errorf("op %d: %s %q names no stream", i, field, id)
		}
		if side != "" && !strings.Contains(got, side) {
			return fmt.Errorf("op %d: stream %q has no %s side", i, id, map[string]string{"r": "readable", "w": "writable"}[side])
		}
		return nil
	}
	for _, ns := range c.Streams {
		if src := ns.Source; src != nil && (src.Chunk < 0 || src.Total < 0 || src.Chunk > maxSize || src.Total > maxSize) {
			return fmt.Errorf("stream %q: source chunk and total must be in 0..%d", ns.ID, maxSize)
		}
	}
	for i, op := range c.Ops {
		if op.Size != nil && (*op.Size < 0 || *op.Size > maxSize) {
			return fmt.Errorf("op %d: size %d is outside 0..%d", i, *op.Size, maxSize)
		}
		side, ok := opSides[op.Op]
		if !ok {
			return fmt.Errorf("op %d: unknown op %q", i, op.Op)
		}
		var err error
		switch op.Op {
		case "tick":
		case "pipe":
			if err = has(i, "from", op.From, "r"); err == nil {
				err = has(i, "to", op.To, "w")
			}
		case "unpipe":
			if err = has(i, "from", op.From, "r"); err == nil && op.To != "" {
				err = has(i, "to", op.To, "w")
			}
		case "pipeline":
			if len(op.Streams) < 2 {
				err = fmt.Errorf("op %d: pipeline needs at least two streams", i)
			}
			for k, id := range op.Streams {
				if err == nil {
					want := "r"
					if k > 0 {
						want = "w"
					}
					err = has(i, "streams", id, want)
				}
			}
		default:
			err = has(i, "s", op.S, side)
		}
		if err != nil {
			return err
		}
		if op.Op == "on" || op.Op == "off" {
			if _, ok := stream.EventByName(op.Event); !ok {
				return fmt.Errorf("op %d: unknown event %q", i, op.Event)
			}
		}
	}
	return nil
}

// checkValues refuses the values real Node refuses when it builds the
// streams (the recorder then fails before the first op), with Node's error
// code, and the totals beyond the work bounds.
func (c *Case) checkValues() error {
	if d := c.DefaultHighWaterMark; d != nil {
		for _, v := range []struct {
			name string
			n    *int
		}{{"bytes", d.Bytes}, {"objects", d.Objects}} {
			if v.n != nil && (*v.n < 0 || *v.n > maxSafeInteger) {
				return fmt.Errorf("defaultHighWaterMark.%s %d: real Node's setDefaultHighWaterMark throws ERR_OUT_OF_RANGE (want 0..%d)", v.name, *v.n, maxSafeInteger)
			}
		}
	}
	units := 0
	add := func(n int) error {
		units += n
		if units > maxUnits {
			return fmt.Errorf("the ops and sources ask for more than %d units of data in all: bpbench conform's bound on a case's work", maxUnits)
		}
		return nil
	}
	for _, ns := range c.Streams {
		duplex := ns.Type == "transform" || ns.Type == "passthrough"
		// Node's getHighWaterMark: highWaterMark, else (a Duplex only)
		// the side's own option; that one value is checked.
		for _, side := range []struct {
			key string
			v   *int
		}{{"readableHighWaterMark", ns.ReadableHighWaterMark}, {"writableHighWaterMark", ns.WritableHighWaterMark}} {
			key, v := "highWaterMark", ns.HighWaterMark
			if v == nil && duplex {
				key, v = side.key, side.v
			}
			if v == nil {
				continue
			}
			if *v < 0 {
				return fmt.Errorf("stream %q: %s %d: real Node throws ERR_INVALID_ARG_VALUE (a highWaterMark is an integer >= 0)", ns.ID, key, *v)
			}
			if *v > maxSafeInteger {
				return fmt.Errorf("stream %q: %s %d: above 2^53-1, where JavaScript numbers are no longer exact integers; bpbench conform cannot follow Node there", ns.ID, key, *v)
			}
		}
		if ns.Encoding != nil && *ns.Encoding != "" && ns.Type != "writable" && !stream.IsEncoding(*ns.Encoding) {
			return fmt.Errorf("stream %q: encoding %q: real Node throws ERR_UNKNOWN_ENCODING", ns.ID, *ns.Encoding)
		}
		if src := ns.Source; src != nil {
			if err := add(src.Total); err != nil {
				return err
			}
		}
		if ns.OutSize != nil && (*ns.OutSize < 0 || *ns.OutSize > maxSize) {
			return fmt.Errorf("stream %q: outSize %d is outside 0..%d", ns.ID, *ns.OutSize, maxSize)
		}
	}
	for i, op := range c.Ops {
		n := 0
		if op.Size != nil {
			n = *op.Size
		}
		if op.Text != nil {
			n += len(*op.Text)
		}
		if err := add(max(n, 0)); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
	}
	return nil
}
