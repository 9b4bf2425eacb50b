package harness

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// producer is the source Readable's _read and its schedule.
type producer struct {
	r    *run
	s    *stream.Stream
	node *node
	cfg  *engine.Producer
	rng  *rand.Rand

	chunks, bytes int64         // produced so far
	lastPush      time.Duration // when the last chunk was handed over
	// The next chunk, once drawn: its size and ready time.
	pending bool
	size    int
	ready   time.Duration
	armed   bool // a timer will push the next chunk
	ended   bool
	// timer pushes the next chunk at its ready time; armed guards it.
	timer *stream.Timer

	// Per run, from cfg, for the per-chunk paths. maxChunks and maxBytes
	// are Stop.Chunks and Stop.Bytes, math.MaxInt64 when unset (a count
	// never reaches it, as an unset limit is never reached). fixed is the
	// size of a Fixed chunk distribution, 0 for another: Fixed.Sample
	// returns it without using rng, so taking it is the same draw without
	// the interface call.
	maxChunks, maxBytes int64
	fixed               int
	// asap is set when a Fixed chunk is ready as soon as the last one was
	// handed over: no Stop.Bytes (which could cut the size), no Rate,
	// ChunkRate or Burst, not Pull. draw then sets size = fixed and ready =
	// lastPush ≤ now, so _read pushes at once: it does so without draw.
	asap bool
	// pull, objectMode: cfg.Pull and cfg.ObjectMode, read per chunk.
	pull, objectMode bool
	// jitter draws the spread of pull waits (nil without Jitter); timerRng
	// the overshoot of a wait marked as a timer.
	jitter, timerRng *rand.Rand

	// gen is set when the producer is a plain async generator (cfg
	// Generator): its chunks go straight to dests, written by the
	// await-drain loop (pump), and the Readable s stays empty and unread.
	// waiting counts the destinations whose 'drain' the loop awaits.
	gen     bool
	dests   []*stream.Stream
	waiting int
	// cpu caches push's CPU charge by chunk size.
	cpu sizeCPU
}

func newProducer(r *run) *producer {
	cfg := r.cfg
	p := &producer{r: r, cfg: &cfg.Producer, rng: r.seeded(0), cpu: sizeCPU{size: -1}}
	p.maxChunks, p.maxBytes = math.MaxInt64, math.MaxInt64
	if st := cfg.Stop; st.Chunks > 0 {
		p.maxChunks = st.Chunks
	}
	if st := cfg.Stop; st.Bytes > 0 {
		p.maxBytes = st.Bytes
	}
	if f, ok := cfg.Producer.Chunk.(engine.Fixed); ok {
		p.fixed = int(f)
	}
	pc := &cfg.Producer
	p.pull, p.objectMode = pc.Pull, pc.ObjectMode
	p.asap = p.fixed > 0 && p.maxBytes == math.MaxInt64 && !pc.Pull &&
		pc.Rate <= 0 && pc.ChunkRate <= 0 && !pc.Burst.Enabled()
	if pc.Jitter > 0 {
		p.jitter = r.seeded(streamProducerJitter)
	}
	if pc.Timer {
		p.timerRng = r.seeded(streamTimer)
	}
	p.timer = r.newTimer(p.onTimer)
	p.s = r.loop.NewReadable(engine.ProducerName, stream.Options{
		HighWaterMark: cfg.HighWaterMark,
		ObjectMode:    cfg.Producer.ObjectMode,
		// _read: push the next chunk now if it is ready, else at its time.
		// A closure rather than the method value of a read method, whose
		// wrapper was one more call per chunk; written here, not returned
		// by a small method, since a closure in an inlined function was
		// compiled without inlining its own calls.
		Read: func(*stream.Stream, int) {
			if p.ended || p.armed || p.r.halted {
				return
			}
			if !p.pending {
				if p.exhausted() {
					p.end()
					return
				}
				if p.asap {
					p.size, p.ready = p.fixed, p.lastPush
					p.push(p.r.loop.Now())
					return
				}
				p.draw()
			}
			now := p.r.loop.Now()
			if p.ready > now {
				p.armed = true
				p.timer.ResetAt(p.ready)
				return
			}
			p.push(now)
		},
	})
	p.node = &node{s: p.s}
	return p
}

