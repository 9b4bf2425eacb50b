package bench

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/starter-sim.golden")

// goldenFile holds the SHA-256 of the uncalibrated sim engine's Result
// (as JSON) of every cell of every starter scenario, repeat 0.
const goldenFile = "testdata/starter-sim.golden"

// TestStarterResultsUnchanged runs every starter scenario's cells on the
// uncalibrated sim engine and compares a hash of each Result with the
// golden file: a change to the model or the metrics that moves any result
// by one byte shows here, cell by cell. Run with -update after a change
// meant to move results, and say why in the commit.
func TestStarterResultsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every starter cell")
	}
	var got strings.Builder
	for _, p := range loadPlans(t) {
		for _, c := range p.cells {
			res, err := (sim.Engine{}).Run(context.Background(), c.Config.EngineConfig(c.Seed))
			if err != nil {
				t.Fatalf("%s/%s: %v", p.name, c.Name, err)
			}
			b, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&got, "%s/%s %x\n", p.name, c.Name, sha256.Sum256(b))
		}
	}
	if *update {
		if err := os.WriteFile(goldenFile, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test ./bench -run StarterResultsUnchanged -update)", err)
	}
	g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
	if len(g) != len(w) {
		t.Errorf("%d cells; golden has %d", len(g)-1, len(w)-1)
	}
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			t.Errorf("result changed: got %q; golden %q", g[i], w[i])
		}
	}
}
