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
	outCarry float64 // a real stage's remainder of output bytes
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
	// part is the calibrated model of a real stage (gzip, gunzip), nil
	// for a modelled one; marks its progress (sizeMarks).
	part  *engine.PartCost
	marks *sizeMarks
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
	if cfg.Kind != "" && r.model != nil && r.model.costs != nil {
		if p, ok := r.model.costs.Parts[engine.PartKey(cfg.Kind, "")]; ok {
			st.part, st.marks = &p, &sizeMarks{}
		}
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
	if st.part != nil {
		st.partTransform(m, c, done)
		return
	}
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
	if st.part != nil {
		c = st.partOutput(c.Size)
	}
	st.emit(c, done)
}

// partTransform is a calibrated real stage's _transform: the chunk costs
// the part's loop CPU (and a pipe hop's, and what the node engine pays
// around it: PartCost.Driver), then its wait (measured with its
// lag back to the loop, so no handoff is added), and comes out Ratio
// times its size.
func (st *stage) partTransform(m *model, c stream.Chunk, done func(error)) {
	m.cpuAt3(m.cpu.Pipe, st.part.CPU, st.part.Driver, c.Size, 0)
	x := st.part.Wait.At(c.Size) + st.carry
	f := math.Floor(x)
	st.carry = x - f
	st.chunk, st.done = c, done
	if d := durationMax(f); d > 0 {
		st.timer.Reset(d)
		return
	}
	st.onTimer()
}

// partOutput returns the output of an input chunk of n bytes: Ratio·n
// bytes, at least 1 (the remainders carry to the next chunk), and marks
// it.
func (st *stage) partOutput(n int) stream.Chunk {
	x := st.part.Ratio*float64(n) + st.outCarry
	out := max(1, int(math.Floor(x)))
	st.outCarry = x - float64(out)
	st.marks.add(int64(out), int64(n))
	return stream.Sized(out)
}

// sizeMarks map a size-changing stage's output back to its input: after
// each chunk, the output so far and the input it came from, popped as the
// consumers finish the output.
type sizeMarks struct {
	out, in     []int64 // a queue from head
	head        int
	outCum, inC int64
	// done is the input bytes behind the output finished so far.
	done int64
}

func (s *sizeMarks) add(out, in int64) {
	s.outCum += out
	s.inC += in
	if s.head > 0 && s.head == len(s.out) {
		s.out, s.in, s.head = s.out[:0], s.in[:0], 0
	}
	s.out = append(s.out, s.outCum)
	s.in = append(s.in, s.inC)
}

// input returns the input bytes whose whole output is within the first
// outDone bytes.
func (s *sizeMarks) input(outDone int64) int64 {
	for s.head < len(s.out) && s.out[s.head] <= outDone {
		s.done = s.in[s.head]
		s.head++
	}
	if s.head > 1024 && s.head*2 > len(s.out) {
		n := copy(s.out, s.out[s.head:])
		copy(s.in, s.in[s.head:])
		s.out, s.in, s.head = s.out[:n], s.in[:n], 0
	}
	return s.done
}

func (st *stage) emit(c stream.Chunk, done func(error)) {
	st.node.pushed++
	st.s.Push(c)
	done(nil)
}
