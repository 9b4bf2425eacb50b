package harness

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// testCosts is a calibration with round figures, so expected times can be
// worked out by hand.
func testCosts() *engine.Costs {
	lin := func(a float64) engine.Linear { return engine.Linear{A: a} }
	cc := engine.ChunkCosts{Write: lin(50), Push: lin(100), Pipe: lin(50), Transform: lin(200)}
	return &engine.Costs{
		NextTick:  300,
		Immediate: 2000,
		IO:        []engine.LagPoint{{Wait: 1000, Lag: 5000}, {Wait: 1e6, Lag: 5000}},
		Timer: engine.TimerModel{MinDelay: 1e6, Resolution: 1e6,
			Overshoot: []float64{50e3, 100e3, 150e3}},
		Bytes: cc, Objects: cc,
	}
}

func runCosts(t *testing.T, cfg engine.Config, c *engine.Costs) engine.Result {
	t.Helper()
	res, err := Engine{Costs: c}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// A calibration of zeros changes nothing: every path of the cost model
// adds 0, so the Result equals the uncalibrated one exactly.
func TestZeroCostsChangeNothing(t *testing.T) {
	t.Parallel()
	for _, s := range engine.Strategies {
		cfg := jitteryCell(7)
		cfg.Strategy = s
		cfg.MemoryGuard = 32 * MiB
		a, b := mustRun(t, cfg), runCosts(t, cfg, &engine.Costs{})
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("%s: zero costs changed the result:\n%s\n%s", s, ja, jb)
		}
	}
}

// A consumer of 10µs per 4KiB chunk, a setImmediate hop of 2µs and 100ns
// of CPU per chunk on its path (pipe 50 + write 50) takes 12.1µs per
// chunk: the producer's push (100ns) happens while the consumer waits, and
// the device lag (IO, 5µs) is not charged, since the node engine ends a
// consumer's service by turns of the loop, not a thread's wake-up (which
// would make it 15.1µs).
func TestCostsSlowAConsumerBoundPipe(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(4 * KiB)},
		Stop:          engine.Stop{Chunks: 20000},
		Consumers:     []engine.Consumer{{Name: "c", Latency: 10 * time.Microsecond}},
		HighWaterMark: ptr(64 * KiB),
		Strategy:      engine.StrategyPipe,
	}
	plain := metric(t, mustRun(t, cfg), metrics.ThroughputChunks)
	got := metric(t, runCosts(t, cfg, testCosts()), metrics.ThroughputChunks)
	if !within(plain, 1e5, 1e-3) {
		t.Fatalf("uncalibrated throughput.chunks = %v; want 1e5", plain)
	}
	t.Logf("throughput.chunks %v uncalibrated, %v calibrated", plain, got)
	if want := 1e9 / 12100; !within(got, want, 0.01) {
		t.Errorf("calibrated throughput.chunks = %v; want %v (1%%)", got, want)
	}
}

// The node engine's own cost per chunk (Driver, 1µs + 0.5ns/byte: 3.048µs
// at 4KiB) is charged with each consumer _write, on the loop: the cell
// above takes 12.1 + 3.048µs per chunk with it; another mode's is not.
func TestDriverCostPerConsumerWrite(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(4 * KiB)},
		Stop:          engine.Stop{Chunks: 20000},
		Consumers:     []engine.Consumer{{Name: "c", Latency: 10 * time.Microsecond}},
		HighWaterMark: ptr(64 * KiB),
		Strategy:      engine.StrategyPipe,
	}
	c := testCosts()
	c.Bytes.Driver = engine.LineCurve(engine.Linear{A: 1000, B: 0.5})
	got := metric(t, runCosts(t, cfg, c), metrics.ThroughputChunks)
	if want := 1e9 / (12100 + 3048); !within(got, want, 0.01) {
		t.Errorf("one consumer: throughput.chunks = %v; want %v (1%%)", got, want)
	}
	c.Objects.Driver = engine.LineCurve(engine.Linear{A: 1e6}) // another mode's: not charged
	defer func() {
		// A polled wait stretched by 0.5 per ns (of at most the last 1 ms):
		// 10µs of service end 5µs later; 2ms of service 0.5ms later.
		c.Objects.Driver, c.Bytes.Driver = engine.Curve{}, engine.Curve{}
		c.Poll = engine.PollModel{Stretch: 0.5, Window: 1e6}
		if got, want := metric(t, runCosts(t, cfg, c), metrics.ThroughputChunks), 1e9/(12100+5000); !within(got, want, 0.01) {
			t.Errorf("stretch 0.5, 10µs waits: throughput.chunks = %v; want %v (1%%)", got, want)
		}
		cfg.Consumers[0].Latency = 2 * time.Millisecond
		cfg.Stop.Chunks = 2000
		if got, want := metric(t, runCosts(t, cfg, c), metrics.ThroughputChunks), 1e9/(2e6+2100+5e5); !within(got, want, 0.01) {
			t.Errorf("stretch 0.5, 2ms waits, 1ms window: throughput.chunks = %v; want %v (1%%)", got, want)
		}
	}()
	if again := metric(t, runCosts(t, cfg, c), metrics.ThroughputChunks); again != got {
		t.Errorf("object mode's driver cost changed a byte-mode run: %v, then %v", got, again)
	}
}

