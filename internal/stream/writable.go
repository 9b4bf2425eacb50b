package stream

// writableState is Node's WritableState (writable.js), field for field.
// Its booleans are bits of flags, as Node 22 keeps them in state[kState].
type writableState struct {
	flags wflags
	// writable is Node's tri-state `writable` option: 0 unset, 1, -1 false.
	writable int8

	errored       error
	writesFalse   int64 // write() calls that got past the checks and returned false
	hwm           int
	length        int
	corked        int
	writelen      int
	writecb       func(error)
	buffered      []writeReq
	bufferedIndex int
	// bufGen counts resetBuffer calls: the identity of Node's array.
	bufGen     uint32
	pendingcb  int
	onFinished []func(error)
	defaultEnc string

	// onwrite is the callback handed to _write, bound once to the stream.
	onwrite func(error)
}

type writeReq struct {
	chunk Chunk
	enc   string
	cb    func(error)
}

func newWritableState(s *Stream, o *Options, isDuplex bool) *writableState {
	w := &writableState{flags: wSync | wConstructed}
	w.set(wEmitClose, boolOpt(o.EmitClose))
	w.set(wAutoDestroy, boolOpt(o.AutoDestroy))
	w.set(wObjectMode, o.ObjectMode || (isDuplex && o.WritableObjectMode))
	w.hwm = s.loop.resolveHWM(hwmFrom(o, o.WritableHighWaterMark, isDuplex), w.has(wObjectMode))
	w.set(wDecodeStrings, boolOpt(o.DecodeStrings))
	w.defaultEnc = "utf8"
	w.onwrite = func(err error) { onwrite(s, err) }
	resetBuffer(w)
	return w
}

// resetBuffer empties the buffer. Node puts a new array in place; the old
// one is reused here, unless clearBuffer is walking it (a write cut short
// by an error during the walk), which then keeps walking the old one.
func resetBuffer(w *writableState) {
	w.bufGen++
	if w.has(wBufferProcessing) {
		w.buffered = nil
	} else {
		w.buffered = w.buffered[:0]
	}
	w.bufferedIndex = 0
	w.set(wAllBuffers|wAllNoop, true)
	w.set(wHasBuffered, false)
}

func (w *writableState) chunkLen(c Chunk) int {
	if w.flags&wObjectMode != 0 {
		return 1
	}
	return c.Size
}

// Write writes c, like writable.write(chunk, cb). It returns false once the
// buffered length (c included, measured after _write returned) reaches the
// highWaterMark; then 'drain' follows when the buffer is empty again. A
// zero length always returns true. cb, when not nil, runs once c is done.
func (s *Stream) Write(c Chunk, cb func(error)) bool {
	return s.WriteEncoding(c, "", cb)
}

// WriteEncoding is Write with an encoding for string chunks.
func (s *Stream) WriteEncoding(c Chunk, enc string, cb func(error)) bool {
	ret, _ := s.write_(c, enc, cb)
	return ret
}

// write_ is writable.js _write(): it returns write()'s answer and the
// error it raised, if any.
func (s *Stream) write_(c Chunk, enc string, cb func(error)) (bool, error) {
	w := s.w
	if !w.has(wObjectMode) && c.Kind == Bytes && enc == "" {
		// A Buffer written with no encoding: the checks below would take
		// the default encoding (always valid) and then replace it with
		// "buffer". This is every chunk of a byte-mode pipe.
		enc = "buffer"
	} else if !w.has(wObjectMode) {
		if enc == "" {
			enc = w.defaultEnc
		} else if enc != "buffer" && normEncoding(enc) == "" {
			panic(newErr(ErrUnknownEncoding, enc))
		}
		switch c.Kind {
		case String:
			if w.has(wDecodeStrings) {
				c = BytesChunk(encodeString(c.Text(), enc))
				enc = "buffer"
			}
		case Object:
			panic(&Error{Code: "ERR_INVALID_ARG_TYPE", Msg: "chunk must be a string or Buffer"})
		default:
			enc = "buffer"
		}
	}
	if w.flags&(wEnding|wDestroyed) != 0 {
		var err error
		if w.flags&wEnding != 0 {
			err = newErr(ErrWriteAfterEnd, "write after end")
		} else {
			err = newErr(ErrDestroyed, "write")
		}
		if cb != nil {
			s.loop.push(task{run: runCallback, cb: cb, err: err})
		}
		errorOrDestroy(s, err, true)
		return false, err
	}
	w.pendingcb++
	return writeOrBuffer(s, w, c, enc, cb), nil
}

