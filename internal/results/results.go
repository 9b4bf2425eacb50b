// Package results reads and writes a run's result file, results.jsonl: one
// JSON object per line, one line per finished cell, in the order of the
// plan (the runner reorders cells that finish out of order), so that the
// same scenario and seed give the same bytes whatever the parallelism.
//
// A line is written with one write call and ends with '\n'; a run killed
// mid-write can leave at most one partial last line, which Read skips with
// a warning, so a result file is always usable and --resume can go on from
// it. A line holds nothing that varies from run to run (no wall-clock
// time): the environment of a run is in its Meta file, run.json.
//
// The package is the boundary between the runner, which writes results,
// and the reports, which only read them.
package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/bpbench/bpbench/internal/metrics"
)

// FileName and MetaName are the names of a run's files in its folder.
const (
	FileName = "results.jsonl"
	MetaName = "run.json"
)

// maxLine bounds a line Read accepts: a cell's result with its timeline and
// latency CDF is a few hundred KiB at most.
const maxLine = 64 << 20

// Record is one finished cell: one line of results.jsonl.
type Record struct {
	// Scenario is the scenario's name.
	Scenario string `json:"scenario"`
	// Cell is the sweep point's name (hwm=16KiB/chunk=4KiB, or default);
	// the repeats of a point share it.
	Cell string `json:"cell"`
	// Params are the point's coordinates, in sweep order: Params.Name() is
	// Cell.
	Params Point `json:"params,omitempty"`
	// Repeat is the repeat index, from 0.
	Repeat int `json:"repeat"`
	// Index is the cell's position in the plan.
	Index int `json:"index"`
	// Seed is the cell's own seed.
	Seed uint64 `json:"seed"`
	// Engine is the engine that ran the cell: sim, realtime or node.
	Engine string `json:"engine"`
	// Error is set when the cell failed; Result then holds what was
	// measured before the failure, if anything.
	Error string `json:"error,omitempty"`
	// HighWaterMarks are every stream's resolved highWaterMark, as the
	// engine ran it (bytes, or objects in object mode), by stream:
	// "producer", each stage's "<name>.readable" and "<name>.writable",
	// each consumer's name. Nil in records written before it existed.
	HighWaterMarks map[string]int64 `json:"highWaterMarks,omitempty"`
	// Result is the cell's measurements.
	Result metrics.Result `json:"result"`
}

// Key identifies a record within a run: its cell and repeat.
type Key struct {
	Scenario, Cell string
	Repeat         int
}

// Key returns r's key.
func (r *Record) Key() Key { return Key{r.Scenario, r.Cell, r.Repeat} }

// Param returns the value of the parameter with the given path or key, and
// whether r has it.
func (r *Record) Param(name string) (string, bool) {
	p, ok := r.Params.Get(name)
	return p.Value, ok
}

// Marshal returns r as one line of results.jsonl, '\n' included.
func Marshal(r *Record) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("results: %s/%s#%d: %w", r.Scenario, r.Cell, r.Repeat, err)
	}
	return append(b, '\n'), nil
}

// Writer appends records to a result file, one whole line per write.
type Writer struct {
	f *os.File
}

// Create opens path for appending records, creating it if needed. With
// truncate, an existing file is emptied first.
func Create(path string, truncate bool) (*Writer, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	if truncate {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, err
	}
	return &Writer{f: f}, nil
}

// Write appends r as one line, with a single write call.
func (w *Writer) Write(r *Record) error {
	b, err := Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.f.Write(b)
	return err
}

// Close syncs and closes the file.
func (w *Writer) Close() error {
	return errors.Join(w.f.Sync(), w.f.Close())
}

// Read parses a result stream. A last line without its '\n' is a write cut
// short: it is skipped and named in the returned warnings. Any other line
// that does not parse, or holds values no run writes (check), is an error
// naming its line number. Records that repeat a cell (see Dedupe) are
// dropped with a warning when identical, and an error when they differ.
func Read(r io.Reader, name string) (recs []Record, warnings []string, err error) {
	var lines []int
	recs, lines, warnings, err = read(r, name)
	if err != nil {
		return recs, warnings, err
	}
	kept, warn, err := Dedupe(recs, func(i int) string { return fmt.Sprintf("%s:%d", name, lines[i]) })
	if err != nil {
		return nil, warnings, err
	}
	if warn != "" {
		warnings = append(warnings, name+": "+warn)
	}
	return kept, warnings, nil
}

// read is Read without Dedupe; lines are the records' line numbers.
func read(r io.Reader, name string) (recs []Record, lines []int, warnings []string, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	for line := 1; ; line++ {
		b, err := readLine(br)
		if err == io.EOF && len(b) == 0 {
			return recs, lines, warnings, nil
		}
		if err != nil && err != io.EOF {
			return recs, lines, warnings, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		complete := err == nil
		if len(bytes.TrimSpace(b)) == 0 {
			if !complete {
				return recs, lines, warnings, nil
			}
			continue
		}
		var rec Record
		if uerr := json.Unmarshal(b, &rec); uerr != nil {
			if !complete {
				warnings = append(warnings, fmt.Sprintf("%s:%d: last line cut short (an interrupted write); skipped", name, line))
				return recs, lines, warnings, nil
			}
			return recs, lines, warnings, fmt.Errorf("%s:%d: not a result record: %w", name, line, uerr)
		}
		if rec.Scenario == "" || rec.Cell == "" {
			return recs, lines, warnings, fmt.Errorf("%s:%d: not a result record: no scenario or cell", name, line)
		}
		if cerr := check(&rec); cerr != nil {
			return recs, lines, warnings, fmt.Errorf("%s:%d: impossible result: %w", name, line, cerr)
		}
		recs = append(recs, rec)
		lines = append(lines, line)
		if !complete {
			return recs, lines, warnings, nil
		}
	}
}

// readLine returns the next line without its '\n'; io.EOF with the bytes of
// a last line that has no '\n'.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, fmt.Errorf("line longer than %d bytes", maxLine)
		}
		switch err {
		case nil:
			return line[:len(line)-1], nil
		case bufio.ErrBufferFull:
			continue
		default:
			return line, err
		}
	}
}

// ReadFile reads a result file (see Read).
func ReadFile(path string) ([]Record, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return Read(f, path)
}
