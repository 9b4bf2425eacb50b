// Command testsummary reads `go test -json` on stdin and prints what a
// person needs from it: one line per package (ok or FAIL, with its time),
// the whole output of every failed test, and at the end every skipped test
// with its reason, so that a green run says what it did not check. It exits
// 1 when a test or a package failed, or when the input holds no test
// events.
//
//	go test -json ./... | go run ./tools/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() { os.Exit(run(os.Stdin, os.Stdout)) }

type key struct{ pkg, test string }

func run(in io.Reader, out io.Writer) int {
	output := map[key][]string{}
	var skipped, failed []key
	pkgs, bad := 0, 0
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line) // build errors and the like
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output":
			output[k] = append(output[k], e.Output)
		case "skip":
			if e.Test != "" {
				skipped = append(skipped, k)
			} else {
				fmt.Fprintf(out, "?   \t%s\t[no test files]\n", e.Package)
			}
		case "fail":
			if e.Test != "" {
				failed = append(failed, k)
				continue
			}
			pkgs++
			bad++
			for _, f := range failed {
				if f.pkg == e.Package {
					fmt.Fprintf(out, "--- FAIL: %s (%s)\n%s", f.test, f.pkg, testOutput(output[f]))
				}
			}
			fmt.Fprintf(out, "FAIL\t%s\t%.1fs\n", e.Package, e.Elapsed)
			if len(output[k]) > 0 && !hasTests(failed, e.Package) {
				fmt.Fprint(out, strings.Join(output[k], "")) // a build or setup failure
			}
		case "pass":
			if e.Test == "" {
				pkgs++
				fmt.Fprintf(out, "ok  \t%s\t%.1fs\n", e.Package, e.Elapsed)
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(out, "testsummary:", err)
		return 1
	}
	if len(skipped) > 0 {
		sort.Slice(skipped, func(i, j int) bool {
			if skipped[i].pkg != skipped[j].pkg {
				return skipped[i].pkg < skipped[j].pkg
			}
			return skipped[i].test < skipped[j].test
		})
		fmt.Fprintf(out, "\n%d tests skipped (not checked by this run):\n", len(skipped))
		for _, k := range skipped {
			fmt.Fprintf(out, "  %s %s: %s\n", strings.TrimPrefix(k.pkg, "github.com/bpbench/bpbench/"), k.test, reason(output[k]))
		}
	}
	switch {
	case pkgs == 0:
		fmt.Fprintln(out, "testsummary: no test results on stdin (want go test -json)")
		return 1
	case bad > 0:
		fmt.Fprintf(out, "\nFAIL: %d of %d packages failed\n", bad, pkgs)
		return 1
	}
	fmt.Fprintf(out, "\nok: %d packages passed, %d tests skipped\n", pkgs, len(skipped))
	return 0
}

func hasTests(failed []key, pkg string) bool {
	for _, f := range failed {
		if f.pkg == pkg {
			return true
		}
	}
	return false
}

// testOutput is a test's output without the === RUN/PAUSE/CONT lines.
func testOutput(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "=== ") {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// reason is the message a skipped test gave (its t.Skip text, without the
// file:line prefix), or "no reason given".
func reason(lines []string) string {
	var msgs []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		if _, rest, ok := strings.Cut(t, ": "); ok && strings.Contains(t[:len(t)-len(rest)], ".go:") {
			t = rest
		}
		msgs = append(msgs, t)
	}
	if len(msgs) == 0 {
		return "no reason given"
	}
	return strings.Join(msgs, " ")
}
