package compare

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/results"
)

// writeRun writes the records of s as dir/results.jsonl.
func writeRun(t *testing.T, dir string, s *Side) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b []byte
	for i := range s.Records {
		line, err := results.Marshal(&s.Records[i])
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, line...)
	}
	if err := os.WriteFile(filepath.Join(dir, results.FileName), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeRun(t, filepath.Join(root, "reports", "beta"), side("", "beta", "c", "throughput", 1, 2))
	writeRun(t, filepath.Join(root, "reports", "alpha"), side("", "alpha", "c", "throughput", 1, 2, 3))
	if err := os.MkdirAll(filepath.Join(root, "reports", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path      string
		name      string
		scenarios []string
		n         int
	}{
		{"reports/alpha/results.jsonl", "reports/alpha", []string{"alpha"}, 3},
		{"reports/alpha", "reports/alpha", []string{"alpha"}, 3},
		{"reports/beta/", "reports/beta", []string{"beta"}, 2},
		{"reports", "reports", []string{"alpha", "beta"}, 5},
	} {
		s, err := Load(filepath.Join(root, tc.path))
		if err != nil {
			t.Errorf("Load(%s): %v", tc.path, err)
			continue
		}
		if !strings.HasSuffix(s.Name, tc.name) || !slices.Equal(s.Scenarios(), tc.scenarios) || len(s.Records) != tc.n {
			t.Errorf("Load(%s) = name %q, scenarios %q, %d records; want …%s, %q, %d", tc.path, s.Name, s.Scenarios(), len(s.Records), tc.name, tc.scenarios, tc.n)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := Load(filepath.Join(root, "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v; want ErrNotExist", err)
	}
	if _, err := Load(root); !errors.Is(err, ErrNoResults) {
		t.Errorf("Load(folder without results) = %v; want ErrNoResults", err)
	}
	if _, err := Load(write("empty.jsonl", "")); !errors.Is(err, ErrEmpty) {
		t.Errorf("Load(empty file) = %v; want ErrEmpty", err)
	}
	if _, err := Load(write("bad.jsonl", "{\"scenario\":\"s\"}\n")); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1: not a result record") {
		t.Errorf("Load(bad file) = %v; want bad.jsonl:1: not a result record", err)
	}
	if _, err := Load(write("yaml.jsonl", "name: x\n")); err == nil || !strings.Contains(err.Error(), "yaml.jsonl:1") {
		t.Errorf("Load(not json) = %v; want yaml.jsonl:1: ...", err)
	}
}
