package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hostile generates scenario files built to cost a parser time or memory,
// each at most about n bytes. The red team's full-size files are
// hostile(1<<20 - 4096); the fuzz corpus takes small ones.
func hostile(n int) map[string][]byte {
	const stop = "stop: {bytes: 1MiB}\n"
	rep := func(head, unit, tail string) []byte {
		k := max((n-len(head)-len(tail))/len(unit), 1)
		return []byte(head + strings.Repeat(unit, k) + tail)
	}
	files := map[string][]byte{
		// Block sequences nested on one line: - - - - ... x
		"nested-block": rep(stop+"x-a: ", "- ", "x\n"),
		// Flow sequences nested past any sane depth.
		"nested-flow": rep(stop+"x-a: ", "[", "\n"),
		// '[' inside a quoted string and a comment is no nesting.
		"brackets-quoted": []byte(stop + "description: \"" + strings.Repeat("[", 70) + "\"\n# " + strings.Repeat("{", 70) + "\n"),
		// Many anchors, each used once.
		"anchors": rep(stop+"x-a: [", "&a 1, ", "1]\n"),
		// Many tags on empty nodes.
		"tags": rep(stop+"x-a: [", "!a ,", "1]\n"),
		// Many keys in one mapping.
		"keys": keysFile(n),
		// Many unknown keys at the root: every one an error.
		"root-keys": rootKeysFile(n),
		// A billion laughs: each level doubles the one before.
		"laughs": laughsFile(),
		// A syntax error at the end of a large file (its Error() prints the source).
		"syntax-late": rep(stop+"x-a: [", "1, ", "1\n: : :\n"),
		// One flow sequence of many items.
		"flow-items": rep(stop+"x-a: [", "1,", "1]\n"),
		// Many aliases of one anchor.
		"aliases": rep(stop+"x-a: &a 1\nx-b: [", "*a,", "1]\n"),
		// Many documents.
		"documents": rep(stop, "---\n", ""),
		// One long double-quoted string full of escapes, and one plain.
		"quoted":   rep(stop+"description: \"", "\\u0041", "\"\n"),
		"plain":    rep(stop+"description: ", "a", "\n"),
		"comments": rep(stop, "# [{\n", ""),
		// A flow mapping of many keys merged into others.
		"merge": mergeFile(n),
		// 10,000 points and exclusions listing many values each.
		"exclude": excludeFile(n),
		// A large x- block and a sweep of many points.
		"xblock-sweep": xblockSweepFile(n),
	}
	return files
}

func keysFile(n int) []byte {
	var b strings.Builder
	b.WriteString("stop: {bytes: 1MiB}\nx-a:\n")
	for i := 0; b.Len() < n-32; i++ {
		fmt.Fprintf(&b, "  k%d: 1\n", i)
	}
	return []byte(b.String())
}

func mergeFile(n int) []byte {
	var b strings.Builder
	b.WriteString("stop: {bytes: 1MiB}\nx-a: &a {")
	for i := 0; b.Len() < min(n, 200_000)-64; i++ {
		fmt.Fprintf(&b, "k%d: 1, ", i)
	}
	b.WriteString("z: 1}\nx-b: {<<: *a, y: 1}\nx-c: {<<: [*a, *a], y: 1}\n")
	return []byte(b.String())
}

func excludeFile(n int) []byte {
	var b strings.Builder
	side := min(100, max(n/2000, 2))
	vals := make([]string, side)
	for i := range vals {
		vals[i] = fmt.Sprintf("%dB", i+1)
	}
	list := "[" + strings.Join(vals, ", ") + "]"
	half := "[" + strings.Join(vals[:side/2], ", ") + "]"
	b.WriteString("stop: {bytes: 1MiB}\nconsumer: {rate: 10MiB/s}\nsweep: {highWaterMark: " + list + ", producer.chunk: " + list + "}\nexclude:\n")
	for i := 0; b.Len() < min(n, 200_000)-len(list)-64; i++ {
		fmt.Fprintf(&b, "  - {highWaterMark: %s, producer.chunk: %dB}\n", half, i%side+1)
	}
	return []byte(b.String())
}

