package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

func mustParse(t *testing.T, file string) *Scenario {
	t.Helper()
	s, err := ParseFile(file)
	if err != nil {
		t.Fatalf("ParseFile(%s): %v", file, err)
	}
	return s
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	s := mustParse(t, "testdata/minimal.yaml")
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("minimal: %s = %v; want %v", what, got, want)
		}
	}
	check("Name", s.Name, "minimal")
	check("Engine", s.Engine, Sim)
	check("Strategy", s.Strategy, Pipe)
	check("Repeat", s.Repeat, 1)
	check("Seed", s.Seed, uint64(1))
	check("Profile", s.Profile, stream.Node22)
	check("HighWaterMark", s.HighWaterMark, HighWaterMark{Profile: "default", Value: 64 << 10})
	check("MemoryGuard", s.MemoryGuard, Size(1<<30))
	check("Producer.Chunk", s.Producer.Chunk.String(), "16KiB")
	check("Producer.Rate", s.Producer.Rate.Unlimited(), true)
	check("Producer.HighWaterMark", s.Producer.HighWaterMark.Value, int64(64<<10))
	check("len(Consumers)", len(s.Consumers), 1)
	check("Consumers[0].Name", s.Consumers[0].Name, "consumer")
	check("Consumers[0].HighWaterMark", s.Consumers[0].HighWaterMark.Value, int64(64<<10))
	check("Stop.Bytes", s.Stop.Bytes, Size(64<<20))
	check("len(Points())", len(s.Points()), 1)
	// A minimal scenario takes no time at all, and is told so.
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "nothing in the pipeline takes time") {
		t.Errorf("minimal: warnings %v; want the one about a pipeline that takes no time", s.Warnings)
	}
}

func TestResolveFull(t *testing.T) {
	t.Parallel()
	s := mustParse(t, "testdata/full.yaml")
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("full: %s = %v; want %v", what, got, want)
		}
	}
	check("Name", s.Name, "upload-over-slow-network")
	check("Profile", s.Profile, stream.Node20)
	check("Seed", s.Seed, uint64(42))
	// default under profile node20 is Node 20's 16KiB.
	check("HighWaterMark", s.HighWaterMark.Value, int64(16<<10))
	check("Producer.HighWaterMark", s.Producer.HighWaterMark, HighWaterMark{Profile: "fs", Value: 64 << 10})
	check("Producer.Rate", s.Producer.Rate, Rate{Bytes: 200 << 20})
	check("Producer.Chunk", s.Producer.Chunk.String(), "normal-64KiB-16KiB") // min, max are the defaults
	check("Producer.Chunk.Min", s.Producer.Chunk.Min, Size(1))
	check("Producer.Chunk.Max", s.Producer.Chunk.Max, Size(128<<10))
	check("Producer.Burst", s.Producer.Burst, Burst{On: 50 * time.Millisecond, Off: 200 * time.Millisecond})
	check("Stop", s.Stop, Stop{Bytes: 1 << 30, Chunks: 1e6, Duration: 10 * time.Minute})
	check("MemoryGuard", s.MemoryGuard, Size(512<<20))

	check("Stages[0].Name", s.Stages[0].Name, "compress")
	check("Stages[0].Cost", s.Stages[0].Cost.String(), "20us+5ms/MiB")
	check("Stages[0].Readable", s.Stages[0].ReadableHighWaterMark.Value, int64(4<<10))
	check("Stages[0].Writable", s.Stages[0].WritableHighWaterMark.Value, int64(16<<10))
	check("Stages[1].Name", s.Stages[1].Name, "stage2")
	check("Stages[1].Readable", s.Stages[1].ReadableHighWaterMark.Value, int64(32<<10))
	check("Stages[1].Writable", s.Stages[1].WritableHighWaterMark.Value, int64(32<<10))

	check("Consumers[0].Name", s.Consumers[0].Name, "network")
	check("Consumers[0].Rate", s.Consumers[0].Rate, Rate{Bytes: 12.5e6})
	check("Consumers[0].Jitter", s.Consumers[0].Jitter, 0.2)
	check("Consumers[0].Stalls", s.Consumers[0].Stalls, Stalls{Every: 2 * time.Second, For: 300 * time.Millisecond})
	check("Consumers[0].HighWaterMark", s.Consumers[0].HighWaterMark.Value, int64(16<<10))
	check("Consumers[1].HighWaterMark", s.Consumers[1].HighWaterMark, HighWaterMark{Profile: "node22", Value: 64 << 10})

	check("len(Thresholds)", len(s.Thresholds), 5)
	check("Thresholds[0]", s.Thresholds[0].String(), "buffered.peak < 2MiB")
	check("Thresholds[1].Value", s.Thresholds[1].Value, float64(1<<20))
	check("Thresholds[2].Value", s.Thresholds[2].Value, 0.1)
	check("Thresholds[4].Value", s.Thresholds[4].Value, 0.5)

	// node: with engine sim is a warning, not an error.
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "full.yaml:5:7: node: only engine node uses it") {
		t.Errorf("full: Warnings = %v; want the node: warning", s.Warnings)
	}

	// 3 × 2 × 2 points, minus 2 for each exclusion.
	points := s.Points()
	if len(points) != 8 {
		t.Fatalf("full: %d points; want 8", len(points))
	}
	c, err := s.With(points[len(points)-1])
	if err != nil {
		t.Fatal(err)
	}
	// The last point: highWaterMark=node22, consumers.0.rate=10MiB/s, stages.1.cost=1ms/MiB.
	check("point.HighWaterMark", c.HighWaterMark, HighWaterMark{Profile: "node22", Value: 64 << 10})
	check("point.Stages[0].Writable", c.Stages[0].WritableHighWaterMark.Value, int64(64<<10))
	check("point.Consumers[0].Rate", c.Consumers[0].Rate, Rate{Bytes: 10 << 20})
	check("point.Stages[1].Cost", c.Stages[1].Cost.String(), "1ms/MiB")
	check("point.Sweep", len(c.Sweep), 0)
	check("point.Params", len(c.Params), 3)
	// The base is untouched.
	check("base.Consumers[0].Rate", s.Consumers[0].Rate, Rate{Bytes: 12.5e6})
}

