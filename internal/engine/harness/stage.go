package harness

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// stage is a Transform that passes each chunk on after its cost.
type stage struct {
	r        *run
	s        *stream.Stream
	node     *node
	perByte  float64 // ns
	perChunk time.Duration
	carry    float64 // sub-nanosecond remainder of the costs so far
	// The chunk being processed and its _transform callback.
	chunk stream.Chunk
	done  func(error)
	// timer ends the cost; a Transform has one chunk in _transform at a
	// time, so it is armed again only after it fired.
	timer *stream.Timer
	// jitter spreads each cost (nil without Jitter); timerRng draws
	// setTimeout's overshoot when the wait is a timer.
	jitterF          float64
	jitter, timerRng *rand.Rand
	isTimer          bool
}

func newStage(r *run, i int, cfg *engine.Stage, up *node) *stage {
	st := &stage{r: r, perByte: cfg.CostPerByte, perChunk: cfg.CostPerChunk, jitterF: cfg.Jitter, isTimer: cfg.Timer}
	if cfg.Jitter > 0 {
		st.jitter = r.seeded(streamStageJitter + uint64(i))
	}
	if cfg.Timer {
		st.timerRng = r.seeded(streamTimer + 1 + uint64(i))
	}
	rh, wh := cfg.HighWaterMark, cfg.HighWaterMark
	if cfg.ReadableHWM != nil {
		rh = cfg.ReadableHWM
	}
	if cfg.WritableHWM != nil {
		wh = cfg.WritableHWM
	}
	st.timer = r.newTimer(st.onTimer)
	st.s = r.loop.NewTransform(cfg.Name, stream.Options{
		ReadableHighWaterMark: rh,
		WritableHighWaterMark: wh,
		ObjectMode:            r.cfg.Producer.ObjectMode,
		Transform:             st.transform,
	})
	st.node = &node{s: st.s, up: up}
	return st
}

func (st *stage) transform(_ *stream.Stream, c stream.Chunk, _ string, done func(error)) {
	m := st.r.model
	if m != nil {
		m.cpuAt2(m.cpu.Pipe, m.cpu.Transform, c.Size)
	}
	d := st.perChunk
	if st.jitter != nil {
		x := (float64(st.perChunk)+st.perByte*float64(c.Size))*(1-st.jitterF+2*st.jitterF*st.jitter.Float64()) + st.carry
		f := math.Floor(x)
		st.carry = x - f
		d = durationMax(f)
	} else if st.perByte > 0 {
		x := st.perByte*float64(c.Size) + st.carry
		f := math.Floor(x)
		st.carry = x - f
		d += durationMax(f)
	}
	if st.isTimer {
		d = m.timerDelay(d, st.timerRng)
	} else if d > 0 {
		d = m.ioWait(d)
	}
	if d <= 0 {
		st.emit(c, done)
		return
	}
	st.chunk, st.done = c, done
	st.timer.Reset(d)
}

func (st *stage) onTimer() {
	if m := st.r.model; m != nil {
		m.wake(m.handoff(st.isTimer))
	}
	c, done := st.chunk, st.done
	st.chunk, st.done = stream.Chunk{}, nil
	st.emit(c, done)
}

func (st *stage) emit(c stream.Chunk, done func(error)) {
	st.node.pushed++
	st.s.Push(c)
	done(nil)
}
