package harness

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// consumer is a Writable that serves one chunk at a time.
type consumer struct {
	r    *run
	idx  int
	s    *stream.Stream
	node *node
	cfg  *engine.Consumer
	rng  *rand.Rand
	// carry is the sub-nanosecond remainder of the service times so far.
	carry float64
	// consumed is the bytes this consumer has finished.
	consumed int64
	// The chunk in service and its _write callback.
	size int
	cb   func(error)
	// timer ends the service; one chunk is served at a time, so it is
	// armed again only after it fired.
	timer *stream.Timer
	// base is the service time before jitter of a chunk of baseSize bytes
	// (-1 before any): sizes repeat, and for the same size the same float
	// operations give the same value, so it is computed when the size
	// changes only.
	baseSize int
	base     float64
	// timerRng draws setTimeout's overshoot when the wait is a timer.
	timerRng *rand.Rand
	// random holds the random stalls (Stalls.Random), nil otherwise.
	random *randomStalls
	// part is the calibrated model of a real consumer (fs, net, http), nil
	// for a modelled one.
	part *engine.PartCost
	// cpu caches the write's CPU charge (pipe and write) by chunk size.
	cpu sizeCPU
}

// advance returns when work of length d started at t ends, around the
// consumer's stalls (periodic, shifted by Phase, or random).
func (c *consumer) advance(t, d time.Duration) time.Duration {
	s := c.cfg.Stalls
	switch {
	case c.random != nil:
		return c.random.advance(t, d)
	case s.Phase > 0:
		// t - Phase > -Every: advance puts no stall before Every.
		return advance(t-s.Phase, d, s) + s.Phase
	}
	return advance(t, d, s)
}

// randomStalls are stalls of length For whose starts follow gaps drawn
// exponential with mean Every-For after each stall's end; the first gap
// starts at 0. Times only move forward: a consumer asks in time order.
type randomStalls struct {
	rng         *rand.Rand
	gap, length float64 // mean gap and stall length, ns
	start, end  time.Duration
}

func newRandomStalls(rng *rand.Rand, s engine.Stalls) *randomStalls {
	r := &randomStalls{rng: rng, gap: float64(s.Every - s.For), length: float64(s.For)}
	r.next(0)
	return r
}

// next draws the stall after a gap from t.
func (r *randomStalls) next(t time.Duration) {
	r.start = t + durationMax(math.Round(r.rng.ExpFloat64()*r.gap))
	r.end = r.start + durationMax(r.length)
}

// advance is advance for random stalls.
func (r *randomStalls) advance(t, d time.Duration) time.Duration {
	for {
		for r.end <= t {
			r.next(r.end)
		}
		if t >= r.start { // in a stall: resume at its end
			t = r.end
			r.next(r.end)
			continue
		}
		if t+d <= r.start {
			return t + d
		}
		d -= r.start - t
		t = r.end
		r.next(r.end)
	}
}

