package harness

import (
	"github.com/bpbench/bpbench/internal/engine"
	"github.com/bpbench/bpbench/internal/stream"
)

// wire connects every hop (a stream and the streams it feeds) by the
// strategy.
func (r *run) wire() {
	chain := []*stream.Stream{r.prod.s}
	for _, st := range r.stages {
		chain = append(chain, st.s)
	}
	cons := make([]*stream.Stream, len(r.cons))
	for i, c := range r.cons {
		cons[i] = c.s
	}
	hop := func(i int) []*stream.Stream {
		if i+1 < len(chain) {
			return chain[i+1 : i+2]
		}
		return cons
	}
	if r.cfg.Strategy == engine.StrategyPipeline {
		r.loop.Pipeline(append(append([]*stream.Stream(nil), chain...), cons[0]), nil)
		last := chain[len(chain)-1]
		for _, d := range cons[1:] {
			last.Pipe(d, stream.PipeOptions{})
		}
		for i := range chain {
			r.watchWrites(hop(i))
		}
		return
	}
	for i, src := range chain {
		dests := hop(i)
		switch r.cfg.Strategy {
		case engine.StrategyPipe:
			for _, d := range dests {
				src.Pipe(d, stream.PipeOptions{})
			}
			r.watchWrites(dests)
		case engine.StrategyManual:
			r.manual(src, dests)
		case engine.StrategyAwaitDrain:
			if i == 0 && r.cfg.Producer.Generator {
				r.awaitGenerator(dests)
				continue
			}
			r.awaitDrain(src, dests)
		case engine.StrategyIgnore:
			r.ignore(src, dests)
		}
	}
}

// watchWrites has the write() calls of pipe that returned false counted:
// each destination's stream keeps the count (Stream.WritesFalse), which
// execute adds up at the end. A 'data' listener that looked at the lengths
// after pipe's write would cost a listener call per chunk and take the
// source off its single-listener path.
func (r *run) watchWrites(dests []*stream.Stream) {
	r.piped = append(r.piped, dests...)
}

// endAll ends every destination when src ends.
func endAll(src *stream.Stream, dests []*stream.Stream) {
	src.Once(stream.EventEnd, func(stream.Arg) {
		for _, d := range dests {
			d.End(nil, nil)
		}
	})
}

// manual is the tutorial's loop: on 'data' write to every destination; if
// one answered false, pause; once every such destination drained, resume.
func (r *run) manual(src *stream.Stream, dests []*stream.Stream) {
	need := make([]bool, len(dests))
	awaiting := 0
	src.On(stream.EventData, func(a stream.Arg) {
		for i, d := range dests {
			if !d.Write(a.Chunk, nil) {
				r.rec.WriteFalse()
				if !need[i] {
					need[i] = true
					awaiting++
				}
			}
		}
		if awaiting > 0 {
			src.Pause()
		}
	})
	for i, d := range dests {
		d.On(stream.EventDrain, func(stream.Arg) {
			if need[i] {
				need[i] = false
				awaiting--
				if awaiting == 0 {
					src.Resume()
				}
			}
		})
	}
	endAll(src, dests)
}

// awaitDrain is `for await (const chunk of src) { if (!dest.write(chunk))
// await once(dest, 'drain') }` for every destination: src stays in paused
// mode and is read with read() on 'readable'.
func (r *run) awaitDrain(src *stream.Stream, dests []*stream.Stream) {
	waiting := 0
	var pump func()
	drained := func(stream.Arg) {
		if waiting--; waiting == 0 {
			pump()
		}
	}
	pump = func() {
		for waiting == 0 {
			joined := src.ReadsJoined()
			c, ok := src.Read()
			if !ok {
				return
			}
			if r.model != nil && src.ReadsJoined() > joined {
				// read() made one Buffer of the chunks it took.
				r.model.cpuAt(r.model.cpu.Join, c.Size)
			}
			for _, d := range dests {
				if !d.Write(c, nil) {
					r.rec.WriteFalse()
					waiting++
					d.Once(stream.EventDrain, drained)
				}
			}
		}
	}
	src.On(stream.EventReadable, func(stream.Arg) { pump() })
	endAll(src, dests)
}

// awaitGenerator is awaitDrain over a plain async generator producer: no
// Readable in between, so every chunk is written as made (producer.pump).
// The loop starts on the next tick, as an async function's first await.
func (r *run) awaitGenerator(dests []*stream.Stream) {
	p := r.prod
	p.gen, p.dests = true, dests
	r.loop.NextTick(p.pump)
}

// ignore writes every chunk without looking at write()'s answer.
func (r *run) ignore(src *stream.Stream, dests []*stream.Stream) {
	src.On(stream.EventData, func(a stream.Arg) {
		for _, d := range dests {
			if !d.Write(a.Chunk, nil) {
				r.rec.WriteFalse()
			}
		}
	})
	endAll(src, dests)
}
