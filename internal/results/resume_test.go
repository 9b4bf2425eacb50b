package results

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestResume: a resumed run keeps the earlier successful records once,
// drops the failed one from the file, and refuses a file written by another
// run (another seed, engine, cell or scenario text) with ErrResumeMismatch.
func TestResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := func(cell string) Key { return Key{Scenario: "s", Cell: cell, Repeat: 0} }
	plan := []Planned{{key("a"), 1, "sim"}, {key("b"), 2, "sim"}}
	want := Want{File: "s.yaml", SHA256: SHA256([]byte("text")), Engine: "sim", Cells: plan}
	if kept, err := Resume(dir, want); err != nil || kept != nil {
		t.Fatalf("Resume(no file) = %v, %v; want nothing", kept, err)
	}
	recs := []Record{
		{Scenario: "s", Cell: "b", Seed: 2, Engine: "sim"},
		{Scenario: "s", Cell: "a", Seed: 1, Engine: "sim", Error: "boom"},
	}
	path := filepath.Join(dir, FileName)
	if err := Rewrite(path, recs); err != nil {
		t.Fatal(err)
	}
	if err := WriteMeta(dir, &Meta{SHA256: want.SHA256, Engine: "sim"}); err != nil {
		t.Fatal(err)
	}
	kept, err := Resume(dir, want)
	if err != nil || len(kept) != 1 || kept[0].Cell != "b" {
		t.Fatalf("Resume = %v, %v; want cell b only", kept, err)
	}
	if again, _, err := ReadFile(path); err != nil || len(again) != 1 {
		t.Errorf("file after Resume: %d records, %v; want the failed one dropped", len(again), err)
	}
	if got := SortByPlan(append(kept, Record{Scenario: "s", Cell: "a"}), plan); len(got) != 2 || got[0].Cell != "a" {
		t.Errorf("SortByPlan = %v; want a, b", got)
	}
	for name, w := range map[string]Want{
		"text":   {File: "s.yaml", SHA256: SHA256([]byte("other")), Engine: "sim", Cells: plan},
		"engine": {File: "s.yaml", SHA256: want.SHA256, Engine: "realtime", Cells: plan},
		"seed":   {File: "s.yaml", SHA256: want.SHA256, Engine: "sim", Cells: []Planned{{key("b"), 3, "sim"}}},
		"cell":   {File: "s.yaml", SHA256: want.SHA256, Engine: "sim", Cells: []Planned{{key("a"), 1, "sim"}}},
	} {
		if _, err := Resume(dir, w); !errors.Is(err, ErrResumeMismatch) {
			t.Errorf("%s: Resume = %v; want ErrResumeMismatch", name, err)
		}
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a temporary file stayed behind: %v", err)
	}
}

// TestEndStatus: nil finishes, a cancellation (wrapped too) interrupts,
// anything else fails.
func TestEndStatus(t *testing.T) {
	t.Parallel()
	for err, want := range map[error]string{
		nil:                                     StatusFinished,
		fmt.Errorf("run: %w", context.Canceled): StatusInterrupted,
		errors.New("disk full"):                 StatusFailed,
	} {
		if got := EndStatus(err); got != want {
			t.Errorf("EndStatus(%v) = %s; want %s", err, got, want)
		}
	}
}