func runCallback(t task) { t.cb(t.err) }

func writeOrBuffer(s *Stream, w *writableState, c Chunk, enc string, cb func(error)) bool {
	w.length += w.chunkLen(c)
	if w.flags&(wWriting|wConstructed) != wConstructed || w.errored != nil || w.corked > 0 {
		w.flags |= wHasBuffered
		if i := w.bufferedIndex; len(w.buffered) == cap(w.buffered) && i >= 32 && i >= len(w.buffered)/2 &&
			!w.has(wBufferProcessing) && w.errored == nil {
			// Reuse the consumed head rather than grow the array. Not while
			// clearBuffer or errorBuffer walks the buffer by index (an error
			// is what makes errorBuffer run).
			compactBuffer(w)
		}
		w.buffered = append(w.buffered, writeReq{c, enc, cb})
		if enc != "buffer" {
			w.set(wAllBuffers, false)
		}
		if cb != nil {
			w.set(wAllNoop, false)
		}
	} else {
		w.writelen = w.chunkLen(c)
		w.writecb = cb
		w.flags |= wWriting | wSync | wExpectWriteCb
		if s.write != nil && !s.isTransform {
			s.write(s, c, enc, w.onwrite) // callWrite's first case, without the call
		} else {
			s.callWrite(c, enc)
		}
		w.flags &^= wSync
	}
	ret := w.length < w.hwm || w.length == 0
	if !ret {
		w.flags |= wNeedDrain
	}
	ok := ret && w.flags&wDestroyed == 0 && w.errored == nil
	if !ok {
		w.writesFalse++
	}
	return ok
}

func (s *Stream) callWrite(c Chunk, enc string) {
	switch {
	case s.isTransform:
		transformWrite(s, c, enc, s.w.onwrite)
	case s.write != nil:
		s.write(s, c, enc, s.w.onwrite)
	default:
		panic(newErr(ErrNotImplemented, "_write()"))
	}
}

// doWrite hands one buffered request to _write (its fields as arguments:
// registers, not a copy of the request on the stack).
func doWrite(s *Stream, w *writableState, c Chunk, enc string, cb func(error)) {
	w.writelen = w.chunkLen(c)
	w.writecb = cb
	w.flags |= wWriting | wSync | wExpectWriteCb
	if w.has(wDestroyed) {
		w.onwrite(newErr(ErrDestroyed, "write"))
	} else if s.write != nil && !s.isTransform {
		s.write(s, c, enc, w.onwrite) // callWrite's first case, without the call
	} else {
		s.callWrite(c, enc)
	}
	w.flags &^= wSync
}

// doWritev hands the n units of chunks cs to _writev.
func doWritev(s *Stream, w *writableState, n int, cs []Chunk, cb func(error)) {
	w.writelen = n
	w.writecb = cb
	w.flags |= wWriting | wSync | wExpectWriteCb
	if w.has(wDestroyed) {
		w.onwrite(newErr(ErrDestroyed, "write"))
	} else {
		s.writev(s, cs, w.onwrite)
	}
	w.flags &^= wSync
}

func onwriteError(t task) {
	s := t.s
	w := s.w
	w.pendingcb--
	if t.cb != nil {
		t.cb(t.err)
	}
	errorBuffer(w)
	errorOrDestroy(s, t.err, false)
}

