package stream

// Pipeline is stream.pipeline(streams..., cb): it pipes each stream into
// the next, ends each destination when its source ends, and on the first
// error destroys every stream with it. cb runs once, on a later tick, with
// the first error or nil. It returns the last stream.
func (l *Loop) Pipeline(streams []*Stream, cb func(error)) *Stream {
	if len(streams) < 2 {
		panic(newErr(ErrMissingArgs, "pipeline needs at least two streams"))
	}
	p := &pipeline{loop: l, cb: cb}
	var ret *Stream
	for i, s := range streams {
		reading := i < len(streams)-1
		writing := i > 0
		isLast := i == len(streams)-1
		p.destroys = append(p.destroys, p.destroyer(s, reading, writing))
		errID := s.On(EventError, func(a Arg) {
			if a.Err != nil && Code(a.Err) != ErrAbort.Code && Code(a.Err) != ErrPrematureClose.Code {
				p.finishOnlyHandleError(a.Err)
			}
		})
		if isLast && s.isReadable() {
			p.lastCleanup = append(p.lastCleanup, func() { s.removeListener(EventError, errID) })
		}
		if i > 0 && ret.isReadableNodeStream() {
			p.finishCount += 2
			cleanup := p.pipe(ret, s)
			if isLast && s.isReadable() {
				p.lastCleanup = append(p.lastCleanup, cleanup)
			}
		}
		ret = s
	}
	return ret
}

type pipeline struct {
	loop        *Loop
	cb          func(error)
	err         error
	destroys    []func(error)
	lastCleanup []func()
	finishCount int
	called      bool
}

func (p *pipeline) finish(err error) {
	p.finishCount--
	p.finishImpl(err, p.finishCount == 0)
}

// finishOnlyHandleError is Node 22's handling of a stream's 'error' and of
// a premature close; Node 20 counts them as a finish.
func (p *pipeline) finishOnlyHandleError(err error) {
	if p.loop.profile.Version < 22 {
		p.finish(err)
		return
	}
	p.finishImpl(err, false)
}

func (p *pipeline) finishImpl(err error, final bool) {
	if err != nil && (p.err == nil || Code(p.err) == ErrPrematureClose.Code) {
		p.err = err
	}
	if p.err == nil && !final {
		return
	}
	for len(p.destroys) > 0 {
		d := p.destroys[0]
		p.destroys = p.destroys[1:]
		d(p.err)
	}
	if final {
		if p.err == nil {
			for _, fn := range p.lastCleanup {
				fn()
			}
		}
		if !p.called {
			p.called = true
			err := p.err
			if p.cb != nil {
				p.loop.push(task{run: runCallback, cb: p.cb, err: err})
			}
		}
	}
}

func (p *pipeline) destroyer(s *Stream, reading, writing bool) func(error) {
	finished := false
	s.On(EventClose, func(Arg) { finished = true })
	eos(s, eosOptions{readable: &reading, writable: &writing}, func(err error) { finished = err == nil })
	return func(err error) {
		if finished {
			return
		}
		finished = true
		if err == nil {
			err = newErr(ErrDestroyed, "pipe")
		}
		if s.isDestroyed() {
			return
		}
		s.Destroy(err)
	}
}

func (p *pipeline) pipe(src, dst *Stream) func() {
	ended := false
	dst.On(EventClose, func(Arg) {
		if !ended {
			p.finishOnlyHandleError(newErr(ErrPrematureClose, "premature close"))
		}
	})
	src.Pipe(dst, PipeOptions{NoEnd: true})
	endFn := func() {
		ended = true
		dst.End(nil, nil)
	}
	if src.isReadableFinished(true) {
		p.loop.NextTick(endFn)
	} else {
		src.Once(EventEnd, func(Arg) { endFn() })
	}
	t, f := true, false
	eos(src, eosOptions{readable: &t, writable: &f}, func(err error) {
		r := src.r
		if err != nil && Code(err) == ErrPrematureClose.Code && r.has(rEnded) && r.errored == nil && !r.has(rErrorEmitted) {
			src.Once(EventEnd, func(Arg) { p.finish(nil) })
			src.Once(EventError, func(a Arg) { p.finish(a.Err) })
		} else {
			p.finish(err)
		}
	})
	return eos(dst, eosOptions{readable: &f, writable: &t}, p.finish)
}
