package node

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/stream"
)

//go:embed driver.js
var driverJS string

// Engine runs cells in a real Node.js process. The zero value runs the node
// found on PATH with the defaults below.
type Engine struct {
	// Node is the path of the node binary; "" is "node" on PATH. Find
	// looks one up by version.
	Node string
	// SampleEvery is how often the driver reports every stream's buffered
	// bytes and process.memoryUsage(); 0 is DefaultSampleEvery. Timers
	// resolve milliseconds, so values below 1ms are taken as 1ms.
	SampleEvery time.Duration
	// BusyCost makes stages spend their cost in a busy-wait on the event
	// loop (a CPU-bound transform that blocks everything else) instead of a
	// timer (work done off the loop, like zlib on the thread pool, which is
	// what the sim engine models).
	BusyCost bool
	// Timeout bounds one run; 0 takes twice the time the cell should take
	// plus 10 s, and at most its stop duration plus 10 s.
	Timeout time.Duration
	// TimelinePoints bounds Result.Timeline as in metrics.Config.
	TimelinePoints int
	// Timing is the clock the cell's figures are on: Wall (""), real time
	// as Node lives it, or Ideal, the model's clock (sim's numbers).
	Timing Timing
	// WarmUp is, with Wall timing, how long the same cell runs first in
	// the same process, unmeasured, so that V8 has compiled the hot code
	// before the measured run; 0 is DefaultWarmUp, < 0 none.
	WarmUp time.Duration
}

// DefaultWarmUp is the default in-process warm-up of a wall-clock cell.
// Node keeps getting faster well past 100 ms: a 1000-chunk cell of 1 KiB
// into a 20 µs consumer took 61 µs a chunk after a 100 ms warm-up, 49 after
// 300 ms and 47 after 1 s (medians of 5, Node 20, 2026-12-04; 33 µs in a
// 20000-chunk cell).
const DefaultWarmUp = 300 * time.Millisecond

func (e *Engine) warmUp() time.Duration {
	switch {
	case e.timing() != Wall || e.WarmUp < 0:
		return 0
	case e.WarmUp == 0:
		return DefaultWarmUp
	}
	return e.WarmUp
}

// Timing says which clock a node cell's figures are on.
type Timing string

// The timings.
const (
	// Wall measures on the wall clock: producers and consumers keep
	// absolute deadlines, but a chunk enters the stream when Node gets to
	// it and a consumer serves a chunk from when Node hands it over, so
	// Node's own lateness (timers, turns of the event loop, a busy machine)
	// shows in throughput, latency and duration.
	Wall Timing = "wall"
	// Ideal keeps the model's clock: a deadline Node meets late delays
	// nothing, so with the same seed the figures are sim's. It checks
	// Node's stream semantics, not its speed.
	Ideal Timing = "ideal"
)

// Timings lists the timings, the default first.
var Timings = []Timing{Wall, Ideal}

func (e *Engine) timing() Timing {
	if e.Timing == "" {
		return Wall
	}
	return e.Timing
}

// DefaultSampleEvery is the default sampling interval.
const DefaultSampleEvery = 2 * time.Millisecond

// maxLine bounds one line of the driver's output.
const maxLine = 16 << 20

// Errors of Run, matched with errors.Is.
var (
	// ErrNoNode is returned when the node binary cannot be started.
	ErrNoNode = errors.New("node: no usable Node.js binary (install Node 20, 22 and 24 with `make nodes`)")
	// ErrTimeout is returned when a run outlives Engine.Timeout.
	ErrTimeout = errors.New("node: the run did not end in time (killed)")
)

var _ engine.Engine = Engine{}

func (e *Engine) sampleEvery() time.Duration {
	if e.SampleEvery <= 0 {
		return DefaultSampleEvery
	}
	return max(e.SampleEvery, time.Millisecond)
}

