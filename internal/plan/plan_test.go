package plan

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/results"
	"github.com/bpbench/bpbench/internal/scenario"
)

func parse(t *testing.T, src string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func names(cells []Cell) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(c.Name)
		b.WriteByte('#')
		b.WriteByte(byte('0' + c.Repeat))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestExpandSweepWithExclude(t *testing.T) {
	t.Parallel()
	s := parse(t, `
stop: {bytes: 1MiB}
repeat: 2
sweep:
  highWaterMark: [1KiB, 16KiB, node22]
  producer.chunk: [512B, 4096]
exclude:
  - {highWaterMark: 1KiB, producer.chunk: 4KiB}
  - {highWaterMark: [node22]}
`)
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `hwm=1KiB/chunk=512B#0
hwm=1KiB/chunk=512B#1
hwm=16KiB/chunk=512B#0
hwm=16KiB/chunk=512B#1
hwm=16KiB/chunk=4KiB#0
hwm=16KiB/chunk=4KiB#1
`
	if got := names(cells); got != want {
		t.Errorf("Expand names:\n%s\nwant:\n%s", got, want)
	}
	for i, c := range cells {
		if c.Index != i || c.Scenario != "t" {
			t.Errorf("cell %d: Index %d, Scenario %q", i, c.Index, c.Scenario)
		}
	}
	// The point's values are applied to the config the engine runs.
	c := cells[4].Config
	if c.HighWaterMark.Value != 16<<10 || c.Producer.Chunk.Size != 4<<10 || c.Consumers[0].HighWaterMark.Value != 16<<10 {
		t.Errorf("cell %s: hwm %v, chunk %v, consumer hwm %v", cells[4].Name, c.HighWaterMark, c.Producer.Chunk, c.Consumers[0].HighWaterMark)
	}
	if cells[4].Config != cells[5].Config {
		t.Errorf("the repeats of a point do not share its config")
	}
}

func TestExpandNoSweep(t *testing.T) {
	t.Parallel()
	s := parse(t, "stop: {bytes: 1MiB}\nrepeat: 3\n")
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(cells); got != "default#0\ndefault#1\ndefault#2\n" {
		t.Errorf("Expand names = %q; want default#0..2", got)
	}
	if cells[0].Config.Sweep != nil || cells[0].Params != nil {
		t.Errorf("a point without sweep has Sweep %v, Params %v", cells[0].Config.Sweep, cells[0].Params)
	}
}

func TestSeeds(t *testing.T) {
	t.Parallel()
	s := parse(t, `
stop: {bytes: 1MiB}
seed: 7
repeat: 2
sweep: {highWaterMark: [1KiB, 16KiB]}
`)
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	// Exact values (checked against an independent Python rendering of
	// FNV-1a + SplitMix64): a change to the derivation changes every
	// result, so it must be deliberate.
	want := []uint64{0xde76c718d0c10088, 0x0024d4c8b328e3fd, 0x75ec2f5b5bf4a3eb, 0x741a81eb2bb86adc}
	seen := map[uint64]bool{}
	for i, c := range cells {
		if c.Seed != Seed(7, c.Name, c.Repeat) {
			t.Errorf("cell %d seed %#x; want Seed(7, %q, %d)", i, c.Seed, c.Name, c.Repeat)
		}
		if seen[c.Seed] {
			t.Errorf("cell %d seed %#x repeats", i, c.Seed)
		}
		seen[c.Seed] = true
		if c.Seed != want[i] {
			t.Errorf("cell %d (%s#%d) seed = %#x; want %#x", i, c.Name, c.Repeat, c.Seed, want[i])
		}
	}
	again, _ := Expand(s)
	for i := range cells {
		if again[i].Seed != cells[i].Seed {
			t.Errorf("cell %d seed %#x then %#x", i, cells[i].Seed, again[i].Seed)
		}
	}
	if Seed(1, "default", 0) == Seed(2, "default", 0) {
		t.Errorf("the scenario seed does not change the cell seed")
	}
}

func TestKeysAndValues(t *testing.T) {
	t.Parallel()
	s := parse(t, `
stop: {bytes: 1MiB}
stages: [{}, {}]
consumer: {rate: 1MiB/s}
sweep:
  producer.rate: [10MiB/s, 1000/s]
  consumer.rate: [100Mbit/s]
  stages.0.cost: [5ms/MiB]
  stages.1.readableHighWaterMark: [64KiB]
  consumer.stalls.every: [1500ms]
  consumer.stalls.for: [1ms]
`)
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	want := "producer.rate=10MiBps/consumer.rate=12.5MBps/cost=5msperMiB/rhwm=64KiB/every=1.5s/for=1ms#0\n" +
		"producer.rate=1000chunksps/consumer.rate=12.5MBps/cost=5msperMiB/rhwm=64KiB/every=1.5s/for=1ms#0\n"
	if got := names(cells); got != want {
		t.Errorf("names:\n%s\nwant:\n%s", got, want)
	}
}

func TestValue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"16KiB", "16KiB"},
		{"10MiB/s", "10MiBps"},
		{"1000chunks/s", "1000chunksps"},
		{"20us+5ms/MiB", "20us+5msperMiB"},
		{"node22", "node22"},
		{"/usr/bin/node", "_usr_bin_node"},
		{"a b=c", "a_b_c"},
	} {
		if got := results.NameValue(tt.in); got != tt.want {
			t.Errorf("NameValue(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuickstart(t *testing.T) {
	t.Parallel()
	s, err := scenario.ParseFile("../../scenarios/quickstart.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 7*2*3 {
		t.Fatalf("quickstart: %d cells; want 42", len(cells))
	}
	if cells[0].Name != "hwm=4KiB/chunk=4KiB" || cells[41].Name != "hwm=16MiB/chunk=64KiB" {
		t.Errorf("quickstart: first %s, last %s", cells[0].Name, cells[41].Name)
	}
}

// TestStarterScenariosRun checks that every starter scenario parses and that
// every cell it plans passes engine.Config.Validate: validate's answer is
// run's.
func TestStarterScenariosRun(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	if len(files) == 0 {
		t.Fatal("no starter scenarios")
	}
	for _, f := range files {
		s, err := scenario.ParseFile(f)
		if err != nil {
			t.Errorf("ParseFile(%s): %v", f, err)
			continue
		}
		cells, err := Expand(s)
		if err != nil {
			t.Errorf("Expand(%s): %v", f, err)
			continue
		}
		for _, c := range cells {
			if err := c.Engine.Validate(); err != nil {
				t.Errorf("%s cell %s: Validate() = %v; want nil", f, c.Name, err)
			}
		}
	}
}

// The same point on several engines (and Nodes) gets the same seeds, so
// the model is compared with the measurement on the same draws.
func TestEngineSweepSharesSeeds(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("e.yaml", []byte(`repeat: 2
stop: { bytes: 1MiB }
consumer: { rate: 1MiB/s, jitter: 0.2 }
sweep: { engine: [sim, node], highWaterMark: [4KiB, 16KiB] }
`))
	if err != nil {
		t.Fatal(err)
	}
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	seeds := map[string]uint64{}
	distinct := map[uint64]bool{}
	for _, c := range cells {
		k := fmt.Sprintf("%s#%d", c.Params[1].Value.Text, c.Repeat)
		if prev, ok := seeds[k]; ok && prev != c.Seed {
			t.Errorf("%s#%d: seed %#x; the same point on the other engine has %#x", c.Name, c.Repeat, c.Seed, prev)
		}
		seeds[k] = c.Seed
		distinct[c.Seed] = true
	}
	if len(distinct) != 4 {
		t.Errorf("%d distinct seeds; want 4 (2 points x 2 repeats)", len(distinct))
	}
}

// TestExpandWorkBound: a plan whose cells could make more than MaxWork
// chunks in all is refused, the bound named at the stop condition.
func TestExpandWorkBound(t *testing.T) {
	t.Parallel()
	var vals []string
	for i := range 1000 {
		vals = append(vals, fmt.Sprintf("%dB", i+1))
	}
	// 1,000 points × repeat 100 = 100,000 cells of 1e9 chunks each.
	s := parse(t, "stop: {chunks: 1e9}\nconsumer: {rate: 1GiB/s}\nrepeat: 100\nsweep: {highWaterMark: ["+strings.Join(vals, ", ")+"]}\n")
	_, err := Expand(s)
	var list scenario.ErrorList
	if !errors.As(err, &list) || !strings.HasPrefix(err.Error(), "t.yaml:1:7: plan: 1000 points × repeat 100 could make more than 1e+11 chunks in all") {
		t.Errorf("Expand(100,000 cells × 1e9 chunks) = %v; want t.yaml:1:7: plan: ... more than 1e+11 chunks", err)
	}
	// The same plan with short cells is fine.
	s = parse(t, "stop: {chunks: 1000}\nconsumer: {rate: 1GiB/s}\nrepeat: 100\nsweep: {highWaterMark: ["+strings.Join(vals, ", ")+"]}\n")
	if cells, err := Expand(s); err != nil || len(cells) != 100_000 {
		t.Errorf("Expand(100,000 cells × 1000 chunks) = %d cells, %v; want 100000, nil", len(cells), err)
	}
}

// TestExpandWorkBoundPipelines: every pipeline makes its own chunks, so a
// plan's work counts pipelines × chunks: 120 cells of 1000 pipelines of
// 900,000 chunks (9e8 a cell, under the cell's bound) are 1.08e11, over
// the plan's; the same cells with one pipeline each are fine.
func TestExpandWorkBoundPipelines(t *testing.T) {
	t.Parallel()
	const body = "stop: {chunks: 900000}\nconsumer: {rate: 1GiB/s}\nrepeat: 10\nsweep: {highWaterMark: [1KiB, 2KiB, 3KiB, 4KiB, 5KiB, 6KiB, 7KiB, 8KiB, 9KiB, 10KiB, 11KiB, 12KiB]}\n"
	if _, err := Expand(parse(t, "pipelines: 1000\n"+body)); err == nil || !strings.Contains(err.Error(), "more than 1e+11 chunks in all") {
		t.Errorf("Expand(120 cells × 1000 pipelines × 9e5 chunks) = %v; want the plan's bound", err)
	}
	if cells, err := Expand(parse(t, body)); err != nil || len(cells) != 120 {
		t.Errorf("Expand(120 cells × 9e5 chunks) = %d cells, %v; want 120, nil", len(cells), err)
	}
}

// TestMeta: run.json's scenario part comes from the scenario and its cells:
// the text's hash, the sweep axes with their keys and values as written,
// the thresholds and the number of cells.
func TestMeta(t *testing.T) {
	t.Parallel()
	s := parse(t, `
name: m
stop: {bytes: 1MiB}
repeat: 2
sweep:
  highWaterMark: [1KiB, node22]
thresholds:
  throughput: "> 1MiB/s"
`)
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	m := Meta(s, cells)
	if m.Scenario != "m" || m.Cells != 4 || m.SHA256 != results.SHA256(s.Source) || m.Repeat != 2 {
		t.Errorf("Meta = %+v; want scenario m, 4 cells, the text's hash, repeat 2", m)
	}
	if len(m.Sweep) != 1 || m.Sweep[0].Key != "hwm" || !reflect.DeepEqual(m.Sweep[0].Values, []string{"1KiB", "node22"}) {
		t.Errorf("Sweep = %+v; want hwm: 1KiB, node22", m.Sweep)
	}
	if len(m.Thresholds) != 1 || m.Thresholds[0].Metric != "throughput" || m.Thresholds[0].Value != 1<<20 {
		t.Errorf("Thresholds = %+v; want throughput > 1MiB/s", m.Thresholds)
	}
}

// TestOverride: --engine and --timing reach every cell, through one copy
// per resolved scenario, and leave the parsed scenario as it was.
func TestOverride(t *testing.T) {
	t.Parallel()
	s := parse(t, `
stop: {bytes: 1MiB}
repeat: 2
sweep:
  highWaterMark: [1KiB, 16KiB]
`)
	cells, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	before := cells[0].Config
	Override(cells, scenario.Node, "", scenario.Ideal)
	for _, c := range cells {
		if c.Config.Engine != scenario.Node || c.Config.Timing != scenario.Ideal {
			t.Errorf("%s: engine %s, timing %s; want node, ideal", c.Name, c.Config.Engine, c.Config.Timing)
		}
	}
	if before.Engine == scenario.Node || cells[0].Config == before {
		t.Error("Override changed the parsed scenario; want a copy")
	}
	if cells[0].Config != cells[1].Config {
		t.Error("two repeats of one point got two copies; want one shared")
	}
}
