package shard

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/plan"
	"github.com/bpbench/bpbench/internal/scenario"
)

func expand(t *testing.T, text string) []plan.Cell {
	t.Helper()
	s, err := scenario.Parse("t.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	cells, err := plan.Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	return cells
}

// wallSweep is a realtime sweep whose cells last 1s, 2s, 4s and 8s.
const wallSweep = `name: w
engine: realtime
repeat: 2
stop: { bytes: 1MiB }
producer: { chunk: 1KiB }
consumer: { rate: 1MiB/s }
sweep:
  consumer.rate: [1MiB/s, 512KiB/s, 256KiB/s, 128KiB/s]
`

func TestEstimate(t *testing.T) {
	t.Parallel()
	cells := expand(t, wallSweep)
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		c := cells[2*i]
		if got := Estimate(c.Config); !near(got, want+realtimeCell) {
			t.Errorf("Estimate(%s) = %v; want %v", c.Name, got, want+realtimeCell)
		}
	}
	capped := expand(t, "name: c\nengine: node\nstop: { bytes: 1GiB, duration: 3s }\nproducer: { chunk: 1KiB }\nconsumer: { rate: 1MiB/s, stalls: { every: 1s, for: 500ms } }\n")
	if got := Estimate(capped[0].Config); got != 3*time.Second+nodeCell {
		t.Errorf("Estimate(stop.duration 3s) = %v; want %v", got, 3*time.Second+nodeCell)
	}
	stalled := expand(t, "name: s\nengine: realtime\nstop: { bytes: 1MiB }\nproducer: { chunk: 1KiB }\nconsumer: { rate: 1MiB/s, stalls: { every: 1s, for: 500ms } }\n")
	if got := Estimate(stalled[0].Config); !near(got, 2*time.Second+realtimeCell) {
		t.Errorf("Estimate(stalled half the time) = %v; want %v", got, 2*time.Second+realtimeCell)
	}
	sim := expand(t, "name: m\nstop: { bytes: 1MiB }\nproducer: { chunk: 1KiB }\nconsumer: { rate: 1MiB/s }\n")
	if got, want := Estimate(sim[0].Config), 1024*2*simPerChunk+simCell; got != want {
		t.Errorf("Estimate(sim, 1024 chunks) = %v; want %v", got, want)
	}
}

// TestSplitBalances: dealing the longest cells first gives shards of equal
// expected time where every N-th cell would not.
func TestSplitBalances(t *testing.T) {
	t.Parallel()
	cells := expand(t, wallSweep) // 1,1,2,2,4,4,8,8 seconds
	if loads := Loads(cells, 2); loads[0] != loads[1] {
		t.Fatalf("Loads(2) = %v; want two equal loads (15s each)", loads)
	}
	if four := Loads(cells, 4); slices.Max(four) != 8*time.Second+realtimeCell {
		t.Fatalf("Loads(4) = %v; want the longest shard to be one 8s cell", four)
	}
	// 8s, 1s, 4s, 2s: every other cell would give shards of 12s and 3s.
	odd := expand(t, strings.Replace(strings.Replace(wallSweep, "repeat: 2", "repeat: 1", 1),
		"[1MiB/s, 512KiB/s, 256KiB/s, 128KiB/s]", "[128KiB/s, 1MiB/s, 256KiB/s, 512KiB/s]", 1))
	var rr [2]time.Duration
	for k, c := range odd {
		rr[k%2] += Estimate(c.Config)
	}
	loads := Loads(odd, 2)
	if slices.Max(loads) >= max(rr[0], rr[1]) || slices.Max(loads) > 8*time.Second+realtimeCell+time.Millisecond {
		t.Fatalf("Loads = %v; want the longest shard 8s, shorter than every other cell's %v", loads, rr)
	}
}

// TestSplitPartitions: the shards hold every cell once, in plan order, for
// any n, and the same plan splits the same way every time.
func TestSplitPartitions(t *testing.T) {
	t.Parallel()
	cells := expand(t, wallSweep+"  highWaterMark: [1KiB, 16KiB, 64KiB]\n")
	for n := 1; n <= len(cells)+2; n++ {
		seen := map[int]int{}
		for i := range n {
			part := Split(cells, i, n)
			if !slices.IsSortedFunc(part, func(a, b plan.Cell) int { return a.Index - b.Index }) {
				t.Fatalf("Split(%d/%d) is not in plan order", i, n)
			}
			again := Split(cells, i, n)
			if fmt.Sprint(indexes(part)) != fmt.Sprint(indexes(again)) {
				t.Fatalf("Split(%d/%d) = %v, then %v", i, n, indexes(part), indexes(again))
			}
			for _, c := range part {
				seen[c.Index]++
			}
		}
		for k := range cells {
			if seen[k] != 1 {
				t.Fatalf("n=%d: cell %d is in %d shards; want 1", n, k, seen[k])
			}
		}
	}
}

// TestSplitEqualCellsRoundRobin: cells of equal estimate go k → k mod n,
// as --shard I/N always did.
func TestSplitEqualCellsRoundRobin(t *testing.T) {
	t.Parallel()
	cells := expand(t, "name: e\nrepeat: 5\nstop: { bytes: 1MiB }\nproducer: { chunk: 1KiB }\nsweep: { highWaterMark: [1KiB, 2KiB, 4KiB] }\n")
	for k, s := range Assign(cells, 4) {
		if s != k%4 {
			t.Fatalf("Assign: cell %d to shard %d; want %d", k, s, k%4)
		}
	}
}

// near reports whether a is b within a millisecond (a chunk's time is
// rounded to the nanosecond, then multiplied by the chunks).
func near(a, b time.Duration) bool { return (a - b).Abs() < time.Millisecond }

func indexes(cells []plan.Cell) []int {
	var out []int
	for _, c := range cells {
		out = append(out, c.Index)
	}
	return out
}

// TestTake: the shards of a plan share its points and size and hold every
// cell once between them.
func TestTake(t *testing.T) {
	t.Parallel()
	var cells []plan.Cell
	for i := range 6 {
		cells = append(cells, plan.Cell{Scenario: "s", Name: fmt.Sprintf("p%d", i/2), Repeat: i % 2, Config: &scenario.Scenario{}})
	}
	total := 0
	for i := range 2 {
		got, part := Take(cells, Spec{Index: i, Count: 2, From: "--shard"})
		total += len(got)
		if part.PlanCells != 6 || len(part.Points) != 3 || part.Index != i || part.Count != 2 || part.From != "--shard" {
			t.Errorf("shard %d: %+v; want 6 plan cells, points p0 p1 p2", i, part)
		}
	}
	if total != 6 {
		t.Errorf("the two shards hold %d cells; want 6", total)
	}
}
