package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/calibration"
	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
)

// A sim cell takes the calibration measured in its node: runtime (Node by
// major version, Bun, Deno), whatever the order of the list; a runtime
// with none is refused at the calibration field's file:line:col.
func TestPickCalibrations(t *testing.T) {
	parts := &calibration.Parts{Version: 1, Gzip: &calibration.Part{Ratio: 0.75}, FSShm: &calibration.Part{}}
	cal := func(node string) *loadedCalibration {
		f := &calibration.File{Version: 1, Node: node, Parts: parts}
		return &loadedCalibration{file: f, meta: &results.Calibration{File: node + ".json"}}
	}
	cals := []*loadedCalibration{cal("deno 2.9.6 (Node compatibility v22.0.0)"), cal("v22.23.5"), cal("bun 1.4.5 (Node compatibility v24.3.0)"), cal("v20.20.2")}
	src := `name: pick
calibration: [a.json, b.json]
stop: { bytes: 1MiB }
stages: [ { name: gz, kind: gzip } ]
consumer: { kind: fs, dir: /dev/shm }
sweep:
  node: [20, 22, bun, deno]
`
	pick := func(src string, cals []*loadedCalibration) ([]plan.Cell, []*loadedCalibration, error) {
		t.Helper()
		s, err := scenario.Parse("pick.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		cells, err := plan.Expand(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pickCalibrations(s, cells, cals, false)
		return cells, got, err
	}
	cells, got, err := pick(src, cals)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"node=20": "v20.20.2", "node=22": "v22.23.5", "node=bun": "bun 1.4.5", "node=deno": "deno 2.9.6"}
	for i, c := range cells {
		if got[i] == nil || !strings.HasPrefix(got[i].file.Node, want[c.Name]) {
			t.Errorf("cell %s: calibration %v; want the one measured in %s", c.Name, got[i], want[c.Name])
		}
	}
	_, _, err = pick(src, cals[:2])
	var list scenario.ErrorList
	if !errors.As(err, &list) || list[0].Line != 2 || list[0].Col != 14 || !strings.Contains(list[0].Msg, "cell node=20 runs on sim as node 20") || !strings.Contains(list[0].Msg, "bpbench calibrate --node 20") {
		t.Errorf("no Node 20 calibration: err = %v; want pick.yaml:2:14 naming the cell and how to calibrate", err)
	}
	// A file without parts cannot model the gzip stage.
	bare := &loadedCalibration{file: &calibration.File{Version: 1, Node: "v20.20.2"}, meta: &results.Calibration{File: "bare.json"}}
	_, _, err = pick(strings.Replace(src, "[20, 22, bun, deno]", "[20]", 1), []*loadedCalibration{bare})
	if err == nil || !strings.Contains(err.Error(), "bare.json has no figures of stage gz (gzip)") {
		t.Errorf("calibration without parts: err = %v; want it refused naming the part", err)
	}
}
