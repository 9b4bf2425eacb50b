package compare

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bpbench/bpbench/internal/results"
)

// Errors of Load.
var (
	// ErrNoResults is returned for a folder that holds no result file, in
	// itself or in its scenario folders.
	ErrNoResults = errors.New("compare: no " + results.FileName + " here or in its sub-folders")
	// ErrEmpty is returned for result files without any record.
	ErrEmpty = errors.New("compare: no records")
)

// Side is one side of a comparison: the records of one or more result files.
type Side struct {
	// Name is how the side is shown: the path it was loaded from, without a
	// trailing /results.jsonl.
	Name string
	// Files are the result files read, in order.
	Files []string
	// Records are every record of Files, in file order.
	Records []results.Record
	// Warnings are non-fatal problems met while reading (a last line cut
	// short by an interrupted run).
	Warnings []string
}

// Load reads one side from path: a result file; a folder holding
// results.jsonl (a run's scenario folder); or a folder whose sub-folders
// hold one each (a run's -o folder, reports/ by default), in name order.
func Load(path string) (*Side, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	s := &Side{Name: displayName(path)}
	switch {
	case !st.IsDir():
		s.Files = []string{path}
	case isFile(filepath.Join(path, results.FileName)):
		s.Files = []string{filepath.Join(path, results.FileName)}
	default:
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			f := filepath.Join(path, e.Name(), results.FileName)
			if e.IsDir() && isFile(f) {
				s.Files = append(s.Files, f)
			}
		}
		sort.Strings(s.Files)
		if len(s.Files) == 0 {
			return nil, fmt.Errorf("%s: %w", path, ErrNoResults)
		}
	}
	for _, f := range s.Files {
		recs, warns, err := results.ReadFile(f)
		if err != nil {
			return nil, err
		}
		s.Records = append(s.Records, recs...)
		s.Warnings = append(s.Warnings, warns...)
	}
	if len(s.Records) == 0 {
		return nil, fmt.Errorf("%s: %w", path, ErrEmpty)
	}
	return s, nil
}

// Scenarios returns the names of the scenarios in s, in order of first
// appearance.
func (s *Side) Scenarios() []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range s.Records {
		if !seen[r.Scenario] {
			seen[r.Scenario] = true
			names = append(names, r.Scenario)
		}
	}
	return names
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// displayName is path without a trailing /results.jsonl or separator.
func displayName(path string) string {
	p := filepath.Clean(path)
	if filepath.Base(p) == results.FileName && filepath.Dir(p) != "." {
		p = filepath.Dir(p)
	}
	return strings.TrimSuffix(filepath.ToSlash(p), "/")
}