func TestObjectMode(t *testing.T) {
	t.Parallel()
	s := mustParse(t, "testdata/objectmode.yaml")
	if h := s.HighWaterMark; h != (HighWaterMark{Profile: "node22", Value: 16, Objects: true}) {
		t.Errorf("HighWaterMark = %+v; want node22 = 16 objects", h)
	}
	if h := s.Consumers[0].HighWaterMark; h.Value != 4 || !h.Objects || h.String() != "4" {
		t.Errorf("consumer HighWaterMark = %+v; want 4 objects", h)
	}
	var texts []string
	for _, v := range s.Sweep[0].Values {
		texts = append(texts, v.Text)
	}
	if got := strings.Join(texts, ","); got != "1,16,64" {
		t.Errorf("sweep values = %s; want 1,16,64", got)
	}
	c, err := s.With(s.Points()[0])
	if err != nil {
		t.Fatal(err)
	}
	if h := c.Stages[0].ReadableHighWaterMark; h.Value != 1 || !h.Objects {
		t.Errorf("point 0 stage HighWaterMark = %+v; want 1 object", h)
	}
	if c.Producer.Chunk.Dist != Choice || c.Producer.Chunk.Choices[1].Weight != 1 {
		t.Errorf("chunk = %+v; want a choice with default weight 1", c.Producer.Chunk)
	}
}

func TestMergeKeys(t *testing.T) {
	t.Parallel()
	s := mustParse(t, "testdata/merge.yaml")
	c := s.Consumers[0]
	if c.Rate != (Rate{Bytes: 1 << 20}) || c.Latency != time.Millisecond || c.Jitter != 0.1 {
		t.Errorf("merged consumer = %+v; want rate 1MiB/s, latency 1ms, jitter 0.1", c)
	}
}

func TestSweepValuesCanonical(t *testing.T) {
	t.Parallel()
	s, err := Parse("t.yaml", []byte(`
stop: {bytes: 1MiB}
sweep:
  highWaterMark: [1024, 16KiB, node20]
  consumer.rate: [1048576B/s, 10MiB/s, 1000/s]
  consumer.latency: [0, 1500us]
  stages.0.cost: [0.5ms/MiB]
  producer.objectMode: [false]
stages: [{}]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"1KiB", "16KiB", "node20"}, {"1MiB/s", "10MiB/s", "1000chunks/s"}, {"0s", "1.5ms"}, {"500us/MiB"}, {"false"}}
	for i, sw := range s.Sweep {
		for j, v := range sw.Values {
			if v.Text != want[i][j] {
				t.Errorf("sweep %s value %d = %s; want %s", sw.Path, j, v.Text, want[i][j])
			}
		}
	}
}
