package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/errors")

// TestErrors parses every file in testdata/errors and compares all of its
// errors with the golden file beside it (name.err). Run with -update to
// rewrite them.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.yaml")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := ParseFile(file)
			if err == nil {
				t.Fatalf("ParseFile(%s) succeeded; want errors", file)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("ParseFile(%s) error is %T; want ErrorList", file, err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("errors of %s:\n%s\nwant:\n%s", file, got, want)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), file+":") || e.Line < 1 || e.Col < 1 {
					t.Errorf("error %q has no file:line:col", e)
				}
			}
		})
	}
}

func TestValidFiles(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		s, err := ParseFile(file)
		if err != nil {
			t.Errorf("ParseFile(%s): %v", file, err)
			continue
		}
		for _, w := range s.Warnings {
			if !strings.HasPrefix(w.Error(), file+":") {
				t.Errorf("warning %q has no file:line:col", w)
			}
		}
	}
}

func TestParseFileMissing(t *testing.T) {
	t.Parallel()
	_, err := ParseFile("testdata/no-such-file.yaml")
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "open scenario: ") {
		t.Errorf("ParseFile(missing) error = %v; want open scenario: ... not exist", err)
	}
}

func TestRecommend(t *testing.T) {
	t.Parallel()
	base := "stop: { bytes: 1MiB }\n"
	s, err := Parse("r.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if s.Recommend != (Recommend{Objective: "throughput", Tolerance: 0.05}) {
		t.Errorf("default recommend = %+v; want throughput within 5%%", s.Recommend)
	}
	for in, want := range map[string]Recommend{
		"recommend: { objective: latency.p99, tolerance: 10% }": {"latency.p99", 0.1},
		"recommend: { tolerance: 0.2 }":                         {"throughput", 0.2},
	} {
		s, err := Parse("r.yaml", []byte(base+in))
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if s.Recommend != want {
			t.Errorf("%s: recommend = %+v; want %+v", in, s.Recommend, want)
		}
	}
	for in, want := range map[string]string{
		"recommend: { objective: buffered.peek }":   "r.yaml:2:25: recommend.objective:",
		"recommend: { tolerance: 150% }":            "out of range",
		"consumer: { jitter: 20% }":                 "not a number",
		"sweep: { recommend.tolerance: [5%, 10%] }": "recommend.tolerance",
	} {
		_, err := Parse("r.yaml", []byte(base+in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v; want %q", in, err, want)
		}
	}
}

// A module part's file is relative to the scenario file, and absolute once
// parsed (the driver require()s it from another folder).
func TestModuleRelativeToScenario(t *testing.T) {
	s, err := Parse("some/dir/s.yaml", []byte("name: m\nengine: node\nstop: { bytes: 1MiB }\nstages:\n  - { name: up, kind: module, module: ./up.js }\nconsumer: { kind: module, module: ../sink.js }\n"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs("some/dir/up.js")
	if got := s.Stages[0].Module; got != want {
		t.Errorf("stage module = %q; want %q", got, want)
	}
	want, _ = filepath.Abs("some/sink.js")
	if got := s.Consumers[0].Module; got != want {
		t.Errorf("consumer module = %q; want %q", got, want)
	}
}
