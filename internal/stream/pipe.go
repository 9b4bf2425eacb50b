package stream

type unpipeInfo struct{ hasUnpiped bool }

// PipeOptions configures Pipe.
type PipeOptions struct {
	// NoEnd keeps dest open when the source ends ({end: false}).
	NoEnd bool
}

// pipeLink is the state of one src.pipe(dest) call: Node's closure.
type pipeLink struct {
	src, dest                      *Stream
	endFn                          func(Arg)
	ondrainID                      ListenerID
	hasOndrain, cleanedUp          bool
	endID, unpipeID, dataID, errID ListenerID
	closeID, finishID              ListenerID
	endTick                        bool
}

// Pipe is readable.pipe(dest): every chunk is written to dest; when
// dest.Write returns false the source pauses until dest emits 'drain'. With
// several destinations the source resumes once the last one that returned
// false has drained. dest is ended when the source ends, unless NoEnd.
func (s *Stream) Pipe(dest *Stream, o PipeOptions) *Stream {
	src := s
	r := s.r
	if len(r.pipes) == 1 && !r.has(rMultiAwaitDrain) {
		r.set(rMultiAwaitDrain, true)
		r.awaitDrainSet = r.awaitDrainSet[:0]
		if r.awaitDrainOne != nil {
			r.awaitDrainSet = append(r.awaitDrainSet, r.awaitDrainOne)
			r.awaitDrainOne = nil
		}
	}
	r.pipes = append(r.pipes, dest)
	p := &pipeLink{src: src, dest: dest}
	if o.NoEnd {
		p.endFn = func(Arg) { src.Unpipe(dest) }
	} else {
		p.endFn = func(Arg) { dest.End(nil, nil) }
	}
	if r.has(rEndEmitted) {
		p.endTick = true
		s.loop.NextTick(func() { p.endFn(Arg{}) })
	} else {
		p.endID = src.Once(EventEnd, p.endFn)
	}
	p.unpipeID = dest.On(EventUnpipe, func(a Arg) {
		if a.Stream == src && a.unpipe != nil && !a.unpipe.hasUnpiped {
			a.unpipe.hasUnpiped = true
			p.cleanup()
		}
	})
	p.dataID = src.ev.add(EventData, nil, false, false)
	list := src.ev.lists[EventData]
	list[len(list)-1].pipe = p
	src.onAdded(EventData)
	p.errID = dest.PrependListener(EventError, func(a Arg) {
		src.Unpipe(dest)
		dest.removeListener(EventError, p.errID)
		if dest.ev.count(EventError) == 0 {
			if !dest.errorEmitted() {
				errorOrDestroy(dest, a.Err, false)
			} else {
				dest.emit(EventError, a)
			}
		}
	})
	p.closeID = dest.Once(EventClose, func(Arg) {
		dest.removeListener(EventFinish, p.finishID)
		src.Unpipe(dest)
	})
	p.finishID = dest.Once(EventFinish, func(Arg) {
		dest.removeListener(EventClose, p.closeID)
		src.Unpipe(dest)
	})
	dest.emit(EventPipe, Arg{Stream: src})
	if dest.w != nil && dest.WritableNeedDrain() {
		p.pause()
	} else if !r.has(rFlowing) {
		src.Resume()
	}
	return dest
}

// errorEmitted reads errorEmitted from the writable state, or the readable
// one when there is no writable side (as pipe's onerror does).
func (s *Stream) errorEmitted() bool {
	if s.w != nil {
		return s.w.has(wErrorEmitted)
	}
	return s.r.has(rErrorEmitted)
}

// ondata is pipe's 'data' listener: write to dest, pause on false.
func (p *pipeLink) ondata(c Chunk) {
	if !p.dest.Write(c, nil) {
		p.pause()
	}
}

func (p *pipeLink) cleanup() {
	src, dest := p.src, p.dest
	dest.removeListener(EventClose, p.closeID)
	dest.removeListener(EventFinish, p.finishID)
	if p.hasOndrain {
		dest.removeListener(EventDrain, p.ondrainID)
	}
	dest.removeListener(EventError, p.errID)
	dest.removeListener(EventUnpipe, p.unpipeID)
	if !p.endTick {
		src.removeListener(EventEnd, p.endID)
	}
	src.removeListener(EventData, p.dataID)
	p.cleanedUp = true
	r := src.r
	awaiting := r.has(rMultiAwaitDrain) || r.awaitDrainOne != nil
	if p.hasOndrain && awaiting && (dest.w == nil || dest.w.has(wNeedDrain)) {
		pipeOnDrain(src, dest)
	}
}

func (p *pipeLink) pause() {
	src, dest := p.src, p.dest
	r := src.r
	if !p.cleanedUp {
		if len(r.pipes) == 1 && r.pipes[0] == dest {
			r.awaitDrainOne = dest
			r.set(rMultiAwaitDrain, false)
		} else if len(r.pipes) > 1 && containsStream(r.pipes, dest) {
			if !containsStream(r.awaitDrainSet, dest) {
				r.awaitDrainSet = append(r.awaitDrainSet, dest)
			}
		}
		src.Pause()
	}
	if !p.hasOndrain {
		p.hasOndrain = true
		p.ondrainID = dest.On(EventDrain, func(Arg) { pipeOnDrain(src, dest) })
	}
}

func pipeOnDrain(src, dest *Stream) {
	r := src.r
	if !r.has(rMultiAwaitDrain) && r.awaitDrainOne == dest {
		r.awaitDrainOne = nil
	} else if r.has(rMultiAwaitDrain) {
		r.awaitDrainSet = removeStream(r.awaitDrainSet, dest)
	}
	empty := r.awaitDrainOne == nil
	if r.has(rMultiAwaitDrain) {
		empty = len(r.awaitDrainSet) == 0
	}
	if empty && r.has(rDataListening) {
		src.Resume()
	}
}

func containsStream(list []*Stream, s *Stream) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func removeStream(list []*Stream, s *Stream) []*Stream {
	for i, x := range list {
		if x == s {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// Unpipe is readable.unpipe([dest]): with dest nil, every destination.
// The source pauses when no destination is left.
func (s *Stream) Unpipe(dest *Stream) {
	r := s.r
	if len(r.pipes) == 0 {
		return
	}
	if dest == nil {
		dests := r.pipes
		r.pipes = nil
		s.Pause()
		for _, d := range dests {
			d.emit(EventUnpipe, Arg{Stream: s, unpipe: &unpipeInfo{}})
		}
		return
	}
	i := -1
	for k, d := range r.pipes {
		if d == dest {
			i = k
			break
		}
	}
	if i < 0 {
		return
	}
	r.pipes = append(r.pipes[:i:i], r.pipes[i+1:]...)
	if len(r.pipes) == 0 {
		s.Pause()
	}
	dest.emit(EventUnpipe, Arg{Stream: s, unpipe: &unpipeInfo{}})
}
