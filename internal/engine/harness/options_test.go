package harness

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// elapsedClock is a virtual clock that claims more real time has passed.
type elapsedClock struct {
	stream.VirtualClock
	extra time.Duration
}

func (c *elapsedClock) Elapsed() time.Duration { return c.Now() + c.extra }

// RunOn with a clock given from outside and real payloads gives the same
// Result as Engine.Run (the model does not depend on who owns the clock or
// on the chunks' content), and calls Payload once per byte-mode chunk.
func TestRunOnSameAsRun(t *testing.T) {
	t.Parallel()
	cfg := jitteryCell(7)
	cfg.Stop = engine.Stop{Bytes: 8 * MiB}
	want := mustRun(t, cfg)
	var calls, bytes int64
	got, err := RunOn(context.Background(), cfg, Options{
		Clock: &stream.VirtualClock{},
		Payload: func(n int) stream.Chunk {
			calls++
			bytes += int64(n)
			return stream.BytesChunk(make([]byte, n))
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RunOn() = %+v\nwant %+v", got, want)
	}
	if n := metric(t, got, "chunks.produced"); float64(calls) != n || bytes != 8*MiB {
		t.Errorf("Payload called %d times for %d bytes; want %v times for %d", calls, bytes, n, 8*MiB)
	}
}

// An Elapser's real time lengthens the duration.
func TestRunOnElapsed(t *testing.T) {
	t.Parallel()
	cfg := jitteryCell(7)
	cfg.Stop = engine.Stop{Bytes: 1 * MiB}
	want := metric(t, mustRun(t, cfg), "duration") + 0.5
	res, err := RunOn(context.Background(), cfg, Options{Clock: &elapsedClock{extra: 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if got := metric(t, res, "duration"); math.Abs(got-want) > 1e-9 {
		t.Errorf("duration = %v; want %v", got, want)
	}
}