func rootKeysFile(n int) []byte {
	var b strings.Builder
	b.WriteString("stop: {bytes: 1MiB}\n")
	for i := 0; b.Len() < n-32; i++ {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	return []byte(b.String())
}

func laughsFile() []byte {
	var b strings.Builder
	b.WriteString("stop: {bytes: 1MiB}\nx-0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "x-%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return []byte(b.String())
}

// xblockSweepFile is a sweep of 1,000 points (fewer when n is small) in a
// document whose x- block fills the rest of n.
func xblockSweepFile(n int) []byte {
	var b strings.Builder
	b.WriteString("stop: {bytes: 1MiB}\nconsumer: {rate: 10MiB/s}\nsweep:\n  highWaterMark: [")
	points := min(1000, max(n/200, 2))
	for i := range points {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%dB", i+1)
	}
	b.WriteString("]\nx-big:\n")
	for i := 0; b.Len() < min(n, 181<<10)-32; i++ { // the red team's 181 KB, under maxTokens
		fmt.Fprintf(&b, "  - [a%d, b]\n", i)
	}
	return []byte(b.String())
}

// TestWriteHostile writes the full-size hostile files into the folder
// named by BPBENCH_HOSTILE_DIR, to time the command on them.
func TestWriteHostile(t *testing.T) {
	dir := os.Getenv("BPBENCH_HOSTILE_DIR")
	if dir == "" {
		t.Skip("set BPBENCH_HOSTILE_DIR to write the hostile files")
	}
	for name, data := range hostile(1<<20 - 4096) {
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHostileInputs parses every hostile file, full size and small, and
// checks each is refused with the error that names its bound — never a
// panic, never accepted by accident.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	full := hostile(1<<20 - 4096)
	cases := []struct {
		name string
		n    int    // 0: full size
		want string // "" when the file is a valid scenario
	}{
		{"nested-block", 0, "more than 100000 YAML tokens"},
		{"nested-block", 1000, "nesting deeper than 64 levels"},
		{"nested-flow", 0, "more than 100000 YAML tokens"},
		{"nested-flow", 1000, "nesting deeper than 64 levels"},
		{"brackets-quoted", 0, ""},
		{"anchors", 0, "more than 100000 YAML tokens"},
		{"anchors", 4096, ""},
		{"tags", 0, "more than 100000 YAML tokens"},
		{"keys", 0, "more than 100000 YAML tokens"},
		{"keys", 20000, "more than 500 keys in one mapping"},
		{"root-keys", 0, "more than 100000 YAML tokens"},
		{"root-keys", 20000, "more than 500 keys in one mapping"},
		{"root-keys", 2000, "unknown field"},
		{"laughs", 0, "alias *l3 makes it more than 100000 nodes"},
		{"syntax-late", 0, "more than 100000 YAML tokens"},
		{"syntax-late", 4096, "yaml: "},
		{"xblock-sweep", 0, ""},
		{"flow-items", 0, "more than 100000 YAML tokens"},
		{"aliases", 0, "more than 100000 YAML tokens"},
		{"aliases", 4096, ""},
		{"documents", 0, "more than 100000 YAML tokens"},
		{"quoted", 0, ""},
		{"plain", 0, ""},
		{"comments", 0, "more than 100000 YAML tokens"},
		{"comments", 4096, ""},
		{"merge", 0, "alias *a makes it more than 100000 nodes"},
		{"merge", 4096, ""},
		{"exclude", 0, ""},
	}
	tested := map[string]bool{}
	for _, c := range cases {
		tested[c.name] = true
	}
	for name := range full {
		if !tested[name] {
			t.Errorf("hostile file %s has no case", name)
		}
	}
	for _, c := range cases {
		if c.n == 0 && testing.Short() {
			continue
		}
		data := full[c.name]
		if c.n > 0 {
			data = hostile(c.n)[c.name]
		}
		s, err := Parse("f.yaml", data)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s (%d bytes): %v; want it accepted", c.name, len(data), err)
		case c.want == "":
			if c.name == "xblock-sweep" && len(s.Points()) != 1000 {
				t.Errorf("%s: %d points; want 1000", c.name, len(s.Points()))
			}
		case err == nil:
			t.Errorf("%s (%d bytes) accepted; want an error with %q", c.name, len(data), c.want)
		case c.name == "merge" && c.n == 0 && strings.Count(err.Error(), "\n") > 0:
			t.Errorf("%s: %v; want one error, the bound", c.name, err)
		case !strings.Contains(err.Error(), c.want) || !errLine.MatchString(err.Error()):
			t.Errorf("%s (%d bytes): %.300s; want f.yaml:line:col: ...%s...", c.name, len(data), err, c.want)
		}
	}
}

// BenchmarkHostile times Parse on each full-size hostile file.
func BenchmarkHostile(b *testing.B) {
	files := hostile(1<<20 - 4096)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b.Run("file="+name, func(b *testing.B) {
			b.SetBytes(int64(len(files[name])))
			for b.Loop() {
				_, _ = Parse("f.yaml", files[name])
			}
		})
	}
}