// setTimeout(cb, 0.125ms) waits max(1ms, 0) + overshoot: with overshoots
// uniform in [50µs, 150µs] a chunk takes 1.1ms on average, not 125µs.
func TestTimerClampAndOvershoot(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:      engine.Stop{Chunks: 5000},
		Consumers: []engine.Consumer{{Name: "c", Latency: 125 * time.Microsecond, Timer: true}},
		Strategy:  engine.StrategyPipe,
		Seed:      3,
	}
	got := metric(t, runCosts(t, cfg, testCosts()), metrics.ThroughputChunks)
	// 1.1ms + the chunk's 100ns of CPU: about 909 chunks/s; 5000 draws of
	// a uniform overshoot keep the mean within 0.5%.
	if want := 1e9 / 1.1001e6; !within(got, want, 0.005) {
		t.Errorf("throughput.chunks = %v; want %v (0.5%%)", got, want)
	}
	// Without a calibration, timer: true changes nothing.
	cfg.Consumers[0].Timer = false
	a := mustRun(t, cfg)
	cfg.Consumers[0].Timer = true
	if b := mustRun(t, cfg); !reflect.DeepEqual(a, b) {
		t.Errorf("timer: true changed an uncalibrated run")
	}
}

// A loop busy half the time in 5ms slices runs no callback in them: a
// consumer of 1ms per chunk gets about half its chunks through.
func TestLoadTakesTheLoop(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(1 * KiB)},
		Stop:      engine.Stop{Duration: 10 * time.Second},
		Consumers: []engine.Consumer{{Name: "c", Latency: time.Millisecond}},
		Strategy:  engine.StrategyPipe,
		Load:      engine.Load{Busy: 0.5, Slice: 5 * time.Millisecond},
	}
	got := metric(t, mustRun(t, cfg), metrics.ThroughputChunks)
	// Each 10ms period: 5 free ms serve 5 chunks, and the chunk in service
	// when the slice starts ends in it, noticed at its end: 5 or 6 chunks
	// per period, never the 10 of a free loop.
	t.Logf("throughput.chunks under load: %v", got)
	if got < 500 || got > 600 {
		t.Errorf("throughput.chunks under 50%% load = %v; want 500 to 600", got)
	}
}

