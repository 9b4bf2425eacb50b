package results

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/renameio/v2"

	"github.com/bpbench/bpbench/internal/metrics"
)

// Meta describes a run: what was run, where and when. It is written to
// run.json beside results.jsonl when a run starts, and again when it ends.
// Unlike the records, it holds wall-clock times and the machine's facts.
type Meta struct {
	// Scenario is the scenario's name; File the path it was read from.
	Scenario string `json:"scenario"`
	File     string `json:"file"`
	// Description is the scenario's one-line description.
	Description string `json:"description,omitempty"`
	// Source is the scenario file's text, and SHA256 its hash.
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
	// Engine ran the cells; Node is the Node.js used (version and path),
	// for the node engine.
	Engine string `json:"engine"`
	Node   string `json:"node,omitempty"`
	// Timing is the clock the node engine's figures are on: "wall" (real
	// time) or "ideal" (the model's clock); empty when no cell ran on node.
	Timing string `json:"timing,omitempty"`
	// Profile is the stream profile's name (node20, node22...).
	Profile string `json:"profile"`
	// Strategy is the scenario's strategy.
	Strategy string `json:"strategy"`
	// Seed and Repeat are the scenario's, after command-line overrides.
	Seed   uint64 `json:"seed"`
	Repeat int    `json:"repeat"`
	// Sweep lists the swept fields in the order written, each with its
	// values in the order written.
	Sweep []Axis `json:"sweep,omitempty"`
	// Thresholds are the scenario's conditions on metrics.
	Thresholds []Threshold `json:"thresholds,omitempty"`
	// HighWaterMarks maps each cell to the highWaterMark its producer
	// resolved to, in bytes (or objects in object mode). Only run.json
	// files written before records carried their own (Record.HighWaterMarks
	// and Param.Resolved) have it; it is read for them and no longer
	// written.
	HighWaterMarks map[string]int64 `json:"highWaterMarks,omitempty"`
	// ObjectMode reports that highWaterMarks count objects.
	ObjectMode bool `json:"objectMode,omitempty"`
	// Stages names the Transforms between producer and consumers, in order.
	Stages []string `json:"stages,omitempty"`
	// ProducerMode is the producer's mode, live or pull ("" in older runs).
	ProducerMode string `json:"producerMode,omitempty"`
	// Objective and Tolerance are the scenario's recommend: what the
	// recommendation optimises (a metric name; "" is throughput) and how
	// far from the best it may be (a fraction; 0 is the default 5%).
	Objective string  `json:"objective,omitempty"`
	Tolerance float64 `json:"tolerance,omitempty"`
	// Cells is the number of cells in the plan.
	Cells int `json:"cells"`
	// Env is the machine and toolchain.
	Env Env `json:"env"`
	// Started and Finished bound the run in wall-clock time; Finished is
	// zero while it runs.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	// Interrupted reports that the run was stopped before every cell
	// finished.
	Interrupted bool `json:"interrupted,omitempty"`
	// Status is how the run ended: StatusRunning while it runs (written
	// when it starts), then StatusFinished, StatusInterrupted (SIGINT,
	// SIGTERM) or StatusFailed. ReadMeta infers StatusKilled.
	Status string `json:"status,omitempty"`
	// Parallel is the number of cells run at once.
	Parallel int `json:"parallel"`
	// Shard is set when the run was one shard of its plan (--shard); Cells
	// then counts the shard's cells.
	Shard *Shard `json:"shard,omitempty"`
	// Shards lists the runs a merge joined, one per input (bpbench report
	// with several result files); Env is then the first one's.
	Shards []ShardRun `json:"shards,omitempty"`
	// Calibration is the calibration the sim engine paid Node's costs
	// from; nil for none. With one per runtime, it is the first one a
	// cell used and Calibrations are the others.
	Calibration  *Calibration   `json:"calibration,omitempty"`
	Calibrations []*Calibration `json:"calibrations,omitempty"`
}

// Calibration is a calibration file a run used, as recorded.
type Calibration struct {
	// File is its path, SHA256 the hash of its bytes.
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	// Runtime is the runtime it was measured in, as a scenario's node:
	// names it ("22", "bun"): the sim cells of that node: used it.
	Runtime string `json:"runtime,omitempty"`
	// Figures are its figures for people, in order ("nextTick hop",
	// "1.15 µs").
	Figures [][2]string `json:"figures"`
}

