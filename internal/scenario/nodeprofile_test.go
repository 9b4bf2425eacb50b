package scenario

import (
	"testing"
)

// On the node engine, highWaterMark default means the default of the Node
// that node: names (Node 20: 16KiB; 22 and 24: 64KiB), on every sweep point
// and after an override, so a Node 20 cell buffers what Node 20 would.
func TestDefaultFollowsNode(t *testing.T) {
	t.Parallel()
	src := `engine: node
stop: { bytes: 1MiB }
consumer: { rate: 1MiB/s }
sweep: { node: ["20", "22", "24"] }
`
	s, err := Parse("n.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"20": 16 << 10, "22": 64 << 10, "24": 64 << 10}
	for _, p := range s.Points() {
		c, err := s.With(p)
		if err != nil {
			t.Fatal(err)
		}
		w := want[c.Node]
		if c.Producer.HighWaterMark.Value != w || c.Consumers[0].HighWaterMark.Value != w {
			t.Errorf("node %s: producer %d, consumer %d; want %d", c.Node, c.Producer.HighWaterMark.Value, c.Consumers[0].HighWaterMark.Value, w)
		}
	}
	o, err := s.Override("node", "20")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Producer.HighWaterMark.Value; got != 16<<10 || o.Profile.Name != "node20" {
		t.Errorf("Override(node, 20): highWaterMark %d, profile %s; want 16384, node20", got, o.Profile.Name)
	}
	if len(o.Sweep) != 1 {
		t.Errorf("Override lost the sweep: %v", o.Sweep)
	}
	// An explicit profile wins over node:.
	p, err := Parse("p.yaml", []byte("engine: node\nnode: \"20\"\nprofile: node22\nstop: { bytes: 1MiB }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Producer.HighWaterMark.Value; got != 64<<10 {
		t.Errorf("profile node22 with node 20: highWaterMark %d; want 65536", got)
	}
}