// Run runs cfg in a new node process and returns its Result. It returns an
// error wrapping engine's validation errors for an invalid cfg, ErrNoNode
// when node cannot be started, ErrTimeout (with what was measured) when the
// run outlives the timeout, ctx.Err() (with what was measured) when ctx is
// cancelled — the process is killed in both cases — and an error carrying
// the end of node's standard error when the driver fails.
func (e Engine) Run(ctx context.Context, cfg engine.Config) (engine.Result, error) {
	if err := cfg.Validate(); err != nil {
		return engine.Result{}, fmt.Errorf("node: %w", err)
	}
	if t := e.timing(); t != Wall && t != Ideal {
		return engine.Result{}, fmt.Errorf("node: timing %q: want wall or ideal", t)
	}
	sp, err := newSpec(&cfg, &e)
	if err != nil {
		return engine.Result{}, err
	}
	files, err := realFiles(&cfg, &sp)
	if err != nil {
		return engine.Result{}, err
	}
	defer func() {
		for _, d := range files {
			os.RemoveAll(d)
		}
	}()
	input, err := json.Marshal(sp)
	if err != nil {
		return engine.Result{}, fmt.Errorf("node: encode cell: %w", err)
	}
	path := e.Node
	if path == "" {
		path = "node"
	}
	timeout := e.timeout(&cfg)
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, path, driverArgs(path)...)
	cmd.Stdin = bytes.NewReader(input)
	cmd.Env = environ()
	var stderr tail
	cmd.Stderr = &stderr
	cmd.WaitDelay = 2 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return engine.Result{}, fmt.Errorf("node: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return engine.Result{}, startError(path, err)
	}

	names := []string{engine.ProducerName}
	var cons []string
	for _, st := range cfg.Stages {
		names = append(names, st.Name)
	}
	for _, c := range cfg.Consumers {
		names = append(names, c.Name)
		cons = append(cons, c.Name)
	}
	d := &decoder{
		rec:     metrics.New(metrics.Config{Stages: names, Consumers: cons, TimelinePoints: e.TimelinePoints}),
		streams: len(names),
		cons:    len(cons),
		wall:    e.timing() == Wall,
	}
	if !cfg.Producer.Pull {
		d.rec.Upstream()
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var perr error
	for d.end == nil && sc.Scan() {
		if perr = d.apply(sc.Bytes()); perr != nil {
			break
		}
	}
	if perr == nil && d.end == nil && sc.Err() != nil {
		perr = fmt.Errorf("node: reading the driver: %w", sc.Err())
	}
	if d.end == nil {
		_ = cmd.Process.Kill() // it may be blocked writing to us
	}
	werr := cmd.Wait()
	checkProfile(d, &cfg)
	res := d.finish()
	switch {
	case ctx.Err() != nil:
		return res, ctx.Err()
	case runCtx.Err() != nil:
		return res, fmt.Errorf("%w after %v", ErrTimeout, timeout)
	case perr != nil:
		return res, withStderr(perr, &stderr)
	case d.end == nil:
		return res, withStderr(fmt.Errorf("node: %s exited before the run ended: %v", path, werr), &stderr)
	}
	return res, nil
}

// realFiles makes, for each fs consumer, a new folder in its Dir (the
// system's temporary folder when "") and names the file the driver writes
// there. It returns the folders, which Run removes after the run.
func realFiles(cfg *engine.Config, sp *spec) ([]string, error) {
	var dirs []string
	for i, c := range cfg.Consumers {
		if c.Kind != "fs" {
			continue
		}
		parent := c.Dir
		if parent == "" {
			parent = os.TempDir()
		}
		d, err := os.MkdirTemp(parent, "bpbench-fs-")
		if err != nil {
			for _, x := range dirs {
				os.RemoveAll(x)
			}
			return nil, fmt.Errorf("node: consumer %s: dir: %w", c.Name, err)
		}
		dirs = append(dirs, d)
		sp.Consumers[i].Path = filepath.Join(d, "out")
	}
	return dirs, nil
}