// Jitter on a pull producer's waits and on a stage's cost spreads them
// but keeps their mean, and draws from its own streams: deterministic, and
// the chunk sizes do not move.
func TestProducerAndStageJitter(t *testing.T) {
	t.Parallel()
	cfg := engine.Config{
		Producer: engine.Producer{Pull: true, Latency: 100 * time.Microsecond, Rate: 100 * MiB,
			Chunk: engine.Uniform{MinSize: 1 * KiB, MaxSize: 16 * KiB}},
		Stop:      engine.Stop{Chunks: 20000},
		Stages:    []engine.Stage{{Name: "s", CostPerChunk: 50 * time.Microsecond}},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
		Seed:      9,
	}
	base := mustRun(t, cfg)
	cfg.Producer.Jitter, cfg.Stages[0].Jitter = 0.5, 0.5
	a, b := mustRun(t, cfg), mustRun(t, cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with jitter differ")
	}
	if reflect.DeepEqual(a, base) {
		t.Fatal("jitter changed nothing")
	}
	for _, m := range []string{metrics.BytesConsumed, metrics.ChunksConsumed} {
		if x, y := metric(t, a, m), metric(t, base, m); x != y {
			t.Errorf("%s = %v with jitter, %v without: jitter moved the chunk sizes", m, x, y)
		}
	}
	if x, y := metric(t, a, metrics.Throughput), metric(t, base, metrics.Throughput); !within(x, y, 0.05) {
		t.Errorf("throughput %v with jitter, %v without; want the same mean within 5%%", x, y)
	}
}

// The same Config, calibration and seed give the same bytes; another seed
// draws other overshoots.
func TestCalibratedDeterministic(t *testing.T) {
	t.Parallel()
	c := testCosts()
	for _, s := range engine.Strategies {
		cfg := jitteryCell(11)
		cfg.Strategy = s
		cfg.MemoryGuard = 32 * MiB
		cfg.Consumers[1].Timer = true
		cfg.Stages[0].Timer = true
		cfg.Load = engine.Load{Busy: 0.2, Slice: 3 * time.Millisecond}
		ja, _ := json.Marshal(runCosts(t, cfg, c))
		jb, _ := json.Marshal(runCosts(t, cfg, c))
		if string(ja) != string(jb) {
			t.Errorf("%s: two calibrated runs differ", s)
		}
		cfg.Seed = 12
		if jc, _ := json.Marshal(runCosts(t, cfg, c)); string(jc) == string(ja) {
			t.Errorf("%s: seeds 11 and 12 gave the same calibrated run", s)
		}
	}
}

