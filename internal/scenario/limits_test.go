package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// endless is an input that never ends, counting what was read of it.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	e.read += len(p)
	return len(p), nil
}

// TestReadSourceCap: a file is read through a 1MiB cap, never to its end.
func TestReadSourceCap(t *testing.T) {
	t.Parallel()
	var r endless
	_, err := ReadSource("zero", &r)
	var list ErrorList
	if !errors.As(err, &list) || !strings.Contains(err.Error(), "zero:1:1: file is larger than 1MiB") {
		t.Errorf("ReadSource(endless) = %v; want zero:1:1: file is larger than 1MiB", err)
	}
	if r.read > 2*maxSource {
		t.Errorf("ReadSource read %d bytes of an endless input; want about %d", r.read, maxSource)
	}
	data, err := ReadSource("ok", io.LimitReader(&endless{}, maxSource))
	if err != nil || len(data) != maxSource {
		t.Errorf("ReadSource(1MiB) = %d bytes, %v; want 1MiB, nil", len(data), err)
	}
	if _, err := ParseFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than 1MiB") {
		t.Errorf("ParseFile(/dev/zero) = %v; want larger than 1MiB", err)
	}
}

// parseErr parses src and returns its error text ("" when accepted).
func parseErr(t *testing.T, src string) string {
	t.Helper()
	_, err := Parse("f.yaml", []byte(src))
	if err == nil {
		return ""
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Parse(%q) error %T; want ErrorList", src, err)
	}
	return err.Error()
}

const base = "stop: {bytes: 1MiB}\nconsumer: {rate: 10MiB/s}\n"

// TestParseBounds: nesting is measured on the YAML structure, aliases count
// their anchor's nodes, and each bound is named at its position.
func TestParseBounds(t *testing.T) {
	t.Parallel()
	deepFlow := "x-a: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n"
	var deepBlock strings.Builder
	deepBlock.WriteString("x-a:\n")
	for i := range 70 {
		deepBlock.WriteString(strings.Repeat(" ", 2*i+2) + fmt.Sprintf("k%d:\n", i))
	}
	// An anchor of 60,000 nodes built from small ones: its first use
	// jumps past the limit in one step.
	alias := "x-a: &a [" + strings.Repeat("1, ", 999) + "1]\n" +
		"x-b: &b [" + strings.Repeat("*a, ", 59) + "*a]\n" +
		"x-c: *b\n" + "x-d: *b\n"
	// 64 stages and 64 consumers, swept over 10,000 points: each point
	// decodes them all.
	var wide strings.Builder
	wide.WriteString("stop: {bytes: 1MiB}\nstages:\n")
	for i := range 64 {
		fmt.Fprintf(&wide, "  - {name: s%d, cost: 1us}\n", i)
	}
	wide.WriteString("consumers:\n")
	for i := range 64 {
		fmt.Fprintf(&wide, "  - {name: c%d, rate: 10MiB/s, stalls: {every: 1s, for: 10ms}}\n", i)
	}
	var vals []string
	for i := range 100 {
		vals = append(vals, fmt.Sprintf("%dKiB", i+1))
	}
	list := "[" + strings.Join(vals, ", ") + "]"
	wideSweep := wide.String() + "sweep: {highWaterMark: " + list + ", producer.chunk: " + list + "}\n"
	wideSmall := wide.String() + "sweep: {highWaterMark: " + list + "}\n"
	cases := []struct{ name, src, want string }{
		{"wide scenario, 10,000 points", wideSweep, "f.yaml:132:9: sweep: 10000 points × "},
		{"wide scenario, 100 points", wideSmall, ""},
		{"brackets in quotes and comments", base + "description: \"" + strings.Repeat("[", 70) + "\" # " + strings.Repeat("{", 70) + "\nx-s: '" + strings.Repeat("[", 70) + "'\n", ""},
		{"brackets in a block scalar", base + "description: |\n  " + strings.Repeat("[{", 70) + "\n", ""},
		{"deep flow", base + deepFlow, "f.yaml:3:69: nesting deeper than 64 levels"},
		{"deep block", base + deepBlock.String(), "f.yaml:67:129: nesting deeper than 64 levels"},
		{"alias past the limit", base + alias, "f.yaml:5:6: document too large: alias *b makes it more than 100000 nodes"},
		{"many keys", base + "x-a:\n" + strings.Repeat("  k: 1\n", 501), "f.yaml:504:3: more than 500 keys in one mapping"},
	}
	for _, c := range cases {
		got := parseErr(t, c.src)
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: error %.200q; want %q", c.name, got, c.want)
		}
	}
}

