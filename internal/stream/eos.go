package stream

// Stream predicates of Node's internal/streams/utils.js, for streams of this
// package (no legacy or web streams).

func (s *Stream) isReadableNodeStream() bool { return s.r != nil && (s.w == nil || s.r.readable >= 0) }
func (s *Stream) isWritableNodeStream() bool { return s.w != nil && (s.r == nil || s.w.writable >= 0) }

func (s *Stream) isWritableFinished(strict bool) bool {
	if !s.isWritableNodeStream() {
		return false
	}
	w := s.w
	if w.has(wFinished) {
		return true
	}
	if w.errored != nil {
		return false
	}
	return !strict && w.has(wEnded) && w.length == 0
}

func (s *Stream) isReadableFinished(strict bool) bool {
	if !s.isReadableNodeStream() {
		return false
	}
	r := s.r
	if r.errored != nil {
		return false
	}
	return r.has(rEndEmitted) || (!strict && r.has(rEnded) && r.length == 0)
}

func (s *Stream) isReadable() bool {
	if s.r == nil || s.isDestroyed() {
		return false
	}
	return s.isReadableNodeStream() && s.readableProp() && !s.isReadableFinished(true)
}

func (s *Stream) isWritable() bool {
	if s.w == nil || s.isDestroyed() {
		return false
	}
	return s.isWritableNodeStream() && s.writableProp() && !s.isWritableEnded()
}

func (s *Stream) isWritableEnded() bool {
	if s.w.has(wEnding) {
		return true
	}
	if s.w.errored != nil {
		return false
	}
	return s.w.has(wEnded)
}

// isDestroyed is utils.js isDestroyed: stream.destroyed or the first
// state's destroyed flag.
func (s *Stream) isDestroyed() bool {
	if s.Destroyed() {
		return true
	}
	if s.w != nil {
		return s.w.has(wDestroyed)
	}
	return s.r.has(rDestroyed)
}

//lint:ignore U1000 mirrors Node's isFinished (lib/internal/streams/utils.js), kept beside its siblings
func (s *Stream) isFinished() bool {
	if s.isDestroyed() {
		return true
	}
	return !s.isReadable() && !s.isWritable()
}

func (s *Stream) isClosed() bool {
	if s.w != nil && s.r != nil {
		return s.w.has(wClosed) || s.r.has(rClosed)
	}
	if s.w != nil {
		return s.w.has(wClosed)
	}
	return s.r.has(rClosed)
}

func (s *Stream) willEmitClose() bool {
	st := s.w
	if st != nil {
		return st.has(wAutoDestroy) && st.has(wEmitClose) && !st.has(wClosed)
	}
	return s.r.has(rAutoDestroy) && s.r.has(rEmitClose) && !s.r.has(rClosed)
}

func (s *Stream) erroredAny() error {
	if s.w != nil && s.w.errored != nil {
		return s.w.errored
	}
	if s.r != nil && s.r.errored != nil {
		return s.r.errored
	}
	return nil
}

// eosOptions selects which sides end-of-stream waits for; nil means the
// sides the stream has.
type eosOptions struct {
	readable, writable *bool
}

// eos is end-of-stream.js eos(): callback runs once, when the stream has
// finished, errored or closed prematurely. It returns the cleanup function.
func eos(s *Stream, o eosOptions, callback func(error)) func() {
	done := false
	cb := func(err error) {
		if done || callback == nil {
			return
		}
		done = true
		callback(err)
	}
	readable := s.isReadableNodeStream()
	if o.readable != nil {
		readable = *o.readable
	}
	writable := s.isWritableNodeStream()
	if o.writable != nil {
		writable = *o.writable
	}
	w, r := s.w, s.r
	willEmitClose := s.willEmitClose() && s.isReadableNodeStream() == readable && s.isWritableNodeStream() == writable
	writableFinished := s.isWritableFinished(false)
	readableFinished := s.isReadableFinished(false)

	onfinish := func(Arg) {
		writableFinished = true
		if s.Destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!s.readableProp() || readable) {
			return
		}
		if !readable || readableFinished {
			cb(nil)
		}
	}
	onend := func(Arg) {
		readableFinished = true
		if s.Destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!s.writableProp() || writable) {
			return
		}
		if !writable || writableFinished {
			cb(nil)
		}
	}
	onerror := func(a Arg) { cb(a.Err) }
	onclose := func(Arg) {
		if err := s.erroredAny(); err != nil {
			cb(err)
			return
		}
		if readable && !readableFinished && s.r != nil && s.isReadableNodeStream() {
			if !s.isReadableFinished(false) {
				cb(newErr(ErrPrematureClose, "premature close"))
				return
			}
		}
		if writable && !writableFinished {
			if !s.isWritableFinished(false) {
				cb(newErr(ErrPrematureClose, "premature close"))
				return
			}
		}
		cb(nil)
	}
	onclosed := func() {
		if err := s.erroredAny(); err != nil {
			cb(err)
			return
		}
		cb(nil)
	}
	endID := s.On(EventEnd, onend)
	finishID := s.On(EventFinish, onfinish)
	errID := s.On(EventError, onerror)
	closeID := s.On(EventClose, onclose)

	// isReadable/isWritable are null (not false) in Node for a stream
	// without that side, so `=== false` needs the side to exist.
	switch {
	case s.isClosed():
		s.loop.NextTick(func() { onclose(Arg{}) })
	case (w != nil && w.has(wErrorEmitted)) || (r != nil && r.has(rErrorEmitted)):
		if !willEmitClose {
			s.loop.NextTick(onclosed)
		}
	case !readable && (!willEmitClose || s.isReadable()) && (writableFinished || (w != nil && !s.isWritable())) && (w == nil || w.pendingcb == 0):
		s.loop.NextTick(onclosed)
	case !writable && (!willEmitClose || s.isWritable()) && (readableFinished || (r != nil && !s.isReadable())):
		s.loop.NextTick(onclosed)
	}
	return func() {
		callback = nil
		s.removeListener(EventFinish, finishID)
		s.removeListener(EventEnd, endID)
		s.removeListener(EventError, errID)
		s.removeListener(EventClose, closeID)
	}
}