func onwrite(s *Stream, er error) {
	w := s.w
	if w.flags&wExpectWriteCb == 0 {
		errorOrDestroy(s, newErr(ErrMultipleCallback, ""), false)
		return
	}
	sync := w.flags&wSync != 0
	cb := w.writecb
	w.writecb = nil
	w.flags &^= wWriting | wExpectWriteCb
	w.length -= w.writelen
	w.writelen = 0

	if er != nil {
		if w.errored == nil {
			w.errored = er
		}
		if s.r != nil && s.r.errored == nil {
			s.r.errored = er
		}
		t := task{run: onwriteError, s: s, err: er, cb: cb}
		if sync {
			s.loop.push(t)
		} else {
			onwriteError(t)
		}
		return
	}
	if w.has(wHasBuffered) {
		clearBuffer(s, w)
	}
	if !sync {
		afterWrite(s, w, 1, cb)
		return
	}
	needDrain := w.flags&wNeedDrain != 0 && w.length == 0
	// Node's `state[kState] & kDestroyed !== 0` parses as `& true`, which
	// tests the objectMode bit (20.16+, 22, 24): reproduced on purpose.
	needTick := needDrain || w.flags&wObjectMode != 0 || cb != nil
	if cb == nil {
		if !w.has(wAfterWritePending) && needTick {
			s.loop.push(task{run: afterWriteTask, s: s, n: 1})
			w.set(wAfterWritePending, true)
		} else {
			w.pendingcb--
			if w.has(wEnding) {
				finishMaybe(s, w, true)
			}
		}
	} else if needTick {
		// Every callback is a distinct function here, so Node's merging of
		// repeated completions with the same callback never applies.
		s.loop.push(task{run: afterWriteTask, s: s, n: 1, cb: cb})
		w.set(wAfterWritePending, true)
	} else {
		w.pendingcb--
		if w.has(wEnding) {
			finishMaybe(s, w, true)
		}
	}
}

func afterWriteTask(t task) { afterWrite(t.s, t.s.w, t.n, t.cb) }

func afterWrite(s *Stream, w *writableState, count int, cb func(error)) {
	w.flags &^= wAfterWritePending
	if w.flags&(wNeedDrain|wEnding|wDestroyed) == wNeedDrain && w.length == 0 {
		w.flags &^= wNeedDrain
		s.emit(EventDrain, Arg{})
	}
	for ; count > 0; count-- {
		w.pendingcb--
		if cb != nil {
			cb(nil)
		}
	}
	if w.flags&(wDestroyed|wEnding) != 0 {
		if w.flags&wDestroyed != 0 {
			errorBuffer(w)
		}
		if w.flags&wEnding != 0 {
			finishMaybe(s, w, true)
		}
	}
}

func errorBuffer(w *writableState) {
	if w.has(wWriting) {
		return
	}
	if w.has(wHasBuffered) {
		for n := w.bufferedIndex; n < len(w.buffered); n++ {
			req := w.buffered[n]
			w.length -= w.chunkLen(req.chunk)
			if req.cb != nil {
				err := w.errored
				if err == nil {
					err = newErr(ErrDestroyed, "write")
				}
				req.cb(err)
			}
		}
	}
	err := w.errored
	if err == nil {
		err = newErr(ErrDestroyed, "end")
	}
	callFinishedCallbacks(w, err)
	resetBuffer(w)
}

// compactBuffer moves the unconsumed requests to the front of the array.
func compactBuffer(w *writableState) {
	k := copy(w.buffered, w.buffered[w.bufferedIndex:])
	clear(w.buffered[k:])
	w.buffered = w.buffered[:k]
	w.bufferedIndex = 0
}

