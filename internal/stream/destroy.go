package stream

// Destroy destroys the stream, like stream.destroy([err]): 'error' (when
// err is not nil) and 'close' follow on the next tick. Destroying twice
// does nothing.
func (s *Stream) Destroy(err error) { s.DestroyCallback(err, nil) }

// DestroyCallback is Destroy with _destroy's completion callback.
func (s *Stream) DestroyCallback(err error, cb func(error)) {
	if w := s.w; w != nil && (w.has(wHasBuffered) || len(w.onFinished) > 0) && !w.has(wDestroyed) {
		s.loop.push(task{run: errorBufferTask, s: s})
	}
	destroy(s, err, cb)
}

func errorBufferTask(t task) { errorBuffer(t.s.w) }

func (s *Stream) anyDestroyed() bool {
	return (s.w != nil && s.w.has(wDestroyed)) || (s.r != nil && s.r.has(rDestroyed))
}

func checkError(s *Stream, err error) {
	if err == nil {
		return
	}
	if s.w != nil && s.w.errored == nil {
		s.w.errored = err
	}
	if s.r != nil && s.r.errored == nil {
		s.r.errored = err
	}
}

func destroy(s *Stream, err error, cb func(error)) {
	if s.anyDestroyed() {
		if cb != nil {
			cb(nil)
		}
		return
	}
	checkError(s, err)
	if s.w != nil {
		s.w.set(wDestroyed, true)
	}
	if s.r != nil {
		s.r.set(rDestroyed, true)
	}
	called := false
	onDestroy := func(err error) {
		if called {
			return
		}
		called = true
		checkError(s, err)
		if s.w != nil {
			s.w.set(wClosed, true)
		}
		if s.r != nil {
			s.r.set(rClosed, true)
		}
		if cb != nil {
			cb(err)
		}
		if err != nil {
			s.loop.push(task{run: emitErrorCloseTask, s: s, err: err})
		} else {
			s.loop.push(task{run: emitCloseTask, s: s})
		}
	}
	if s.destroyFn != nil {
		s.destroyFn(s, err, onDestroy)
	} else {
		onDestroy(err)
	}
}

func emitErrorCloseTask(t task) {
	emitErrorNT(t.s, t.err)
	emitCloseNT(t.s)
}

func emitCloseTask(t task) { emitCloseNT(t.s) }

func emitCloseNT(s *Stream) {
	r, w := s.r, s.w
	if w != nil {
		w.set(wCloseEmitted, true)
	}
	if r != nil {
		r.set(rCloseEmitted, true)
	}
	if (w != nil && w.has(wEmitClose)) || (r != nil && r.has(rEmitClose)) {
		s.emit(EventClose, Arg{})
	}
}

func emitErrorTask(t task) { emitErrorNT(t.s, t.err) }

func emitErrorNT(s *Stream, err error) {
	r, w := s.r, s.w
	if (w != nil && w.has(wErrorEmitted)) || (r != nil && r.has(rErrorEmitted)) {
		return
	}
	if w != nil {
		w.set(wErrorEmitted, true)
	}
	if r != nil {
		r.set(rErrorEmitted, true)
	}
	s.emit(EventError, Arg{Err: err})
}

// errorOrDestroy is destroy.js errorOrDestroy: destroy with err when the
// stream auto-destroys, otherwise only record and emit the error.
func errorOrDestroy(s *Stream, err error, sync bool) {
	if s.anyDestroyed() {
		return
	}
	r, w := s.r, s.w
	if (r != nil && r.has(rAutoDestroy)) || (w != nil && w.has(wAutoDestroy)) {
		s.Destroy(err)
		return
	}
	if err == nil {
		return
	}
	checkError(s, err)
	if sync {
		s.loop.push(task{run: emitErrorTask, s: s, err: err})
	} else {
		emitErrorNT(s, err)
	}
}
