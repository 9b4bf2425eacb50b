package conform

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

var only = flag.String("case", "", "run only cases whose name contains this")

// TestRecordedTraces replays every case in testdata/cases and requires the
// trace recorded on real Node 20 and Node 22 (testdata/node20, node22).
func TestRecordedTraces(t *testing.T) { testTraces(t, "testdata") }

// TestCycleTraces replays pipe cycles (a stream piped to itself, a -> b ->
// a) that real Node either settles or loops on forever until the
// recorder's runaway guard stops it: the model must give the same trace,
// the abort included, and never panic. They are kept apart from
// testdata/cases, whose recordings must not abort (tools/oracle/record.sh).
func TestCycleTraces(t *testing.T) { testTraces(t, "testdata/cycles") }

func testTraces(t *testing.T, dir string) {
	cases, err := filepath.Glob(filepath.Join(dir, "cases", "*.json"))
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
				want, err := os.ReadFile(filepath.Join(dir, v.dir, name+".json"))
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
