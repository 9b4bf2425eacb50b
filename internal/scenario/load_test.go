package scenario

import (
	"testing"
)

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
