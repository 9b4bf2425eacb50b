package conform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

// FuzzReplay feeds arbitrary case files to the parser and replayer: either
// the parser refuses a case, or the replay finishes without panicking. The
// case's own bounds (validate) keep the work of any accepted case small,
// so nothing is skipped here.
func FuzzReplay(f *testing.F) {
	paths, _ := filepath.Glob("testdata/cases/h*.json")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format":"bpbench-oracle/1","name":"x","streams":{"w":{"type":"writable"}},"ops":[{"op":"push","s":"w","size":1}]}`))
	f.Add([]byte(`{"format":"bpbench-oracle/1","name":"self","streams":{"p":{"type":"passthrough","highWaterMark":4}},"ops":[{"op":"pipe","from":"p","to":"p"},{"op":"write","s":"p","size":2},{"op":"tick"}]}`))
	f.Add([]byte(`{"format":"bpbench-oracle/1","name":"aba","streams":{"a":{"type":"passthrough","highWaterMark":4},"b":{"type":"passthrough","highWaterMark":4}},"ops":[{"op":"pipe","from":"a","to":"b"},{"op":"pipe","from":"b","to":"a"},{"op":"write","s":"a","size":2},{"op":"tick"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCase(data)
		if err != nil {
			return
		}
		checkTrace(t, Replay(c, stream.Node22))
	})
}

// FuzzReplayOps builds cases from the fuzzer's bytes: up to four streams of
// any type and up to 64 ops, each drawn to suit the streams (pipes from any
// readable side to any writable side, the same stream or back up the chain
// included: self-pipes and cycles), so that mutations explore behaviour,
// not JSON syntax. Every case it builds must replay without panicking.
func FuzzReplayOps(f *testing.F) {
	f.Add([]byte{0, 3, 2, 0, 0, 0, 0, 0, 13, 0, 0, 0, 0, 2, 2, 0, 9})
	f.Add([]byte{1, 3, 2, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 13, 0, 1, 13, 1, 0, 0, 0, 3, 9, 9})
	f.Add([]byte{2, 0, 2, 0, 1, 1, 0, 0, 1, 0, 2, 1, 0, 2, 0, 0, 13, 1, 2, 0, 0, 3, 5, 9, 1, 1, 7, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := genCase(data)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := ParseCase(b)
		if err != nil {
			t.Fatalf("generated case refused: %v\n%s", err, b)
		}
		checkTrace(t, Replay(parsed, stream.Node22))
		checkTrace(t, Replay(parsed, stream.Node20))
	})
}

// checkTrace requires a trace that marshals to JSON.
func checkTrace(t *testing.T, tr *Trace) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(tr.Marshal(), &v); err != nil {
		t.Fatalf("trace is not JSON: %v", err)
	}
}

// genCase is the case generator of FuzzReplayOps, as the JSON of a case.
func genCase(data []byte) map[string]any {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	pick := func(xs ...any) any { return xs[next()%len(xs)] }
	type st struct{ id, typ string }
	n := 1 + next()%4
	streams := map[string]any{}
	var ss []st
	for i := range n {
		id := string(rune('a' + i))
		typ := pick("writable", "readable", "transform", "passthrough").(string)
		spec := map[string]any{"type": typ}
		if hwm := pick(nil, 0, 1, 2, 4, 16); hwm != nil {
			spec["highWaterMark"] = hwm
		}
		if next()%4 == 0 {
			spec["objectMode"] = true
		}
		switch typ {
		case "writable":
			spec["consumer"] = pick("manual", "sync", "tick")
			spec["writev"] = next()%2 == 0
		case "readable":
			spec["source"] = map[string]any{"mode": pick("manual", "sync", "tick"), "chunk": next() % 8, "total": next() % 64}
		case "transform":
			spec["mode"] = pick("sync", "tick", "manual")
			if o := pick(nil, 0, 1, 3); o != nil {
				spec["outSize"] = o
			}
		}
		streams[id] = spec
		ss = append(ss, st{id, typ})
	}
	side := func(want string) (string, bool) {
		var ok []string
		for _, s := range ss {
			if want == "r" && s.typ != "writable" || want == "w" && s.typ != "readable" {
				ok = append(ok, s.id)
			}
		}
		if len(ok) == 0 {
			return "", false
		}
		return ok[next()%len(ok)], true
	}
	var ops []any
	for k := 0; len(data) > 0 && k < 64; k++ {
		kind := next() % 16
		var op map[string]any
		switch kind {
		case 0, 1:
			if s, ok := side("w"); ok {
				op = map[string]any{"op": "write", "s": s, "size": next() % 9, "cb": fmt.Sprint(k)}
			}
		case 2:
			if s, ok := side("w"); ok {
				op = map[string]any{"op": pick("end", "cork", "uncork").(string), "s": s}
			}
		case 3, 4:
			if s, ok := side("r"); ok {
				op = map[string]any{"op": "push", "s": s, "size": next() % 9}
				if next()%8 == 0 {
					op = map[string]any{"op": "push", "s": s, "eof": true}
				}
			}
		case 5:
			if s, ok := side("r"); ok {
				op = map[string]any{"op": "read", "s": s}
				if m := next() % 12; m < 10 {
					op["n"] = m
				}
			}
		case 6:
			if s, ok := side("r"); ok {
				op = map[string]any{"op": pick("pause", "resume").(string), "s": s}
			}
		case 7:
			op = map[string]any{"op": "complete", "s": ss[next()%len(ss)].id}
			if next()%8 == 0 {
				op["error"] = "EBOOM"
			}
		case 8:
			op = map[string]any{"op": pick("on", "off").(string), "s": ss[next()%len(ss)].id,
				"event": pick("data", "readable", "drain", "end", "finish", "close").(string)}
		case 9, 10:
			op = map[string]any{"op": "tick"}
		case 11:
			op = map[string]any{"op": "destroy", "s": ss[next()%len(ss)].id}
			if next()%2 == 0 {
				op["error"] = "EBOOM"
			}
		case 12:
			if from, ok := side("r"); ok {
				op = map[string]any{"op": "unpipe", "from": from}
				if to, ok := side("w"); ok && next()%2 == 0 {
					op["to"] = to
				}
			}
		case 13, 14:
			from, ok1 := side("r")
			to, ok2 := side("w")
			if ok1 && ok2 {
				op = map[string]any{"op": "pipe", "from": from, "to": to}
				if next()%4 == 0 {
					op["end"] = false
				}
			}
		case 15:
			first, ok := side("r")
			if !ok {
				break
			}
			list := []string{first}
			for range 1 + next()%3 {
				if s, ok := side("w"); ok {
					list = append(list, s)
				}
			}
			if len(list) >= 2 {
				op = map[string]any{"op": "pipeline", "streams": list}
			}
		}
		if op != nil {
			ops = append(ops, op)
		}
	}
	return map[string]any{"format": "bpbench-oracle/1", "name": "fuzz", "streams": streams, "ops": ops}
}

// TestDumpGenCase writes the case FuzzReplayOps builds from the corpus file
// named by BPB_GEN (a go test fuzz v1 file) to BPB_GEN_OUT, to record it
// on real Node: BPB_GEN=testdata/fuzz/FuzzReplayOps/x BPB_GEN_OUT=/tmp/x.json.
func TestDumpGenCase(t *testing.T) {
	in, out := os.Getenv("BPB_GEN"), os.Getenv("BPB_GEN_OUT")
	if in == "" || out == "" {
		t.Skip("set BPB_GEN and BPB_GEN_OUT")
	}
	b, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	data, err := parseCorpus(b)
	if err != nil {
		t.Fatal(err)
	}
	c := genCase(data)
	c["name"] = strings.TrimSuffix(filepath.Base(out), ".json")
	j, _ := json.Marshal(c)
	if err := os.WriteFile(out, j, 0o644); err != nil {
		t.Fatal(err)
	}
}

// parseCorpus reads the []byte of a one-argument go test fuzz v1 file.
func parseCorpus(b []byte) ([]byte, error) {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") {
		return nil, fmt.Errorf("not a one-[]byte corpus file")
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	return []byte(s), err
}