func TestInvalidCosts(t *testing.T) {
	t.Parallel()
	cfg := jitteryCell(1)
	for _, c := range []*engine.Costs{
		{NextTick: -1},
		{NextTick: math.NaN()},
		{Timer: engine.TimerModel{Overshoot: []float64{3, 1}}},
		{IO: []engine.LagPoint{{Wait: 5, Lag: 1}, {Wait: 5, Lag: 2}}},
		{Start: engine.StartCost{Ns: math.NaN(), Writes: 10}},
		{Start: engine.StartCost{Ns: 1e6, Writes: -1}},
		{Resume: -1},
	} {
		if _, err := (Engine{Costs: c}).Run(context.Background(), cfg); err == nil {
			t.Errorf("costs %+v: no error", *c)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// The case that found the device-lag overcharge: a live 50 MiB/s producer
// piped into a 20 MiB/s consumer in 4 KiB chunks, with the figures of a
// calibration on Node 20 (setImmediate hop 3813 ns, write 18.76 ns, pipe
// 23.69 ns + 0.000175 ns/B, device lag ~135 µs for a 195 µs wait). A chunk
// takes its service, 4096 B / 20 MiB/s = 195312.5 ns, plus a loop turn,
// 3813 ns, plus the pipe and write CPU on the consumer's path, 43.17 ns:
// 199168.7 ns, 20.566e6 B/s, whatever the highWaterMark (the consumer is
// the bottleneck and its next chunk is always buffered). Charging the
// device lag instead gave 12.4e6 B/s, 35% under the node engine's ~19.2e6.
func TestCalibratedLivePipeTakesALoopTurnPerChunk(t *testing.T) {
	t.Parallel()
	c := &engine.Costs{
		NextTick:  61.3,
		Immediate: 3813,
		IO:        []engine.LagPoint{{Wait: 5e3, Lag: 78e3}, {Wait: 50e3, Lag: 122.5e3}, {Wait: 500e3, Lag: 159.5e3}},
		Bytes: engine.ChunkCosts{
			Write: engine.Linear{A: 18.76, B: 0.0000024},
			Push:  engine.Linear{A: 31.18, B: 0.000062},
			Pipe:  engine.Linear{A: 23.69, B: 0.000175},
		},
	}
	perChunk := 4096e9/(20*MiB) + 3813 + 18.76 + 0.0000024*4096 + 23.69 + 0.000175*4096
	want := 4096e9 / perChunk
	for _, hwm := range []int{4 * KiB, 8 * KiB, 16 * KiB} {
		cfg := engine.Config{
			Producer:      engine.Producer{Chunk: engine.Fixed(4 * KiB), Rate: 50 * MiB},
			Stop:          engine.Stop{Bytes: 20 * MiB},
			Consumers:     []engine.Consumer{{Name: "c", Rate: 20 * MiB}},
			HighWaterMark: ptr(hwm),
			Strategy:      engine.StrategyPipe,
		}
		got := metric(t, runCosts(t, cfg, c), metrics.Throughput)
		if !within(got, want, 0.002) {
			t.Errorf("hwm %d: calibrated throughput = %.0f B/s; want %.0f (0.2%%)", hwm, got, want)
		}
	}
}

// A joined read() costs its Join, and only where read() joins: an
// await-drain loop over a Readable that got ahead (1024 writes of two 64KiB
// chunks) takes writes × Join longer, each on the consumer's critical
// path; the same loop over a generator, which never joins, and a pipe,
// whose flowing reads take one chunk each, take no longer.
func TestJoinedReadCost(t *testing.T) {
	t.Parallel()
	base := engine.Config{
		Producer:      engine.Producer{Chunk: engine.Fixed(64 * KiB)},
		Stop:          engine.Stop{Bytes: 128 * MiB},
		Consumers:     []engine.Consumer{{Name: "c", Rate: 100 * MiB}},
		HighWaterMark: ptr(16 * KiB),
		Strategy:      engine.StrategyAwaitDrain,
	}
	const join = 50e3 // ns a joined read
	zero := &engine.Costs{}
	joins := &engine.Costs{Bytes: engine.ChunkCosts{Join: engine.Linear{A: join}}}
	gen := base
	gen.Producer.Generator = true
	pipe := base
	pipe.Strategy = engine.StrategyPipe
	for _, c := range []struct {
		name  string
		cfg   engine.Config
		joins float64 // joined reads
	}{{"await-drain", base, 1024}, {"generator", gen, 0}, {"pipe", pipe, 0}} {
		without := metric(t, runCosts(t, c.cfg, zero), metrics.Duration)
		with := metric(t, runCosts(t, c.cfg, joins), metrics.Duration)
		if got, want := with-without, c.joins*join/1e9; math.Abs(got-want) > 0.02*want+1e-6 {
			t.Errorf("%s: a 50µs joined read made the run %.6fs longer; want %.6fs (%v joins)", c.name, got, want, c.joins)
		}
	}
}

// ProducerWait is charged each time a producer's wait ends, on the loop:
// a pull producer read by a consumer that takes no time pays it once a
// chunk, in series; an unpaced producer, which never waits, never.
func TestProducerWaitCost(t *testing.T) {
	t.Parallel()
	pull := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(4 * KiB), Pull: true, Latency: 100 * time.Microsecond},
		Stop:      engine.Stop{Chunks: 1000},
		Consumers: []engine.Consumer{{Name: "c"}},
		Strategy:  engine.StrategyPipe,
	}
	unpaced := pull
	unpaced.Producer.Pull, unpaced.Producer.Latency = false, 0
	unpaced.Consumers = []engine.Consumer{{Name: "c", Latency: 100 * time.Microsecond}}
	const wait = 30e3
	for _, c := range []struct {
		name  string
		cfg   engine.Config
		waits float64
	}{{"pull", pull, 1000}, {"unpaced", unpaced, 0}} {
		without := metric(t, runCosts(t, c.cfg, &engine.Costs{}), metrics.Duration)
		with := metric(t, runCosts(t, c.cfg, &engine.Costs{ProducerWait: wait}), metrics.Duration)
		if got, want := with-without, c.waits*wait/1e9; math.Abs(got-want) > 0.02*want+1e-6 {
			t.Errorf("%s: a 30µs producer wait made the run %.6fs longer; want %.6fs", c.name, got, want)
		}
	}
}

// A duration stop ends the run once the callback it fell in has run: a
// consumer write at 2 ms charging 1 ms of CPU records at 3 ms, past a stop
// at 2.5 ms, and the run ends then, no time going backwards (with a
// warning, before the end took the latest time recorded).
func TestDurationStopAfterCPU(t *testing.T) {
	t.Parallel()
	for _, pipes := range []int{1, 3} {
		cfg := engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(4 * KiB)},
			Stop:      engine.Stop{Duration: 2500 * time.Microsecond},
			Consumers: []engine.Consumer{{Name: "c", Latency: time.Millisecond}},
			Strategy:  engine.StrategyPipe,
			Pipelines: pipes,
		}
		c := &engine.Costs{}
		c.Bytes.Driver = engine.Curve{Sizes: []int{0}, Ns: []float64{1e6}}
		res := runCosts(t, cfg, c)
		for _, w := range res.Warnings {
			if strings.Contains(w, "backwards") {
				t.Errorf("%d pipelines: warning %q", pipes, w)
			}
		}
		if d := metric(t, res, metrics.Duration); d < 0.003 {
			t.Errorf("%d pipelines: duration %v s; want the 3 ms the last write's CPU reached", pipes, d)
		}
	}
}