func clearBuffer(s *Stream, w *writableState) {
	if w.flags&(wDestroyed|wBufferProcessing|wHasBuffered|wConstructed) != wHasBuffered|wConstructed || w.corked > 0 {
		return
	}
	// Node holds the buffer array itself, and a _write that writes to this
	// stream again (a pipe cycle: a stream piped to itself, a -> b -> a)
	// pushes onto that same array while the loop below walks it. A Go
	// append may move the array, so the walk re-reads w.buffered after
	// every call out, for as long as it is the same array (gen: no
	// resetBuffer since, which in Node would put a new array in place).
	gen := w.bufGen
	buffered := w.buffered
	i := w.bufferedIndex
	n := len(buffered) - i
	if n == 0 {
		return
	}
	w.set(wBufferProcessing, true)
	if n > 1 && s.writev != nil {
		w.pendingcb -= n - 1
		reqs := append([]writeReq(nil), buffered[i:]...)
		var cb func(error)
		if !w.has(wAllNoop) {
			cb = func(err error) {
				for _, r := range reqs {
					if r.cb != nil {
						r.cb(err)
					}
				}
			}
		}
		cs := make([]Chunk, len(reqs))
		for k, r := range reqs {
			cs[k] = r.chunk
		}
		doWritev(s, w, w.length, cs, cb)
		if w.bufGen == gen && len(w.buffered) > i+n {
			// Requests pushed during _writev: Node's callback walks the
			// array to its end, so they are called back with the batch.
			reqs = append(reqs, w.buffered[i+n:]...)
		}
		w.set(wBufferProcessing, false)
		resetBuffer(w)
		return
	}
	for {
		if w.bufGen == gen {
			buffered = w.buffered
		}
		req := &buffered[i]
		c, enc, cb := req.chunk, req.enc, req.cb
		*req = writeReq{}
		i++
		doWrite(s, w, c, enc, cb)
		if w.bufGen == gen {
			buffered = w.buffered
		}
		if i >= len(buffered) || w.has(wWriting) {
			break
		}
	}
	w.set(wBufferProcessing, false)
	// The consumed head is compacted away by writeOrBuffer, when an
	// append would otherwise grow the array (Node splices its array past
	// 256 consumed entries; when and where is not observable).
	if i == len(buffered) {
		resetBuffer(w)
	} else {
		w.bufferedIndex = i
	}
}

// Cork makes writes buffer until the matching Uncork (or End).
func (s *Stream) Cork() { s.w.corked++ }

// Uncork undoes one Cork; the last one flushes the buffer (one _writev
// when the stream has one and several chunks wait).
func (s *Stream) Uncork() {
	w := s.w
	if w.corked > 0 {
		w.corked--
		if !w.has(wWriting) {
			clearBuffer(s, w)
		}
	}
}

// End ends the writable side, like writable.end([chunk][, cb]): the chunk,
// when not nil, is written first; 'finish' follows once everything is
// written. cb runs on 'finish' or with the error that prevents it.
func (s *Stream) End(c *Chunk, cb func(error)) {
	w := s.w
	var err error
	if c != nil {
		if _, e := s.write_(*c, "", nil); e != nil {
			err = e
		}
	}
	if w.corked > 0 {
		w.corked = 1
		s.Uncork()
	}
	if err != nil {
		// the write's error is the answer
	} else if !w.has(wEnding) && w.errored == nil {
		w.set(wEnding, true)
		finishMaybe(s, w, true)
		w.set(wEnded, true)
	} else if w.has(wFinished) {
		err = newErr(ErrAlreadyFinished, "end")
	} else if w.has(wDestroyed) {
		err = newErr(ErrDestroyed, "end")
	}
	if cb != nil {
		switch {
		case err != nil:
			s.loop.push(task{run: runCallback, cb: cb, err: err})
		case w.errored != nil:
			s.loop.push(task{run: runCallback, cb: cb, err: w.errored})
		case w.has(wFinished):
			s.loop.push(task{run: runCallback, cb: cb})
		default:
			w.onFinished = append(w.onFinished, cb)
		}
	}
}

func needFinish(w *writableState) bool {
	return w.has(wEnding) && w.has(wConstructed) && !w.has(wDestroyed) && !w.has(wFinished) && !w.has(wWriting) &&
		!w.has(wErrorEmitted) && !w.has(wCloseEmitted) && w.errored == nil && !w.has(wHasBuffered) && w.length == 0
}

func onFinish(s *Stream, w *writableState, err error) {
	if w.has(wPrefinished) {
		if err == nil {
			err = newErr(ErrMultipleCallback, "")
		}
		errorOrDestroy(s, err, false)
		return
	}
	w.pendingcb--
	if err != nil {
		callFinishedCallbacks(w, err)
		errorOrDestroy(s, err, w.has(wSync))
	} else if needFinish(w) {
		w.set(wPrefinished, true)
		s.emit(EventPrefinish, Arg{})
		w.pendingcb++
		s.loop.push(task{run: finishTask, s: s})
	}
}

