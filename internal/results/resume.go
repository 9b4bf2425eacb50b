package results

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrResumeMismatch is wrapped by Resume's refusals: the results file was
// written by another run (another scenario text, engine, seed or plan).
var ErrResumeMismatch = errors.New("results written by another run")

// mismatch is a refusal to resume: its text, wrapping ErrResumeMismatch.
type mismatch string

func (m mismatch) Error() string { return string(m) }
func (m mismatch) Unwrap() error { return ErrResumeMismatch }

// Planned is one cell a run means to have: its key, the seed it runs with
// and the engine it runs on.
type Planned struct {
	Key    Key
	Seed   uint64
	Engine string
}

// Want is the run a resumed run must continue.
type Want struct {
	// File is the scenario file, SHA256 its text's hash (Meta.SHA256).
	File, SHA256 string
	// Engine describes the engines the run runs on (Meta.Engine).
	Engine string
	// Cells are the run's cells, in plan order.
	Cells []Planned
}

// Resume returns the records of dir's earlier run to keep when resuming
// want: every successful record, once, when that run was of the same
// scenario text, engines, cells and seeds. A missing file keeps
// nothing. A file written by another run is refused (an error wrapping
// ErrResumeMismatch that says why). When some lines are dropped (a line cut
// short, a failed cell, a repeat) the file is rewritten without them, so
// that they run again.
func Resume(dir string, want Want) ([]Record, error) {
	path := filepath.Join(dir, FileName)
	recs, warns, err := ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--resume: %w", err)
	}
	refuse := func(why string) error {
		return mismatch("--resume: " + path + " was written " + why + "; run without --resume to start over (or with another -o)")
	}
	if m, err := ReadMeta(dir); err == nil {
		if m.SHA256 != want.SHA256 {
			return nil, refuse("for another version of " + want.File)
		}
		if m.Engine != want.Engine {
			return nil, refuse(fmt.Sprintf("on %s, not %s", m.Engine, want.Engine))
		}
	}
	cells := map[Key]Planned{}
	for _, p := range want.Cells {
		cells[p.Key] = p
	}
	var kept []Record
	seen := map[Key]bool{}
	for _, r := range recs {
		k := r.Key()
		w, ok := cells[k]
		switch {
		case !ok:
			return nil, refuse(fmt.Sprintf("with cell %s#%d, which this run does not have (other --repeat or --shard?)", r.Cell, r.Repeat))
		case w.Seed != r.Seed:
			return nil, refuse("with another seed (--seed?)")
		case w.Engine != r.Engine:
			return nil, refuse(fmt.Sprintf("with cell %s on %s, not %s (--engine?)", r.Cell, r.Engine, w.Engine))
		}
		if r.Error == "" && !seen[k] {
			seen[k] = true
			kept = append(kept, r)
		}
	}
	if len(warns) > 0 || len(kept) != len(recs) {
		// Drop the cut-short line and the failed cells, to run them again.
		if err := Rewrite(path, kept); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// SortByPlan returns the records of recs whose key is in plan, in plan's
// order (a resumed run appends its cells after the earlier ones).
func SortByPlan(recs []Record, plan []Planned) []Record {
	pos := map[Key]int{}
	for i, p := range plan {
		pos[p.Key] = i
	}
	out := make([]Record, len(plan))
	has := make([]bool, len(plan))
	for _, r := range recs {
		if i, ok := pos[r.Key()]; ok {
			out[i], has[i] = r, true
		}
	}
	var sorted []Record
	for i := range out {
		if has[i] {
			sorted = append(sorted, out[i])
		}
	}
	return sorted
}

// Rewrite replaces the results file path with recs, atomically.
func Rewrite(path string, recs []Record) error {
	tmp := path + ".tmp"
	w, err := Create(tmp, true)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			w.Close()
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// SHA256 returns the hex SHA-256 of b, as Meta.SHA256 records a scenario's
// text.
func SHA256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
