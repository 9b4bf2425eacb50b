package scenario

import (
	"strings"
	"testing"
)

// runtime: is node: by another name: the same scenario, the same sweep,
// the same point names (node=…), the same exclusions.
func TestRuntimeAlias(t *testing.T) {
	t.Parallel()
	parse := func(src string) *Scenario {
		t.Helper()
		s, err := Parse("alias.yaml", []byte(src))
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		return s
	}
	for _, v := range []string{"20", "22", "24", "bun", "deno", "/opt/node/bin/node"} {
		byNode := parse("engine: node\nnode: " + v + "\nstop: {bytes: 1MiB}\n")
		byRuntime := parse("engine: node\nruntime: " + v + "\nstop: {bytes: 1MiB}\n")
		if byRuntime.Node != v || byRuntime.Node != byNode.Node || byRuntime.Profile.Name != byNode.Profile.Name || byRuntime.HighWaterMark != byNode.HighWaterMark {
			t.Errorf("runtime: %s gives node %q, profile %s, highWaterMark %v; node: %s gives %q, %s, %v",
				v, byRuntime.Node, byRuntime.Profile.Name, byRuntime.HighWaterMark, v, byNode.Node, byNode.Profile.Name, byNode.HighWaterMark)
		}
	}
	// Swept, and excluded by either name.
	const sweep = "engine: node\nstop: {bytes: 1MiB}\nsweep:\n  %s: [20, 22, bun, deno]\n  highWaterMark: [16KiB, 64KiB]\nexclude:\n  - {%s: deno, highWaterMark: 16KiB}\n"
	names := func(s *Scenario) []string {
		var out []string
		for _, p := range s.Points() {
			c, err := s.With(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, pointName(p)+" → "+c.Node)
		}
		return out
	}
	want := strings.Join(names(parse(strings.NewReplacer("%s", "node").Replace(sweep))), "; ")
	if !strings.HasPrefix(want, "node=20, highWaterMark=16KiB → 20") || strings.Contains(want, "node=deno, highWaterMark=16KiB") {
		t.Fatalf("node: sweep's points = %s; want node=20 first and deno at 16KiB excluded (the test's premise)", want)
	}
	for _, spell := range [][2]string{{"runtime", "runtime"}, {"runtime", "node"}, {"node", "runtime"}} {
		src := strings.Replace(strings.Replace(sweep, "%s", spell[0], 1), "%s", spell[1], 1)
		s := parse(src)
		if s.Sweep[0].Path != "node" {
			t.Errorf("sweep %s: path %q; want node (results name points node=…)", spell[0], s.Sweep[0].Path)
		}
		if got := strings.Join(names(s), "; "); got != want {
			t.Errorf("sweep %s, exclude %s: points\n%s\nwant (as node:)\n%s", spell[0], spell[1], got, want)
		}
	}
}

// A runtime: value is checked as node:'s, at its own position.
func TestRuntimeAliasErrorPosition(t *testing.T) {
	t.Parallel()
	_, err := Parse("a.yaml", []byte("engine: node\nstop: {bytes: 1MiB}\nsweep:\n  runtime: [22, 22]\n"))
	if err == nil || !strings.Contains(err.Error(), "a.yaml:4:17: sweep.node: 22 is already in the list") {
		t.Errorf("err = %v; want a.yaml:4:17: sweep.node: 22 is already in the list", err)
	}
}
