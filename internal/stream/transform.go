package stream

// NewTransform returns a Transform: a Duplex whose writable side hands each
// chunk to o.Transform and whose readable side holds what it pushes. While
// the readable side is at its highWaterMark, the write callback is held
// until a consumer reads, so backpressure crosses the transform.
// A nil o.Transform passes chunks through (a PassThrough). o.Read, when
// set, is called (to observe) each time the transform's _read runs.
func (l *Loop) NewTransform(name string, o Options) *Stream {
	if r := hwmFrom(&o, o.ReadableHighWaterMark, true); r != nil && *r == 0 {
		w := 0
		if o.WritableHighWaterMark != nil {
			w = *o.WritableHighWaterMark
		}
		o.HighWaterMark, o.ReadableHighWaterMark, o.WritableHighWaterMark = nil, Int(0), Int(w)
	}
	o.Write, o.Writev, o.Final = nil, nil, nil
	s := l.NewDuplex(name, o)
	s.r.set(rSync, false)
	s.isTransform = true
	s.transform = o.Transform
	if s.transform == nil {
		s.transform = passThrough
	}
	s.flush = o.Flush
	s.transformDone = func(err error) { transformCallback(s, err) }
	return s
}

// NewPassThrough returns a Transform that passes chunks through unchanged.
func (l *Loop) NewPassThrough(name string, o Options) *Stream {
	o.Transform = nil
	return l.NewTransform(name, o)
}

func passThrough(s *Stream, c Chunk, _ string, done func(error)) {
	s.Push(c)
	done(nil)
}

// transformWrite is Transform.prototype._write.
func transformWrite(s *Stream, c Chunk, enc string, cb func(error)) {
	s.tCallback = cb
	s.tLength = s.r.length
	s.transform(s, c, enc, s.transformDone)
}

// transformCallback is the callback _transform calls; output was pushed
// before it.
func transformCallback(s *Stream, err error) {
	cb := s.tCallback
	if cb == nil {
		return
	}
	s.tCallback = nil
	if err != nil {
		cb(err)
		return
	}
	r, w := s.r, s.w
	switch {
	case r.has(rEnded):
		s.loop.push(task{run: runCallback, cb: cb})
	case w.has(wEnded) || s.tLength == r.length || r.length < r.hwm:
		cb(nil)
	default:
		s.heldCallback = cb
	}
}

// transformRead is Transform.prototype._read: release a held callback.
func transformRead(s *Stream) {
	if cb := s.heldCallback; cb != nil {
		s.heldCallback = nil
		cb(nil)
	}
}

// transformFinal is Transform's _final: flush, then end the readable side.
func transformFinal(s *Stream, cb func(error)) {
	if s.flush != nil && !s.Destroyed() {
		s.flush(s, func(err error) {
			if err != nil {
				cb(err)
				return
			}
			s.PushEOF()
			cb(nil)
		})
		return
	}
	s.PushEOF()
	cb(nil)
}
