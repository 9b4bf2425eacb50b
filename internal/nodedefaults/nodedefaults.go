// Package nodedefaults reads the default highWaterMarks of a real Node.js
// (a small embedded script run by that node) and compares them with what
// the sim engine's profiles assume (internal/stream) and with the default
// table of the tutorial bpbench's users learned from
// (seed/backpressure-tutorial.md), whose claims it marks true or false per
// Node version.
//
// Read runs a process; Compare and Tutorial are pure and safe for
// concurrent use.
package nodedefaults

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

//go:embed defaults.js
var script string

// Defaults are one Node's default highWaterMarks: bytes (characters for
// string-mode readables), or objects for object mode.
type Defaults struct {
	// Node is the version the node printed, e.g. "v22.12.0" (Bun and Deno
	// print the Node version they are compatible with).
	Node string `json:"node"`
	// Runtime is the runtime and its exact version: "node v22.12.0",
	// "bun 1.4.5", "deno 2.9.6".
	Runtime string `json:"runtime"`
	// Readable and Writable are byte-mode streams' defaults.
	Readable int `json:"readable"`
	Writable int `json:"writable"`
	// ObjectReadable and ObjectWritable are object-mode streams' defaults.
	ObjectReadable int `json:"objectReadable"`
	ObjectWritable int `json:"objectWritable"`
	// EncodingReadable is a Readable made with an encoding option,
	// SetEncodingReadable one given setEncoding('utf8') after creation.
	EncodingReadable    int `json:"encodingReadable"`
	SetEncodingReadable int `json:"setEncodingReadable"`
	// FSReadStream is fs.createReadStream's.
	FSReadStream int `json:"fsReadStream"`
	// SocketReadable and SocketWritable are a new net.Socket's.
	SocketReadable int `json:"socketReadable"`
	SocketWritable int `json:"socketWritable"`
}

// Read runs node (for at most 10 s) and returns its defaults. A binary
// named bun or deno is that runtime (deno takes the script with eval).
func Read(ctx context.Context, node string) (Defaults, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	flag := "-e"
	if filepath.Base(node) == "deno" {
		flag = "eval"
	}
	cmd := exec.CommandContext(ctx, node, flag, script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Defaults{}, fmt.Errorf("nodedefaults: %s: %w: %s", node, err, strings.TrimSpace(lastLine(stderr.String())))
	}
	if len(out) > 1<<16 {
		return Defaults{}, fmt.Errorf("nodedefaults: %s: output too long", node)
	}
	var d Defaults
	if err := json.Unmarshal(out, &d); err != nil {
		return Defaults{}, fmt.Errorf("nodedefaults: %s: %w", node, err)
	}
	return d, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Unit says what a highWaterMark counts.
type Unit string

// The units.
const (
	Bytes   Unit = "bytes"
	Chars   Unit = "chars"
	Objects Unit = "objects"
)

// Row is one kind of stream: its default in Node, in the sim profile for
// that Node, and the tutorial's claim if it makes one.
type Row struct {
	// Stream names the kind of stream.
	Stream string
	// Unit says what the numbers count.
	Unit Unit
	// Node is the measured default.
	Node int
	// Sim is what the sim profile for this Node assumes, -1 when it
	// models no such stream.
	Sim int
	// Claim is the tutorial's default for this kind, -1 when it has none.
	Claim int
	// ClaimText is the tutorial's wording ("64 KB").
	ClaimText string
}

// SimOK reports whether the sim profile agrees with Node (true when it
// models no such stream).
func (r Row) SimOK() bool { return r.Sim < 0 || r.Sim == r.Node }

// ClaimTrue reports whether the tutorial's claim holds.
func (r Row) ClaimTrue() bool { return r.Claim == r.Node }

// Claim is one line of the tutorial's "Default highWaterMark Values" table.
type Claim struct {
	// Stream is the table's first column, Text its second.
	Stream, Text string
	// Value is Text in the unit (KB read as 1024 bytes).
	Value int
	Unit  Unit
}

// Tutorial is the tutorial's table, as printed there.
var Tutorial = []Claim{
	{"Readable (Buffer mode)", "64 KB", 64 << 10, Bytes},
	{"Readable (String mode)", "16 KB", 16 << 10, Chars},
	{"Writable streams", "16 KB", 16 << 10, Bytes},
	{"Object Mode Streams", "1 item (not bytes!)", 1, Objects},
}

// Profile returns the sim profile for a Node version string: node20 before
// 22, node22 from 22 on (stream.ProfileByName's rule for 24).
func Profile(version string) stream.Profile {
	major := 0
	fmt.Sscanf(strings.TrimPrefix(version, "v"), "%d", &major)
	name := "node20"
	if major >= 22 {
		name = fmt.Sprintf("node%d", major)
	}
	if p, ok := stream.ProfileByName(name); ok {
		return p
	}
	return stream.Node22
}

// ProfileOf returns the sim profile for the runtime that printed d: bun's
// or deno's, else Profile(d.Node).
func ProfileOf(d Defaults) stream.Profile {
	rt, _, _ := strings.Cut(d.Runtime, " ")
	if rt == "bun" || rt == "deno" {
		p, _ := stream.ProfileByName(rt)
		return p
	}
	return Profile(d.Node)
}

// Compare lines d up with its sim profile and the tutorial's claims.
func Compare(d Defaults) []Row {
	p := ProfileOf(d)
	claim := func(i int) (int, string) { return Tutorial[i].Value, Tutorial[i].Text }
	row := func(name string, u Unit, node, sim, ci int) Row {
		r := Row{Stream: name, Unit: u, Node: node, Sim: sim, Claim: -1}
		if ci >= 0 {
			r.Claim, r.ClaimText = claim(ci)
		}
		return r
	}
	return []Row{
		row("Readable", Bytes, d.Readable, p.Bytes, 0),
		row("Readable, encoding option", Chars, d.EncodingReadable, p.Bytes, 1),
		row("Readable, setEncoding()", Chars, d.SetEncodingReadable, p.Bytes, 1),
		row("Writable", Bytes, d.Writable, p.Bytes, 2),
		row("Readable, objectMode", Objects, d.ObjectReadable, p.Objects, 3),
		row("Writable, objectMode", Objects, d.ObjectWritable, p.Objects, 3),
		row("fs.createReadStream", Bytes, d.FSReadStream, stream.FSReadStreamHighWaterMark, -1),
		row("net.Socket readable", Bytes, d.SocketReadable, -1, -1),
		row("net.Socket writable", Bytes, d.SocketWritable, -1, -1),
	}
}