// Costs.Start is CPU on the run's first consumer writes: a live pipe
// into a 100 µs consumer is longer by all of it when it has more writes
// than Start.Writes, and by its share when fewer. Three pipelines of 1000
// writes share one count (one process compiles once): had each pipeline
// its own, all 3000 writes would carry 40 µs, and the run would be about
// 40 ms longer, not about a third of that.
func TestStartCost(t *testing.T) {
	t.Parallel()
	const start = 40e6 // ns
	for _, c := range []struct {
		chunks, pipes int
		lo, hi        float64 // the run's growth, as a share of start
	}{{2000, 1, 0.99, 1.01}, {500, 1, 0.495, 0.505}, {1000, 3, 0.2, 0.5}} {
		cfg := engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(4 * KiB)},
			Stop:      engine.Stop{Chunks: int64(c.chunks)},
			Consumers: []engine.Consumer{{Name: "c", Latency: 100 * time.Microsecond}},
			Strategy:  engine.StrategyPipe,
			Pipelines: c.pipes,
		}
		without := metric(t, runCosts(t, cfg, &engine.Costs{}), metrics.Duration)
		with := metric(t, runCosts(t, cfg, &engine.Costs{Start: engine.StartCost{Ns: start, Writes: 1000}}), metrics.Duration)
		if got := (with - without) * 1e9 / start; got < c.lo || got > c.hi {
			t.Errorf("%d chunks, %d pipelines: a 40 ms start-up over 1000 writes made the run longer by %.3f of it; want %.3f-%.3f", c.chunks, c.pipes, got, c.lo, c.hi)
		}
	}
}

// Costs.Drain is CPU at every 'drain': a live pipe into a consumer whose
// highWaterMark is one chunk drains once a chunk, and each drain's CPU is
// on the path to the next write, so the run grows by drains × Drain.
func TestDrainCost(t *testing.T) {
	t.Parallel()
	hwm := 4 * KiB
	cfg := engine.Config{
		Producer:  engine.Producer{Chunk: engine.Fixed(4 * KiB)},
		Stop:      engine.Stop{Chunks: 1000},
		Consumers: []engine.Consumer{{Name: "c", Latency: 100 * time.Microsecond, HighWaterMark: &hwm}},
		Strategy:  engine.StrategyPipe,
	}
	without := runCosts(t, cfg, &engine.Costs{})
	with := runCosts(t, cfg, &engine.Costs{Drain: 10e3})
	drains := metric(t, with, metrics.Drains)
	if drains < 900 || drains != metric(t, without, metrics.Drains) {
		t.Fatalf("drains %v with a drain cost, %v without; want the same, about one a chunk", drains, metric(t, without, metrics.Drains))
	}
	got := metric(t, with, metrics.Duration) - metric(t, without, metrics.Duration)
	if want := drains * 10e3 / 1e9; math.Abs(got-want) > 0.02*want {
		t.Errorf("a 10 µs drain made the run %.6fs longer; want %v drains x 10 µs = %.6fs", got, drains, want)
	}
}
