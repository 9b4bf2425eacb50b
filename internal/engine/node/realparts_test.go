package node

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/metrics"
)

// realCells are short cells of each real part: an fs consumer on tmpfs
// (/dev/shm, where there is one) and on the disk (the test's folder), a
// gzip stage, a gzip then gunzip round trip into an fs consumer, a net
// socket to the driver's loopback sink (raw and gzipped), and an http PUT
// upload to its http sink, and a user's modules (testdata/upper.js, a
// Transform that doubles each chunk, into testdata/count-sink.js).
func realCells(t *testing.T) map[string]engine.Config {
	t.Helper()
	cell := func(stages []engine.Stage, cons engine.Consumer) engine.Config {
		return engine.Config{
			Producer:  engine.Producer{Rate: 64 << 20, Chunk: engine.Fixed(16 << 10)},
			Stop:      engine.Stop{Bytes: 1 << 20},
			Stages:    stages,
			Consumers: []engine.Consumer{cons},
			Strategy:  engine.StrategyPipeline,
		}
	}
	cells := map[string]engine.Config{
		"fs-disk":        cell(nil, engine.Consumer{Name: "file", Kind: "fs", Dir: t.TempDir()}),
		"gzip":           cell([]engine.Stage{{Name: "gz", Kind: "gzip"}}, engine.Consumer{Name: "sink", Rate: 256 << 20}),
		"gzip-gunzip-fs": cell([]engine.Stage{{Name: "gz", Kind: "gzip"}, {Name: "gunz", Kind: "gunzip"}}, engine.Consumer{Name: "file", Kind: "fs", Dir: t.TempDir()}),
		"net":            cell(nil, engine.Consumer{Name: "sock", Kind: "net"}),
		"gzip-net":       cell([]engine.Stage{{Name: "gz", Kind: "gzip"}}, engine.Consumer{Name: "sock", Kind: "net"}),
		"http":           cell(nil, engine.Consumer{Name: "upload", Kind: "http"}),
		"module":         cell([]engine.Stage{{Name: "upper", Kind: "module", Module: testdataFile(t, "upper.js")}}, engine.Consumer{Name: "count", Kind: "module", Module: testdataFile(t, "count-sink.js")}),
	}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		cells["fs-tmpfs"] = cell(nil, engine.Consumer{Name: "file", Kind: "fs", Dir: "/dev/shm"})
	}
	return cells
}

// Each real part runs a short cell on every installed runtime to the end:
// every producer byte is accounted for at the consumer (through zlib's
// size change), throughput is above 0, the consumer was busy some of the
// time, and the temporary file is gone afterwards.
func TestRealPartsOnEveryRuntime(t *testing.T) {
	for _, rt := range append(append([]string(nil), Versions...), Runtimes...) {
		t.Run(rt, func(t *testing.T) {
			b := runtimeBinary(t, rt)
			for name, cfg := range realCells(t) {
				t.Run(name, func(t *testing.T) {
					e := Engine{Node: b.Path, Timing: Wall, WarmUp: -1}
					res, err := e.Run(context.Background(), cfg)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := metric(t, res, metrics.BytesConsumed), float64(cfg.Stop.Bytes); got != want {
						t.Errorf("bytes.consumed = %v; want the producer's %v", got, want)
					}
					if got, want := metric(t, res, metrics.ChunksConsumed), metric(t, res, metrics.ChunksProduced); got != want {
						t.Errorf("chunks.consumed = %v; want chunks.produced = %v", got, want)
					}
					if got := metric(t, res, metrics.Throughput); got <= 0 {
						t.Errorf("throughput = %v; want > 0", got)
					}
					if got := metric(t, res, metrics.ConsumerBusy); got <= 0 || got > 1 {
						t.Errorf("consumer.busy = %v; want in (0, 1]", got)
					}
					if d := cfg.Consumers[0].Dir; d != "" && d != "/dev/shm" {
						left, _ := filepath.Glob(filepath.Join(d, "bpbench-fs-*"))
						if len(left) > 0 {
							t.Errorf("left behind: %v", left)
						}
					}
				})
			}
		})
	}
}

// Real parts need wall timing and bytes, and a dir that exists: clear
// errors, not a hung or failed driver.
func TestRealPartsRefused(t *testing.T) {
	b := runtimeBinary(t, "path")
	base := func() engine.Config {
		return engine.Config{
			Producer:  engine.Producer{Chunk: engine.Fixed(1024)},
			Stop:      engine.Stop{Chunks: 10},
			Consumers: []engine.Consumer{{Name: "file", Kind: "fs"}},
			Strategy:  engine.StrategyPipe,
		}
	}
	ideal := base()
	obj := base()
	obj.Producer.ObjectMode = true
	nodir := base()
	nodir.Consumers[0].Dir = "/nonexistent/dir"
	for name, c := range map[string]struct {
		cfg    engine.Config
		timing Timing
		want   string
	}{
		"ideal":      {ideal, Ideal, "needs wall timing"},
		"objectMode": {obj, Wall, "takes bytes, not objects"},
		"no dir":     {nodir, Wall, "/nonexistent/dir"},
	} {
		_, err := Engine{Node: b.Path, Timing: c.timing}.Run(context.Background(), c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v; want one saying %q", name, err, c.want)
		}
	}
}

// testdataFile is testdata/name as an absolute path, as a scenario's
// module field is once resolved.
func testdataFile(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