// TestText: line breaks, byte order marks and YAML directives as YAML users
// expect them; NUL, invalid UTF-8 and raw control characters refused with
// their position; control characters escaped in every message.
func TestText(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, src, want string }{
		{"CRLF", "stop: {bytes: 1MiB}\r\n# a\r\n# b\r\nconsumer: {rate: 1MiB/s, bogus: 1}\r\n", "f.yaml:4:26: consumer.bogus: unknown field"},
		{"CR", "stop: {bytes: 1MiB}\r# a\r# b\rconsumer: {rate: 1MiB/s, bogus: 1}\r", "f.yaml:4:26: consumer.bogus: unknown field"},
		{"BOM", "\uFEFF" + base, ""},
		{"BOM then error", "\uFEFFbogus: 1\n" + base, "f.yaml:1:1: bogus: unknown field"},
		{"YAML 1.1", "%YAML 1.1\n---\n" + base, ""},
		{"YAML 1.2", "%YAML 1.2\n---\n" + base, ""},
		{"YAML 2.0", "%YAML 2.0\n---\n" + base, "f.yaml:1:7: yaml: unknown YAML version \"2.0\""},
		{"NUL", base + "x-a: a\x00b\n", "f.yaml:3:7: NUL byte"},
		{"invalid UTF-8", base + "x-a: a\xffb\n", "f.yaml:3:7: invalid UTF-8 (byte 0xff)"},
		{"raw ESC", base + "x-a: \x1b[2J\n", "f.yaml:3:6: control character U+001B ('\\x1b')"},
		{"raw BEL in a key", base + "a\x07: 1\n", "f.yaml:3:2: control character U+0007 ('\\a')"},
		{"escaped ESC in a key", base + "\"\\e[2J\\a\": 1\n", "f.yaml:3:1: \\x1b[2J\\a: unknown field"},
		{"escaped ESC in description", base + "description: \"red \\e[31m\"\n", "f.yaml:3:14: description: control character U+001B ('\\x1b'): not allowed in text"},
		{"bidi override in a key", base + "\"a\\u202eb\": 1\n", "f.yaml:3:1: a\\u202eb: unknown field"},
	}
	for _, c := range cases {
		got := parseErr(t, c.src)
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: error %q; want %q", c.name, got, c.want)
		}
		if strings.IndexFunc(got, func(r rune) bool { return r != '\n' && unsafeRune(r) }) >= 0 {
			t.Errorf("%s: error %q holds a raw control character", c.name, got)
		}
	}
	e := &Error{File: "a\x1bb.yaml", Line: 1, Col: 1, Msg: "x\ny\x07"}
	if got, want := e.Error(), `a\x1bb.yaml:1:1: x\ny\a`; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

// TestValidateMatchesRun: every value validate accepts is finite and fits
// JSON and the clock; the rest are refused at their position.
func TestValidateMatchesRun(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, src, want string }{
		{"threshold inf", base + "thresholds: {throughput: \"< inf\"}\n", "f.yaml:3:26: thresholds.throughput: \"inf\": a bound is a finite number"},
		{"threshold infinity", base + "thresholds: {throughput.chunks: \"< infinity\"}\n", "f.yaml:3:33: thresholds.throughput.chunks: \"infinity\": a bound is a finite number"},
		{"threshold +Inf", base + "thresholds: {writes.false: \"< +Inf\"}\n", "f.yaml:3:28: thresholds.writes.false: \"+Inf\": a bound is a finite number"},
		{"threshold NaN", base + "thresholds: {consumer.busy: \"< NaN\"}\n", "f.yaml:3:29: thresholds.consumer.busy: \"NaN\": a bound is a finite number"},
		{"threshold huge", base + "thresholds: {drains: \"< 1e308\"}\n", "f.yaml:3:22: thresholds.drains: \"1e308\": a bound is a finite number (at most 1e+300)"},
		{"threshold finite", base + "thresholds: {drains: \"< 1e12\"}\n", ""},
		{"seed 2^53", base + "seed: 9007199254740992\n", ""},
		{"seed 2^53+1", base + "seed: 9007199254740993\n", "f.yaml:3:7: seed: 9007199254740993 is out of range"},
		{"seed 1e300", base + "seed: 1e300\n", "f.yaml:3:7: seed: \"1e300\" is not a whole number"},
		{"rate 1e-300B/s", "stop: {bytes: 1MiB}\nconsumer: {rate: 1e-300B/s}\n", "f.yaml:2:18: consumer: a 16KiB chunk takes 5.19e+296 years, more than the limit of 1000h"},
		{"cell of years", "stop: {bytes: 1TiB}\nconsumer: {rate: 1KiB/s}\n", "f.yaml:2:18: consumer: a cell would last at least 34 years, more than the limit of 1000h"},
		{"stop.duration bounds the cell", "stop: {bytes: 1TiB, duration: 1h}\nconsumer: {rate: 1KiB/s}\n", ""},
		{"stage cost", base + "stages: [{cost: 1000h/B}]\n", "f.yaml:3:17: stages.0.cost: a 16KiB chunk takes"},
		{"realtime 64GiB chunk", "engine: realtime\nstop: {chunks: 2}\nproducer: {chunk: 64GiB}\n", "f.yaml:3:19: producer.chunk: engine realtime allocates every chunk; at most 64MiB, not 64GiB"},
		{"realtime 64GiB chunk in a sweep", "stop: {chunks: 2}\nproducer: {chunk: 64GiB}\nsweep: {engine: [sim, realtime]}\n", "f.yaml:2:19: producer.chunk: engine realtime allocates every chunk; at most 64MiB, not 64GiB (at sweep point engine=realtime)"},
	}
	for _, c := range cases {
		got := parseErr(t, c.src)
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: error %q; want %q", c.name, got, c.want)
		}
	}
	s, err := Parse("f.yaml", []byte("engine: realtime\nstop: {bytes: 8GiB}\nconsumer: {rate: 1MiB/s}\n"))
	if err != nil || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "f.yaml:3:18: consumer: on engine realtime a cell lasts at least 2h17m") {
		t.Errorf("realtime cell of 2h: %v, warnings %v; want a warning naming 2h17m", err, s.Warnings)
	}
	s, err = Parse("f.yaml", []byte(base+"thresholds: {throughput: \"> 1e15GiB/s\", duration: \"< 1000h\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(s.Thresholds); err != nil {
		t.Errorf("thresholds do not encode as JSON: %v", err)
	}
}

// TestPointsShareDocument: a sweep point costs the fields it sets, not the
// document: a large x- block is not copied per point, and applying a point
// leaves the scenario as it was.
func TestPointsShareDocument(t *testing.T) {
	data := hostile(1<<20 - 4096)["xblock-sweep"]
	s, err := Parse("f.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	points := s.Points()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, p := range points[:100] {
		if _, err := s.With(p); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	perPoint := (after.TotalAlloc - before.TotalAlloc) / 100
	if perPoint > uint64(len(data))/4 {
		t.Errorf("a point allocates %d bytes of a %d-byte document; want far less than the document", perPoint, len(data))
	}
	// Copy on write: a point setting a nested field does not change the base.
	s, err = Parse("f.yaml", []byte("stop: {bytes: 1MiB}\nconsumer: {rate: 1MiB/s, latency: 1ms}\nsweep: {consumer.rate: [2MiB/s, 3MiB/s]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Points() {
		c, err := s.With(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Consumers[0].Rate.String(); got != p[0].Value.Text {
			t.Errorf("point %s: consumer rate %s", p[0].Value.Text, got)
		}
	}
	if got := s.tree.get("consumer").get("rate").text; got != "1MiB/s" {
		t.Errorf("after With, the document's consumer.rate is %s; want 1MiB/s", got)
	}
}

// TestParseFileContextCancelled: an interrupted command does not wait for
// the parse.
func TestParseFileContextCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseFileContext(ctx, "testdata/minimal.yaml"); !errors.Is(err, context.Canceled) {
		t.Errorf("ParseFileContext(cancelled) = %v; want context.Canceled", err)
	}
	if _, err := ParseFileContext(context.Background(), "testdata/minimal.yaml"); err != nil {
		t.Errorf("ParseFileContext = %v", err)
	}
}