// Shard says which part of its plan a run ran.
type Shard struct {
	// Index and Count: shard Index of Count, from 0.
	Index int `json:"index"`
	Count int `json:"count"`
	// From is where the shard came from: "--shard 1/4", or the
	// environment variables that named it.
	From string `json:"from"`
	// PlanCells is the number of cells of the whole plan; Points its
	// points' names in plan order, each run Repeat times (cell k is point
	// k/Repeat, repeat k%Repeat), so that a merge can name missing cells.
	PlanCells int      `json:"planCells"`
	Points    []string `json:"points"`
}

// ShardRun is one run that a merge joined: where it ran and when.
type ShardRun struct {
	// Path is the result file as the merge was given it.
	Path string `json:"path"`
	// Shard is the run's shard, nil for a run of the whole plan.
	Shard *Shard `json:"shard,omitempty"`
	// Cells is the number of records the run brought.
	Cells int `json:"cells"`
	// Engine, Node and Env are the run's (see Meta).
	Engine string `json:"engine"`
	Node   string `json:"node,omitempty"`
	Env    Env    `json:"env"`
	// Started, Finished and Interrupted are the run's.
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished,omitzero"`
	Interrupted bool      `json:"interrupted,omitempty"`
}

// How a run ended (Meta.Status).
const (
	// StatusRunning is written when a run starts; a run.json that still
	// says it once no process holds the folder's lock was cut short.
	StatusRunning = "running"
	// StatusFinished: every cell ran (some may have failed).
	StatusFinished = "finished"
	// StatusInterrupted: stopped by SIGINT or SIGTERM, finished cells kept.
	StatusInterrupted = "interrupted"
	// StatusFailed: stopped by an error of bpbench itself (a write that
	// failed, a report that could not be written).
	StatusFailed = "failed"
	// StatusKilled is never written: ReadMeta infers it when run.json
	// says running (or, from a bpbench before Status, has no end) and no
	// process holds the folder's lock: the run was killed (SIGKILL, out
	// of memory, a full disk, the machine went down) before it could say
	// how it ended.
	StatusKilled = "killed"
)

// WorseStatus returns the end status of a merge of two runs' results: the
// one further from finished ("" counts as finished).
func WorseStatus(a, b string) string {
	rank := map[string]int{StatusFinished: 0, StatusInterrupted: 1, StatusRunning: 2, StatusFailed: 3, StatusKilled: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Axis is one swept field.
type Axis struct {
	// Path is the field's dotted path, Key its short name in cell names.
	Path string `json:"path"`
	Key  string `json:"key"`
	// Values are the values' canonical texts, in the order written.
	Values []string `json:"values"`
}

// Threshold is a condition on a metric (scenario.Threshold, as recorded).
type Threshold struct {
	Metric string  `json:"metric"`
	Op     string  `json:"op"`
	Value  float64 `json:"value"`
	// Text is the condition as written ("< 2MiB").
	Text string `json:"text"`
}

// Pass reports whether v meets the condition.
func (t Threshold) Pass(v float64) bool { return metrics.Holds(v, t.Op, t.Value) }

// Env is the environment of a run.
type Env struct {
	// Host is the machine's host name.
	Host    string `json:"host,omitempty"`
	Bpbench string `json:"bpbench"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	CPU     string `json:"cpu,omitempty"`
	Cores   int    `json:"cores"`
}

// WriteMeta writes m to dir/run.json atomically (a temporary file renamed).
func WriteMeta(dir string, m *Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return renameio.WriteFile(filepath.Join(dir, MetaName), append(b, '\n'), 0o644)
}

// ReadMeta reads dir/run.json.
func ReadMeta(dir string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, MetaName))
	if err != nil {
		return nil, err
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, MetaName), err)
	}
	if err := checkMeta(&m); err != nil {
		return nil, fmt.Errorf("%s: impossible run: %w", filepath.Join(dir, MetaName), err)
	}
	switch {
	case m.Status == StatusRunning || m.Status == "" && m.Finished.IsZero():
		m.Status = StatusRunning
		if !Held(dir) {
			m.Status = StatusKilled
		}
	case m.Status == "" && m.Interrupted:
		m.Status = StatusInterrupted
	case m.Status == "":
		m.Status = StatusFinished
	}
	return &m, nil
}

// EndStatus is the Meta.Status of a run that ended with err: finished when
// nil, interrupted when err is (or wraps) context.Canceled, else failed.
func EndStatus(err error) string {
	switch {
	case err == nil:
		return StatusFinished
	case errors.Is(err, context.Canceled):
		return StatusInterrupted
	}
	return StatusFailed
}