// checkProfile warns when the node that ran follows other rules than the
// cell's profile.
func checkProfile(d *decoder, cfg *engine.Config) {
	if d.node == "" {
		return
	}
	want := cfg.Profile
	if want.Bytes == 0 {
		want = stream.Node22
	}
	got := stream.Node20
	if Major(d.node) >= 22 {
		got = stream.Node22
	}
	if got.Version != want.Version {
		d.rec.Warn("node: ran on Node %s, whose rules are the %s profile's, not %s's (default highWaterMarks were set explicitly from %s)",
			d.node, got.Name, want.Name, want.Name)
	} else if d.defHWM > 0 && (d.defHWM != want.Bytes || d.defObj != want.Objects) {
		d.rec.Warn("node: %s's own default highWaterMarks are %d bytes and %d objects, not the %s profile's %d and %d (defaults were set explicitly from %s)",
			d.runtime, d.defHWM, d.defObj, want.Name, want.Bytes, want.Objects, want.Name)
	}
}

// timeout returns the bound on one run: Engine.Timeout, or twice the
// cell's expected time plus 10 s (at most the stop duration plus 10 s).
// With several pipelines, each runs at the pace of one, but the driver's
// own cost per chunk (20µs) is paid for every pipeline's chunks in turn.
func (e *Engine) timeout(cfg *engine.Config) time.Duration {
	if e.Timeout > 0 {
		return e.Timeout
	}
	const grace = 10 * time.Second
	per := max(perChunk(cfg), 20e-6*float64(max(1, cfg.Pipelines)))
	n := cfg.MaxWork() / float64(max(1, cfg.Pipelines)) // one pipeline's
	t := time.Duration(math.Min(2*n*per*1e9, float64(24*time.Hour))) + grace
	if d := cfg.Stop.Duration; d > 0 {
		t = min(t, d+grace)
	}
	return t + e.warmUp()
}

// perChunk returns the slowest element's time per chunk in seconds (at
// least 20µs, the driver's own cost).
func perChunk(cfg *engine.Config) float64 {
	mean := cfg.Producer.Chunk.Mean()
	per := 20e-6
	p := cfg.Producer
	burst := 1.0
	if p.Burst.Enabled() {
		burst = float64(p.Burst.On+p.Burst.Off) / float64(p.Burst.On)
	}
	if p.Rate > 0 {
		per = max(per, mean/p.Rate*burst)
	}
	if p.ChunkRate > 0 {
		per = max(per, burst/p.ChunkRate)
	}
	for _, st := range cfg.Stages {
		per = max(per, st.CostPerChunk.Seconds()+st.CostPerByte*mean/1e9)
		if st.Kind != "" {
			per = max(per, 100e-9*mean) // zlib: 10 MB/s, a slow machine's gzip
		}
	}
	for _, c := range cfg.Consumers {
		x := c.Latency.Seconds()
		if c.Rate > 0 {
			x += mean / c.Rate
		}
		if c.ChunkRate > 0 {
			x += 1 / c.ChunkRate
		}
		if c.Kind != "" {
			x = 50e-6 + 50e-9*mean // a write to a slow disk: 20 MB/s
		}
		x *= 1 + c.Jitter
		if c.Stalls.Enabled() {
			x *= float64(c.Stalls.Every) / float64(c.Stalls.Every-c.Stalls.For)
		}
		per = max(per, x)
	}
	return per
}

// driverArgs are the arguments that make the runtime at path run the
// driver: node and bun take it with -e, deno with eval (which runs it as
// CommonJS, with every permission, and keeps stdin for the cell).
func driverArgs(path string) []string {
	if RuntimeOf(path) == Deno {
		return []string{"eval", driverJS}
	}
	return []string{"-e", driverJS}
}

func startError(path string, err error) error {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%w: %s: %w", ErrNoNode, path, err)
	}
	return fmt.Errorf("node: start %s: %w", path, err)
}

func withStderr(err error, t *tail) error {
	if s := strings.TrimSpace(t.String()); s != "" {
		return fmt.Errorf("%w\nnode stderr:\n%s", err, s)
	}
	return err
}

// environ is the process environment without NODE_OPTIONS, which could
// preload code into the driver.
func environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NODE_OPTIONS=") {
			env = append(env, kv)
		}
	}
	return env
}

// tail keeps the last tailMax bytes written to it.
type tail struct{ b []byte }

const tailMax = 8 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > tailMax {
		t.b = append(t.b[:0], t.b[len(t.b)-tailMax:]...)
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }
