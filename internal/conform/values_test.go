package conform

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

// refusedCases are cases real Node refuses while building the streams,
// with the error code Node throws (checked on the node on PATH below).
var refusedCases = []struct {
	name, streams, code string
}{
	{"hwm-negative", `{"w":{"type":"writable","highWaterMark":-1}}`, "ERR_INVALID_ARG_VALUE"},
	{"readable-hwm-negative", `{"r":{"type":"readable","highWaterMark":-1}}`, "ERR_INVALID_ARG_VALUE"},
	{"duplex-side-hwm-negative", `{"p":{"type":"passthrough","writableHighWaterMark":-1}}`, "ERR_INVALID_ARG_VALUE"},
	{"encoding-klingon", `{"r":{"type":"readable","encoding":"klingon"}}`, "ERR_UNKNOWN_ENCODING"},
	{"encoding-buffer", `{"t":{"type":"transform","encoding":"buffer"}}`, "ERR_UNKNOWN_ENCODING"},
}

func caseJSON(name, streams, extra string) []byte {
	return []byte(fmt.Sprintf(`{"format":"bpbench-oracle/1","name":%q,%s"streams":%s,"ops":[{"op":"tick"}]}`, name, extra, streams))
}

// TestRefusedAsNodeDoes: conform refuses, with Node's error code, the
// stream options real Node throws on; and real Node does throw on them.
func TestRefusedAsNodeDoes(t *testing.T) {
	cases := append([]struct{ name, streams, code string }{}, refusedCases...)
	defaults := []struct{ name, extra, code string }{
		{"default-negative", `"defaultHighWaterMark":{"bytes":-1},`, "ERR_OUT_OF_RANGE"},
		{"default-above-2^53", `"defaultHighWaterMark":{"objects":9007199254740992},`, "ERR_OUT_OF_RANGE"},
	}
	dir := t.TempDir()
	var files []string
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name+".json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, c := range cases {
		data := caseJSON(c.name, c.streams, "")
		_, err := ParseCase(data)
		if err == nil || !strings.Contains(err.Error(), c.code) {
			t.Errorf("%s: ParseCase = %v; want a refusal naming %s", c.name, err, c.code)
		}
		write(c.name, data)
	}
	for _, c := range defaults {
		data := caseJSON(c.name, `{"w":{"type":"writable"}}`, c.extra)
		_, err := ParseCase(data)
		if err == nil || !strings.Contains(err.Error(), c.code) {
			t.Errorf("%s: ParseCase = %v; want a refusal naming %s", c.name, err, c.code)
		}
		write(c.name, data)
	}
	// What Node accepts, conform accepts: a side option Node ignores, an
	// encoding in another case, the largest exact integer.
	for _, ok := range []string{
		`{"w":{"type":"writable","readableHighWaterMark":-1}}`,
		`{"p":{"type":"passthrough","highWaterMark":4,"readableHighWaterMark":-1}}`,
		`{"r":{"type":"readable","encoding":"Hex"}}`,
		`{"w":{"type":"writable","encoding":"klingon"}}`,
		`{"r":{"type":"readable","highWaterMark":9007199254740991}}`,
	} {
		if _, err := ParseCase(caseJSON("ok", ok, "")); err != nil {
			t.Errorf("ParseCase(%s) = %v; want it accepted, as Node accepts it", ok, err)
		}
	}

	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH: install Node 20, 22 and 24 with `make nodes`")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		want := ""
		for _, c := range cases {
			if c.name == name {
				want = c.code
			}
		}
		for _, c := range defaults {
			if c.name == name {
				want = c.code
			}
		}
		var stderr bytes.Buffer
		cmd := exec.Command(node, "../../tools/oracle/record.js", "-o", filepath.Join(dir, "out"), f)
		cmd.Stderr = &stderr
		if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), want) {
			t.Errorf("%s: real Node recorded it (%v, stderr %q); want it to throw %s", name, err, stderr.String(), want)
		}
	}
}

// TestWorkBounds: a case asking for more work than conform's bounds is
// refused with an error naming the bound.
func TestWorkBounds(t *testing.T) {
	ticks := strings.Repeat(`{"op":"tick"},`, maxOps)
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte(`{"format":"bpbench-oracle/1","name":"x","streams":{"w":{"type":"writable"}},"ops":[` + ticks + `{"op":"tick"}]}`), "replays at most 10000 ops"},
		{caseJSON("x", `{"r":{"type":"readable","source":{"mode":"sync","chunk":1,"total":67108864}},"s":{"type":"readable","source":{"mode":"sync","chunk":1,"total":1}}}`, ""), "more than 67108864 units"},
		{caseJSON("x", `{"r":{"type":"readable","highWaterMark":9223372036854775807}}`, ""), "above 2^53-1"},
	} {
		_, err := ParseCase(c.data)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("ParseCase = %v; want it accepted", err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("ParseCase = %v; want an error saying %q", err, c.want)
		}
	}
	if _, err := ParseCase(make([]byte, maxCaseBytes+1)); err == nil || !strings.Contains(err.Error(), "reads cases up to 4194304 bytes") {
		t.Errorf("a 4 MiB + 1 case: %v", err)
	}
	var ss []string
	for i := range maxStreams + 1 {
		ss = append(ss, fmt.Sprintf(`"w%d":{"type":"writable"}`, i))
	}
	if _, err := ParseCase(caseJSON("x", "{"+strings.Join(ss, ",")+"}", "")); err == nil || !strings.Contains(err.Error(), "at most 16 streams") {
		t.Errorf("17 streams: %v", err)
	}
	// The largest case accepted replays: maxOps ticks.
	c, err := ParseCase([]byte(`{"format":"bpbench-oracle/1","name":"x","streams":{"w":{"type":"writable"}},"ops":[` + strings.TrimSuffix(ticks, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if tr := Replay(c, stream.Node22); tr.Error != nil || len(tr.Steps) != maxOps {
		t.Fatalf("%d ticks: %d steps, error %v", maxOps, len(tr.Steps), tr.Error)
	}
}