func newConsumer(r *run, i int, up *node) *consumer {
	cfg := &r.cfg.Consumers[i]
	c := &consumer{r: r, idx: i, cfg: cfg, baseSize: -1, cpu: sizeCPU{size: -1}}
	if cfg.Jitter > 0 {
		c.rng = r.seeded(uint64(i) + 1)
	}
	// A closure rather than the method value c.onTimer, whose wrapper was
	// one more call per chunk.
	if cfg.Timer {
		c.timerRng = r.seeded(streamTimer + 1<<10 + uint64(i))
	}
	if cfg.Stalls.Random && cfg.Stalls.Enabled() {
		c.random = newRandomStalls(r.seeded(streamStalls+uint64(i)), cfg.Stalls)
	}
	if cfg.Kind != "" && r.model != nil && r.model.costs != nil {
		if p, ok := r.model.costs.Parts[engine.PartKey(cfg.Kind, cfg.Dir)]; ok {
			c.part = &p
		}
	}
	c.timer = r.newTimer(func() {
		if m := c.r.model; m != nil {
			m.wake(m.handoff(c.cfg.Timer))
		}
		c.complete(c.r.loop.Now())
	})
	c.s = r.loop.NewWritable(cfg.Name, stream.Options{
		HighWaterMark: cfg.HighWaterMark,
		ObjectMode:    r.cfg.Producer.ObjectMode,
		// _write: the chunk completes after its service time. A closure
		// rather than the method value of a write method, whose wrapper
		// was one more call (and copy of the chunk) per chunk. It is
		// written here, not returned by a small method: a closure in an
		// inlined function was compiled without inlining its own calls.
		Write: func(_ *stream.Stream, ch stream.Chunk, _ string, cb func(error)) {
			m := c.r.model
			if c.part != nil {
				// A real consumer's write: its loop CPU (and what the
				// node engine pays around it), then its wait (measured
				// with its lag back to the loop: no handoff).
				m.cpuAt3(m.cpu.Pipe, c.part.CPU, c.part.Driver, ch.Size, m.start())
				now := c.r.loop.Now()
				c.r.own.ConsumerBusy(now, c.idx)
				c.size, c.cb = ch.Size, cb
				if end := now + c.service(ch.Size); end > now {
					c.timer.ResetAt(end)
				} else {
					c.complete(now)
				}
				return
			}
			if m != nil {
				if ch.Size != c.cpu.size {
					c.cpu = sizeCPU{ch.Size, m.cpu.Pipe.At(ch.Size) + m.cpu.Write.At(ch.Size) + m.cpu.Driver.At(ch.Size)}
				}
				m.cpuNs(c.cpu.ns + m.start())
			}
			now := c.r.loop.Now()
			c.r.own.ConsumerBusy(now, c.idx)
			c.size, c.cb = ch.Size, cb
			end := c.advance(now, c.service(ch.Size))
			if m != nil {
				if c.cfg.Timer {
					end = now + m.timerDelay(end-now, c.timerRng)
				} else {
					end = now + m.ioWait(end-now)
				}
			}
			if end <= now {
				c.complete(now)
				return
			}
			c.timer.ResetAt(end)
		},
	})
	c.node = &node{s: c.s, up: up}
	return c
}

func (c *consumer) complete(now time.Duration) {
	c.r.own.ConsumerIdle(now, c.idx)
	c.r.rec.ConsumerDone(now, c.idx, int64(c.size))
	c.consumed += int64(c.size)
	cb := c.cb
	c.cb = nil
	cb(nil)
	c.r.consumed(now, c.consumed)
}

// service returns the working time for a chunk of size bytes.
func (c *consumer) service(size int) time.Duration {
	if size != c.baseSize {
		c.baseSize, c.base = size, c.baseTime(size)
	}
	x := c.base
	if j := c.cfg.Jitter; j > 0 {
		x *= 1 - j + 2*j*c.rng.Float64()
	}
	x += c.carry
	d := math.Floor(x)
	c.carry = x - d
	return durationMax(d)
}

// baseTime returns the service time of a chunk of size bytes before jitter,
// in ns.
func (c *consumer) baseTime(size int) float64 {
	if c.part != nil {
		return c.part.Wait.At(size)
	}
	x := float64(c.cfg.Latency)
	if c.cfg.Rate > 0 {
		x += float64(size) * 1e9 / c.cfg.Rate
	}
	if c.cfg.ChunkRate > 0 {
		x += 1e9 / c.cfg.ChunkRate
	}
	return x
}

// advance returns when work of length d started at t ends, given stalls
// at [k·Every, k·Every+For) for k ≥ 1 during which no work is done. Work
// that ends exactly when a stall starts ends then; work of length 0 that
// starts in a stall ends when the stall does.
func advance(t, d time.Duration, s engine.Stalls) time.Duration {
	if !s.Enabled() {
		return t + d
	}
	if k := t / s.Every; k >= 1 && t < k*s.Every+s.For {
		t = k*s.Every + s.For
	}
	next := (t/s.Every + 1) * s.Every // the next stall's start
	if t+d <= next {
		return t + d
	}
	rest := d - (next - t)
	seg := s.Every - s.For // work per period
	p := (rest - 1) / seg  // whole periods before the last piece
	return next + s.For + p*s.Every + (rest - p*seg)
}
