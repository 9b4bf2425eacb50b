package calibration

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

//go:embed calibrate.js
var script string

// Options tune Measure. The zero value is DefaultOptions.
type Options struct {
	// Repeats is how many runs each figure is the median of (default 7).
	Repeats int
	// Scale multiplies the number of operations per run (default 1:
	// 20000 chunks or hops; 0.1 runs a tenth, for tests).
	Scale float64
}

// DefaultOptions are what `bpbench calibrate` measures with.
var DefaultOptions = Options{Repeats: 7, Scale: 1}

// measured is calibrate.js's output.
type measured struct {
	Node       string     `json:"node"`
	WallPerCPU float64    `json:"wallPerCpu"`
	Repeats    int        `json:"repeats"`
	NextTick   float64    `json:"nextTick"`
	Immediate  float64    `json:"immediate"`
	IO         []LagPoint `json:"io"`
	FSRead     float64    `json:"fsRead"`
	Timer      Timer      `json:"timer"`
	Bytes      Chunks     `json:"bytes"`
	Objects    Chunks     `json:"objectMode"`
}

// Measure runs the micro-benchmarks in the Node at nodePath and returns
// the figures, with Version, Node, NodePath and Repeats set (the caller
// adds the machine's facts and the date).
func Measure(ctx context.Context, nodePath string, opts Options) (*File, error) {
	opts = opts.withDefaults()
	stdout, err := runScript(ctx, nodePath, script, opts, "")
	if err != nil {
		return nil, err
	}
	var m measured
	if err := json.Unmarshal(stdout, &m); err != nil {
		return nil, fmt.Errorf("calibration: %s printed no calibration: %w", nodePath, err)
	}
	if m.Node == "" {
		return nil, errors.New("calibration: no Node version in the output")
	}
	// A wait's lag is never below 0 but its mean can measure so (a timer
	// that fires early on Bun and Deno, a loaded machine): it is noise, and
	// the curve is recorded, not charged.
	for i := range m.IO {
		m.IO[i].Lag = max(0, m.IO[i].Lag)
	}
	f := &File{
		Version:    Version,
		Node:       m.Node,
		NodePath:   nodePath,
		Repeats:    m.Repeats,
		WallPerCPU: m.WallPerCPU,
		Handoffs:   Handoffs{NextTick: m.NextTick, Immediate: m.Immediate, IO: m.IO, FSRead: m.FSRead},
		Timer:      m.Timer,
		Bytes:      m.Bytes,
		Objects:    m.Objects,
	}
	if err := f.Costs().Validate(); err != nil {
		return nil, fmt.Errorf("calibration: implausible figures from %s: %w", nodePath, err)
	}
	d, err := measureDriver(ctx, nodePath, f, opts)
	if err != nil {
		return nil, err
	}
	f.Driver = d
	if err := f.Costs().Validate(); err != nil {
		return nil, fmt.Errorf("calibration: implausible figures from %s: %w", nodePath, err)
	}
	return f, nil
}

// withDefaults returns o with DefaultOptions' figure in place of every
// figure that is not above 0. (A zero Scale made the driver's residual a
// run of 2000 chunks, still warming up: 45-55 µs a chunk where 20000 give
// 8-12.)
func (o Options) withDefaults() Options {
	if o.Repeats <= 0 {
		o.Repeats = DefaultOptions.Repeats
	}
	if o.Scale <= 0 {
		o.Scale = DefaultOptions.Scale
	}
	return o
}

// runScript runs script in the runtime at nodePath with opts (defaults
// filled in) as its JSON argument and returns what it printed; what names
// the script in an error ("" or "parts: ").
func runScript(ctx context.Context, nodePath, script string, opts Options, what string) ([]byte, error) {
	opts = opts.withDefaults()
	spec, _ := json.Marshal(map[string]any{"repeats": opts.Repeats, "scale": opts.Scale})
	flag := "-e"
	if filepath.Base(nodePath) == "deno" {
		flag = "eval" // deno takes a script with eval
	}
	cmd := exec.CommandContext(ctx, nodePath, flag, script, string(spec))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("calibration: %s%s: %w: %s", what, nodePath, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
