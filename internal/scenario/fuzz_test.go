package scenario

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	for _, data := range hostile(2048) {
		f.Add(data)
	}
	for _, src := range []string{
		"\uFEFFstop: {bytes: 1MiB}\r\n# c\r\nconsumer: {rate: 1MiB/s}\r",
		"%YAML 1.1\n---\nstop: {bytes: 1MiB}\n",
		"stop: {bytes: 1MiB}\n\"\\e[2J\": 1\ndescription: \"\\a\"\n",
		"stop: {bytes: 1MiB}\nthresholds: {throughput: \"< inf\", drains: \"< .nan\"}\nseed: 9007199254740993\n",
		"stop: {bytes: 1MiB}\nconsumer: {rate: 1e-300B/s}\nengine: realtime\nproducer: {chunk: 64GiB}\n",
		"stop: {chunks: 1e9}\nrepeat: 1000\nconsumer: {rate: 1MiB/s}\n",
		"x-a: &a [1, 1]\nx-b: &b [*a, *a, *a]\nx-c: [*b, *b]\nstop: {bytes: 1MiB}\n",
	} {
		f.Add([]byte(src))
	}
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
				if i := strings.IndexFunc(e.Error(), unsafeRune); i >= 0 {
					t.Fatalf("error %q holds a raw control character at %d", e.Error(), i)
				}
			}
			return
		}
		// What validate accepts, run can run: finite values that JSON
		// holds, bounded work.
		if s.Seed > 1<<53 {
			t.Fatalf("seed %d accepted", s.Seed)
		}
		for _, th := range s.Thresholds {
			if math.IsInf(th.Value, 0) || math.IsNaN(th.Value) {
				t.Fatalf("threshold %s accepted", th)
			}
		}
		if _, err := json.Marshal(s.Thresholds); err != nil {
			t.Fatalf("thresholds do not encode: %v", err)
		}
		if n := s.MaxChunks(); !(n <= maxChunks) {
			t.Fatalf("a cell could make %g chunks", n)
		}
		if strings.IndexFunc(s.Description, func(r rune) bool { return r != '\n' && r != '\t' && unsafeRune(r) }) >= 0 {
			t.Fatalf("description %q holds a control character", s.Description)
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
