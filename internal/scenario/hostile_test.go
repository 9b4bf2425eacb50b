package scenario

import (
	"fmt"
	"os"
	"path/filepath"
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
