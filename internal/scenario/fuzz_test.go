package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// errLine is the shape of every error: name:line:col: message.
var errLine = regexp.MustCompile(`^f\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S`)

// FuzzParse checks that no input makes Parse panic, that every error it
// returns is positioned, and that every point of an accepted sweep applies.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.yaml", "testdata/errors/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("stop: {bytes: 1MiB}\nx-a: &a [*a]\n"))
	f.Add([]byte("stop: {chunks: 10}\nproducer: {chunk: {uniform: {min: 1, max: 2}}}\nsweep: {producer.chunk: [1B, {normal: {mean: 2KiB, stddev: 1KiB}}]}\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("stop: !!map {bytes: 1MiB}\n? complex\n: key\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if !errLine.MatchString(e.Error()) {
					t.Fatalf("error %q is not name:line:col: message", e.Error())
				}
			}
			return
		}
		for _, w := range s.Warnings {
			if !errLine.MatchString(w.Error()) {
				t.Fatalf("warning %q is not name:line:col: message", w.Error())
			}
		}
		for _, p := range s.Points() {
			if _, err := s.With(p); err != nil {
				t.Fatalf("point %v of an accepted scenario fails: %v", p, err)
			}
		}
		_ = s.Producer.Chunk.String()
	})
}