func (p *producer) onTimer() {
	p.armed = false
	if m := p.r.model; m != nil {
		m.wake(m.handoff(p.cfg.Timer))
		m.producerWait()
	}
	if !p.r.halted {
		p.push(p.r.loop.Now())
		if p.gen {
			p.pump()
		}
	}
}

// pump is a generator producer's await-drain loop, `for await (const
// chunk of gen()) { if (!w.write(chunk)) await once(w, 'drain') }`, from
// its next(): while no 'drain' is awaited it takes the next chunk, at once
// when it is due (a live chunk due earlier waited upstream) or at its time
// (a timer resumes the loop); once the producer is exhausted, it ends the
// destinations. A pull chunk's time starts here, when the loop asks.
func (p *producer) pump() {
	for p.waiting == 0 && !p.ended && !p.armed && !p.r.halted {
		if !p.pending {
			if p.exhausted() {
				p.end()
				return
			}
			if p.asap {
				p.size, p.ready = p.fixed, p.lastPush
				p.push(p.r.loop.Now())
				continue
			}
			p.draw()
		}
		now := p.r.loop.Now()
		if p.ready > now {
			p.armed = true
			p.timer.ResetAt(p.ready)
			return
		}
		p.push(now)
	}
}

// write is the loop's body for one chunk: write it to every destination,
// and await 'drain' of each that answered false.
func (p *producer) write(c stream.Chunk) {
	if p.objectMode {
		// Straight from the generator to the destinations: nothing stays
		// on the producer's side.
		p.node.pushed++
		p.node.emitted++
	}
	for _, d := range p.dests {
		if !d.Write(c, nil) {
			p.r.rec.WriteFalse()
			p.waiting++
			d.Once(stream.EventDrain, p.drained)
		}
	}
}

// drained resumes the loop once every awaited 'drain' came.
func (p *producer) drained(stream.Arg) {
	if p.waiting--; p.waiting == 0 {
		if m := p.r.model; m != nil {
			m.nextTick() // the awaited promise resolves on a later tick
		}
		p.pump()
	}
}

// exhausted reports whether Stop.Chunks or Stop.Bytes is reached.
func (p *producer) exhausted() bool {
	return p.chunks >= p.maxChunks || p.bytes >= p.maxBytes
}

// draw picks the next chunk's size and ready time.
func (p *producer) draw() {
	size := p.fixed
	if size == 0 {
		size = p.cfg.Chunk.Sample(p.rng)
	}
	if p.maxBytes != math.MaxInt64 { // Stop.Bytes is set
		size = int(min(int64(size), p.maxBytes-p.bytes))
	}
	p.size, p.pending = size, true
	if p.cfg.Pull {
		// On demand: the chunk's time starts now, when _read asked. The
		// producer was blocked from its last push until this request.
		now := p.r.loop.Now()
		if p.chunks > 0 {
			p.r.own.ProducerStalled(p.lastPush, now)
		}
		d := float64(p.cfg.Latency)
		switch {
		case p.cfg.Rate > 0:
			d += float64(size) * 1e9 / p.cfg.Rate
		case p.cfg.ChunkRate > 0:
			d += 1e9 / p.cfg.ChunkRate
		}
		if j := p.cfg.Jitter; j > 0 {
			d *= 1 - j + 2*j*p.jitter.Float64()
		}
		w := durationMax(math.Round(d))
		if p.cfg.Timer {
			w = p.r.model.timerDelay(w, p.timerRng)
		} else {
			w = p.r.model.ioWait(w)
		}
		p.ready = now + w
		return
	}
	burst := p.cfg.Burst
	switch {
	case p.cfg.Rate > 0:
		active := durationMax(math.Round(float64(p.bytes+int64(size)) * 1e9 / p.cfg.Rate))
		p.ready = activeToClock(active, burst)
	case p.cfg.ChunkRate > 0:
		active := durationMax(math.Round(float64(p.chunks+1) * 1e9 / p.cfg.ChunkRate))
		p.ready = activeToClock(active, burst)
	default:
		p.ready = gate(p.lastPush, burst)
	}
}

