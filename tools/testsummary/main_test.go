package main

import (
	"strings"
	"testing"
)

const input = `{"Action":"run","Package":"p/a","Test":"TestOK"}
{"Action":"pass","Package":"p/a","Test":"TestOK","Elapsed":0}
{"Action":"run","Package":"p/a","Test":"TestNode"}
{"Action":"output","Package":"p/a","Test":"TestNode","Output":"=== RUN   TestNode\n"}
{"Action":"output","Package":"p/a","Test":"TestNode","Output":"    node_test.go:32: no Node.js found: install it with ` + "`make nodes`" + `\n"}
{"Action":"output","Package":"p/a","Test":"TestNode","Output":"--- SKIP: TestNode (0.00s)\n"}
{"Action":"skip","Package":"p/a","Test":"TestNode","Elapsed":0}
{"Action":"pass","Package":"p/a","Elapsed":1.25}
{"Action":"output","Package":"p/b","Test":"TestBad","Output":"    b_test.go:9: got 1; want 2\n"}
{"Action":"fail","Package":"p/b","Test":"TestBad","Elapsed":0}
{"Action":"fail","Package":"p/b","Elapsed":0.5}
`

func TestRun(t *testing.T) {
	var b strings.Builder
	if code := run(strings.NewReader(input), &b); code != 1 {
		t.Errorf("exit %d; want 1 (p/b failed)", code)
	}
	out := b.String()
	for _, want := range []string{
		"ok  \tp/a\t1.2s",
		"--- FAIL: TestBad (p/b)\n    b_test.go:9: got 1; want 2\n",
		"FAIL\tp/b\t0.5s",
		"1 tests skipped (not checked by this run):\n  p/a TestNode: no Node.js found: install it with `make nodes`\n",
		"FAIL: 1 of 2 packages failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	if code := run(strings.NewReader(input[:strings.Index(input, `{"Action":"output","Package":"p/b"`)]), &b); code != 0 || !strings.Contains(b.String(), "ok: 1 packages passed, 1 tests skipped") {
		t.Errorf("passing run: exit %d\n%s", code, b.String())
	}
	b.Reset()
	if code := run(strings.NewReader("# p/c\nc.go:1: syntax error\n"), &b); code != 1 || !strings.Contains(b.String(), "c.go:1: syntax error") {
		t.Errorf("no events: exit %d\n%s", code, b.String())
	}
}
