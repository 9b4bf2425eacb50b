package conform

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

var only = flag.String("case", "", "run only cases whose name contains this")

// TestRecordedTraces replays every case in testdata/cases and requires the
// trace recorded on real Node 20 and Node 22 (testdata/node20, node22).
func TestRecordedTraces(t *testing.T) {
	cases, err := filepath.Glob("testdata/cases/*.json")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, v := range []struct {
		dir     string
		profile stream.Profile
	}{{"node20", stream.Node20}, {"node22", stream.Node22}} {
		t.Run(v.dir, func(t *testing.T) {
			failed := 0
			for _, path := range cases {
				name := strings.TrimSuffix(filepath.Base(path), ".json")
				if *only != "" && !strings.Contains(name, *only) {
					continue
				}
				c, err := ReadCase(path)
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join("testdata", v.dir, name+".json"))
				if err != nil {
					t.Fatalf("%s: no golden: %v", name, err)
				}
				got := Replay(c, v.profile).Marshal()
				if diff := Compare(got, want); diff != "" {
					failed++
					if failed <= 10 {
						t.Errorf("%s: %s", name, diff)
					}
				}
			}
			if failed > 0 {
				t.Errorf("%d of %d cases differ from real %s", failed, len(cases), v.dir)
			}
		})
	}
}

// Compare compares two traces after JSON parsing, ignoring "node", and
// describes the first difference ("" when equal).
func Compare(got, want []byte) string {
	var g, w map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		return "got: " + err.Error()
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return "want: " + err.Error()
	}
	delete(g, "node")
	delete(w, "node")
	if reflect.DeepEqual(g, w) {
		return ""
	}
	for _, k := range []string{"init"} {
		if !reflect.DeepEqual(g[k], w[k]) {
			return fmt.Sprintf("%s:\n got %s\nwant %s", k, js(g[k]), js(w[k]))
		}
	}
	gs, _ := g["steps"].([]any)
	ws, _ := w["steps"].([]any)
	for i := 0; i < len(gs) && i < len(ws); i++ {
		if !reflect.DeepEqual(gs[i], ws[i]) {
			return fmt.Sprintf("step %d:\n got %s\nwant %s", i, js(gs[i]), js(ws[i]))
		}
	}
	for _, k := range []string{"tail", "error"} {
		if !reflect.DeepEqual(g[k], w[k]) {
			return fmt.Sprintf("%s:\n got %s\nwant %s", k, js(g[k]), js(w[k]))
		}
	}
	return fmt.Sprintf("steps: got %d, want %d", len(gs), len(ws))
}

func js(v any) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.Encode(v)
	return strings.TrimSpace(b.String())
}