// activeToClock maps the producer's working time to clock time: with
// bursts it works only during [k·P, k·P+On), P = On+Off. Work that ends
// exactly at the end of an on phase ends there.
func activeToClock(active time.Duration, b engine.Burst) time.Duration {
	if !b.Enabled() {
		return active
	}
	k, rem := active/b.On, active%b.On
	if rem == 0 && k > 0 {
		return (k-1)*(b.On+b.Off) + b.On
	}
	return k*(b.On+b.Off) + rem
}

// gate returns t if it lies in an on phase, else the next on phase's start.
func gate(t time.Duration, b engine.Burst) time.Duration {
	if !b.Enabled() {
		return t
	}
	period := b.On + b.Off
	if k := t / period; t-k*period >= b.On {
		return (k + 1) * period
	}
	return t
}

// push hands the next chunk to the Readable at now.
func (p *producer) push(now time.Duration) {
	r := p.r
	if g := r.guard; g > 0 && r.buffered() > g {
		r.guardHit()
		return
	}
	if r.flight.n >= r.maxInFlight || r.g != nil && r.g.inFlight >= r.g.maxInFlight {
		r.rec.Warn("sim: %d chunks in flight: stopped as if the memory guard was exceeded", r.inFlight())
		r.guardHit()
		return
	}
	if p.chunks&(ctxEvery-1) == ctxEvery-1 && r.ctxDone() {
		return
	}
	if !p.pull {
		r.own.ProducerStalled(max(p.ready, p.lastPush), now)
		r.own.Waited(p.ready, now, p.upstreamSize())
	}
	p.lastPush, p.pending = now, false
	p.chunks++
	p.bytes += int64(p.size)
	r.flight.push(flightChunk{end: p.bytes, ready: p.ready})
	if g := r.g; g != nil {
		g.inFlight++
	}
	r.rec.Produced(int64(p.size))
	if m := r.model; m != nil {
		if p.size != p.cpu.size {
			p.cpu = sizeCPU{p.size, m.cpu.Push.At(p.size)}
		}
		m.cpuNs(p.cpu.ns)
	}
	c := stream.Sized(p.size)
	if p.gen {
		if p.objectMode {
			c = stream.Obj(p.size)
		} else if r.payload != nil {
			c = r.payload(p.size)
		}
		p.write(c)
		return
	}
	if p.objectMode {
		p.node.pushed++ // only objectBytes reads it
		c = stream.Obj(p.size)
	} else if r.payload != nil {
		c = r.payload(p.size)
	}
	p.s.Push(c)
	if p.exhausted() {
		p.end()
	}
}

// upstreamSize is the pending chunk's size in the backlog's unit: bytes, or
// one object in object mode.
func (p *producer) upstreamSize() int64 {
	if p.objectMode {
		return 1
	}
	return int64(p.size)
}

// finish gives the Recorder the chunk still waiting upstream at end, when a
// live producer's schedule made it ready before the run stopped.
func (p *producer) finish(end time.Duration) {
	if !p.pull && p.pending && !p.ended && p.ready < end {
		p.r.own.Waited(p.ready, end, p.upstreamSize())
	}
}

func (p *producer) end() {
	p.ended = true
	if p.gen {
		// The loop ends: `for (const d of dests) d.end()` after it.
		p.r.prodEnded = true
		for _, d := range p.dests {
			d.End(nil, nil)
		}
		return
	}
	p.s.PushEOF()
}
