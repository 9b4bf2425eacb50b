package scenario

import (
	"strings"
	"testing"
	"time"
)

// load: is read on every engine; engines other than node ignore it, and
// say so.
func TestLoad(t *testing.T) {
	t.Parallel()
	s, err := Parse("l.yaml", []byte("load: { busy: 0.3, slice: 2ms }\nstop: { bytes: 1MiB }\nconsumer: { rate: 1MiB/s }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Load.Busy != 0.3 || s.Load.Slice != 2*time.Millisecond {
		t.Errorf("load = %+v; want busy 0.3, slice 2ms", s.Load)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "l.yaml:1:7: load: only engine node") {
		t.Errorf("warnings = %v; want one at l.yaml:1:7 saying only engine node runs load", s.Warnings)
	}
	n, err := Parse("n.yaml", []byte("engine: node\nload: { busy: 0.3 }\nstop: { bytes: 1MiB }\nconsumer: { rate: 1MiB/s }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Warnings) != 0 || n.Load.Slice != 2*time.Millisecond {
		t.Errorf("engine node: warnings %v, slice %v; want none, the 2ms default", n.Warnings, n.Load.Slice)
	}
	if _, err := Parse("b.yaml", []byte("load: { busy: 1.5 }\nstop: { bytes: 1MiB }\n")); err == nil || !strings.Contains(err.Error(), "b.yaml:1:15") {
		t.Errorf("busy 1.5: error %v; want one at b.yaml:1:15", err)
	}
}

func TestRepeatUntil(t *testing.T) {
	t.Parallel()
	s, err := Parse("r.yaml", []byte("repeatUntil: { cv: 0.02 }\nstop: { bytes: 1MiB }\nconsumer: { rate: 1MiB/s }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.RepeatUntil != (RepeatUntil{CV: 0.02, Min: 3}) || s.Repeat != 10 {
		t.Errorf("repeatUntil %+v, repeat %d; want cv 0.02, min 3, repeat 10", s.RepeatUntil, s.Repeat)
	}
	n, err := Parse("n.yaml", []byte("repeat: 4\nstop: { bytes: 1MiB }\nconsumer: { rate: 1MiB/s }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n.RepeatUntil.CV != 0 || n.Repeat != 4 {
		t.Errorf("without repeatUntil: %+v, repeat %d; want none, 4", n.RepeatUntil, n.Repeat)
	}
}