func finishTask(t task) { finish(t.s, t.s.w) }

func prefinish(s *Stream, w *writableState) {
	if w.has(wPrefinished) || w.has(wFinalCalled) {
		return
	}
	if s.final != nil || s.isTransform {
		if w.has(wDestroyed) {
			goto plain
		}
		w.set(wFinalCalled|wSync, true)
		w.pendingcb++
		called := false
		done := func(err error) {
			if called {
				errorOrDestroy(s, newErr(ErrMultipleCallback, ""), false)
				return
			}
			called = true
			onFinish(s, w, err)
		}
		if s.isTransform {
			transformFinal(s, done)
		} else {
			s.final(s, done)
		}
		w.flags &^= wSync
		return
	}
plain:
	w.set(wFinalCalled|wPrefinished, true)
	s.emit(EventPrefinish, Arg{})
}

func finishMaybe(s *Stream, w *writableState, sync bool) {
	if !needFinish(w) {
		return
	}
	prefinish(s, w)
	if w.pendingcb != 0 {
		return
	}
	if sync {
		w.pendingcb++
		s.loop.push(task{run: finishMaybeTask, s: s})
	} else if needFinish(w) {
		w.pendingcb++
		finish(s, w)
	}
}

func finishMaybeTask(t task) {
	w := t.s.w
	if needFinish(w) {
		finish(t.s, w)
	} else {
		w.pendingcb--
	}
}

func finish(s *Stream, w *writableState) {
	w.pendingcb--
	w.set(wFinished, true)
	callFinishedCallbacks(w, nil)
	s.emit(EventFinish, Arg{})
	if w.has(wAutoDestroy) {
		r := s.r
		if r == nil || (r.has(rAutoDestroy) && (r.has(rEndEmitted) || r.readable < 0)) {
			s.Destroy(nil)
		}
	}
}

func callFinishedCallbacks(w *writableState, err error) {
	if len(w.onFinished) == 0 {
		return
	}
	cbs := w.onFinished
	w.onFinished = nil
	for _, cb := range cbs {
		cb(err)
	}
}

// WritableLength is writableLength: the bytes (objects in object mode)
// written and not yet completed, the chunk in _write included.
func (s *Stream) WritableLength() int { return s.w.length }

// WritesFalse counts the write() calls on s that returned false because the
// buffer reached the highWaterMark (or the stream was destroyed or errored
// meanwhile); not those refused up front (write after end). Node keeps no
// such count: it is for harnesses, which would otherwise need a 'data'
// listener after every pipe.
func (s *Stream) WritesFalse() int64 { return s.w.writesFalse }

// WritableHighWaterMark is writableHighWaterMark.
func (s *Stream) WritableHighWaterMark() int { return s.w.hwm }

// WritableNeedDrain is writableNeedDrain: a write returned false and
// 'drain' has not come yet (false once ending or destroyed).
func (s *Stream) WritableNeedDrain() bool {
	w := s.w
	return w.has(wNeedDrain) && !w.has(wEnding) && !w.has(wDestroyed)
}

// WritableCorked is writableCorked.
func (s *Stream) WritableCorked() int { return s.w.corked }

// WritableEnded is writableEnded: End was called.
func (s *Stream) WritableEnded() bool { return s.w.has(wEnding) }

// WritableFinished is writableFinished: 'finish' was emitted.
func (s *Stream) WritableFinished() bool { return s.w.has(wFinished) }

// writableProp is Node's `writable` getter.
func (s *Stream) writableProp() bool {
	w := s.w
	return w != nil && w.writable >= 0 && !w.has(wEnding) && !w.has(wEnded) && !w.has(wDestroyed) && w.errored == nil
}

// WritableObjectMode reports whether the writable side counts objects.
func (s *Stream) WritableObjectMode() bool { return s.w.has(wObjectMode) }
