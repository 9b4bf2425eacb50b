package stream

// readableState is Node's ReadableState (readable.js), field for field.
// Its booleans are bits of flags, as Node 22 keeps them in state[kState]
// (kObjectMode, kEnded, ...): a hot test of several is one mask test.
type readableState struct {
	flags rflags
	// readable is Node's tri-state `readable` option: 0 unset, 1, -1 false.
	readable int8

	errored     error
	hwm         int
	length      int
	buffer      []Chunk
	bufferIndex int
	pipes       []*Stream
	// joined counts the reads that joined several chunks into one (not
	// Node's: a cost model charges the copy).
	joined int
	// awaitDrainWriters: one destination, or (multiAwaitDrain) a set.
	awaitDrainOne *Stream
	awaitDrainSet []*Stream
	decoder       *decoder
	encoding      string
	defaultEnc    string
}

func newReadableState(l *Loop, o *Options, isDuplex bool) *readableState {
	r := &readableState{flags: rConstructed | rSync}
	r.set(rEmitClose, boolOpt(o.EmitClose))
	r.set(rAutoDestroy, boolOpt(o.AutoDestroy))
	r.set(rObjectMode, o.ObjectMode || (isDuplex && o.ReadableObjectMode))
	r.hwm = l.resolveHWM(hwmFrom(o, o.ReadableHighWaterMark, isDuplex), r.has(rObjectMode))
	r.defaultEnc = "utf8"
	if o.Encoding != "" {
		r.decoder = newDecoder(o.Encoding)
		r.encoding = r.decoder.enc
	}
	return r
}

func (r *readableState) chunkLen(c Chunk) int {
	if r.flags&rObjectMode != 0 {
		return 1
	}
	return c.Size
}

func (r *readableState) clearAwaitDrain() {
	if r.flags&rMultiAwaitDrain != 0 {
		r.awaitDrainSet = r.awaitDrainSet[:0]
	} else {
		r.awaitDrainOne = nil
	}
}

// Push adds c to the readable side, like readable.push(chunk). It returns
// false once the buffered length reaches the highWaterMark (equality
// counts as full) or after EOF; a chunk handed straight to a 'data'
// listener in flowing mode is never buffered.
func (s *Stream) Push(c Chunk) bool { return push(s, c, "") }

// PushEncoding is Push with the encoding of a string chunk.
func (s *Stream) PushEncoding(c Chunk, enc string) bool { return push(s, c, enc) }

// PushEOF signals the end of data, like readable.push(null).
func (s *Stream) PushEOF() bool {
	r := s.r
	r.set(rReading, false)
	onEofChunk(s, r)
	return false
}

// Unshift puts c back at the front of the buffer.
func (s *Stream) Unshift(c Chunk) bool {
	r := s.r
	if !r.has(rObjectMode) {
		if c.Kind == String {
			enc := r.defaultEnc
			if r.encoding != enc {
				b := encodeString(c.Text(), enc)
				if r.encoding != "" {
					c = Text(newDecoder(r.encoding).write(b))
				} else {
					c = BytesChunk(b)
				}
			}
		}
		if c.Size <= 0 {
			return canPushMore(r)
		}
	}
	if r.has(rEndEmitted) {
		errorOrDestroy(s, newErr(ErrUnshiftAfterEnd, ""), false)
	} else if r.has(rDestroyed) || r.errored != nil {
		return false
	} else {
		addChunk(s, r, c, true)
	}
	return canPushMore(r)
}

// push is readableAddChunk: the object-mode case apart, then the byte-mode
// checks in Node's order. It is one call for Push and PushEncoding, which
// then inline into the caller's _read.
func push(s *Stream, c Chunk, enc string) bool {
	r := s.r
	if r.has(rObjectMode) {
		return pushObjectMode(s, r, c)
	}
	decoded := false // Node's `encoding` argument after normalisation
	if c.Kind == String {
		if enc == "" {
			enc = r.defaultEnc
		}
		if r.encoding != normEncoding(enc) {
			c = BytesChunk(encodeString(c.Text(), enc))
		} else {
			decoded = true
		}
	} else if c.Kind == Object {
		errorOrDestroy(s, &Error{Code: "ERR_INVALID_ARG_TYPE", Msg: "chunk must be a string or Buffer"}, false)
		return false
	}
	if c.Size <= 0 {
		r.set(rReading, false)
		maybeReadMore(s, r)
		return canPushMore(r)
	}
	if r.flags&(rEnded|rDestroyed) != 0 || r.errored != nil {
		if r.flags&rEnded != 0 {
			errorOrDestroy(s, newErr(ErrPushAfterEOF, ""), false)
		}
		return false
	}
	r.flags &^= rReading
	if r.decoder != nil && !decoded {
		c = Text(r.decoder.write(c.bytes()))
		if c.Size == 0 {
			maybeReadMore(s, r)
			return canPushMore(r)
		}
	}
	addChunk(s, r, c, false)
	return canPushMore(r)
}

func pushObjectMode(s *Stream, r *readableState, c Chunk) bool {
	if r.has(rEnded) {
		errorOrDestroy(s, newErr(ErrPushAfterEOF, ""), false)
		return false
	}
	if r.has(rDestroyed) || r.errored != nil {
		return false
	}
	r.set(rReading, false)
	addChunk(s, r, c, false)
	return canPushMore(r)
}

func canPushMore(r *readableState) bool {
	return r.flags&rEnded == 0 && (r.length < r.hwm || r.length == 0)
}

func addChunk(s *Stream, r *readableState, c Chunk, front bool) {
	if r.flags&(rFlowing|rSync|rDataListening) == rFlowing|rDataListening && r.length == 0 {
		r.clearAwaitDrain()
		r.set(rDataEmitted, true)
		s.emitData(c)
	} else {
		r.length += r.chunkLen(c)
		if front {
			if r.bufferIndex > 0 {
				r.bufferIndex--
				r.buffer[r.bufferIndex] = c
			} else {
				r.buffer = append(r.buffer, Chunk{})
				copy(r.buffer[1:], r.buffer)
				r.buffer[0] = c
			}
		} else {
			if i := r.bufferIndex; len(r.buffer) == cap(r.buffer) && i >= 32 && i >= len(r.buffer)/2 {
				// Reuse the consumed head rather than grow the array (see
				// fromList; nothing walks the buffer while a push runs).
				k := copy(r.buffer, r.buffer[i:])
				clear(r.buffer[k:])
				r.buffer = r.buffer[:k]
				r.bufferIndex = 0
			}
			r.buffer = append(r.buffer, c)
		}
		if r.flags&rNeedReadable != 0 {
			emitReadable(s)
		}
	}
	maybeReadMore(s, r)
}

// IsPaused is isPaused(): paused explicitly, or by a 'readable' listener.
func (s *Stream) IsPaused() bool {
	r := s.r
	return r.has(rPaused) || (r.has(rHasFlowing) && !r.has(rFlowing))
}

// SetEncoding makes the readable side return strings decoded with enc.
func (s *Stream) SetEncoding(enc string) {
	r := s.r
	d := newDecoder(enc)
	r.decoder = d
	r.encoding = d.enc
	content := ""
	for _, c := range r.buffer[r.bufferIndex:] {
		if c.Kind == String {
			content += c.Text()
		} else {
			content += d.write(c.bytes())
		}
	}
	r.buffer = r.buffer[:0]
	r.bufferIndex = 0
	if content != "" {
		r.buffer = append(r.buffer, Text(content))
	}
	r.length = utf16Len(content)
}

const maxHWM = 0x40000000

func computeNewHighWaterMark(n int) int {
	if n > maxHWM {
		panic(newErr(ErrOutOfRange, "size must be <= 1GiB"))
	}
	n--
	n |= n >> 1
	n |= n >> 2
	n |= n >> 4
	n |= n >> 8
	n |= n >> 16
	return n + 1
}

// readAll is the n of read() with no argument (NaN in Node).
const readAll = -1

func howMuchToRead(n int, r *readableState) int {
	if n == 0 || n < readAll || (r.length == 0 && r.flags&rEnded != 0) {
		return 0
	}
	if r.flags&rObjectMode != 0 {
		return 1
	}
	if n == readAll {
		if r.flags&rFlowing != 0 && r.length > 0 {
			return r.buffer[r.bufferIndex].Size
		}
		return r.length
	}
	if n <= r.length {
		return n
	}
	if r.has(rEnded) {
		return r.length
	}
	return 0
}

// Read is readable.read(): it returns the first buffered chunk in flowing
// mode, or everything buffered when paused; ok is false for Node's null.
func (s *Stream) Read() (Chunk, bool) { return s.read_(readAll) }

// ReadN is readable.read(n): n units (or null when fewer are buffered and
// the stream has not ended). A large n raises the highWaterMark to the next
// power of two; n = 0 only triggers a refill.
func (s *Stream) ReadN(n int) (Chunk, bool) {
	if n < 0 {
		n = readAll - 1 // negative: Node reads nothing
	}
	return s.read_(n)
}

func (s *Stream) read_(n int) (Chunk, bool) {
	r := s.r
	nOrig := n
	if n == readAll && r.flags&(rFlowing|rObjectMode|rEnded) == rFlowing && r.length > 0 {
		// Flowing mode's read(), flow()'s every call: the general path
		// below with what is known here folded in. n (-1) is below any
		// highWaterMark and not 0, so the hwm raise and the read(0) case
		// are no-ops; howMuchToRead answers the head chunk's size (flowing,
		// byte mode, length > 0); the stream has not ended, so neither the
		// early end nor the ended test of doRead applies, and length > 0
		// makes `length === 0` false in doRead and needReadable's setting.
		r.flags &^= rEmittedReadable
		n = r.buffer[r.bufferIndex].Size
		if (r.flags&rNeedReadable != 0 || r.length-n < r.hwm) &&
			r.flags&(rReading|rDestroyed|rConstructed) == rConstructed && r.errored == nil {
			n = s.startRead(r, nOrig, n)
		}
	} else {
		if n > r.hwm {
			r.hwm = computeNewHighWaterMark(n)
		}
		if n != 0 {
			r.flags &^= rEmittedReadable
		}
		if n == 0 && r.flags&rNeedReadable != 0 {
			full := r.length > 0
			if r.hwm != 0 {
				full = r.length >= r.hwm
			}
			if full || r.flags&rEnded != 0 {
				if r.length == 0 && r.flags&rEnded != 0 {
					endReadable(s)
				} else {
					emitReadable(s)
				}
				return Chunk{}, false
			}
		}
		n = howMuchToRead(n, r)
		if n == 0 && r.flags&rEnded != 0 {
			if r.length == 0 {
				endReadable(s)
			}
			return Chunk{}, false
		}
		doRead := r.flags&rNeedReadable != 0 || r.length == 0 || r.length-n < r.hwm
		if doRead && r.flags&(rReading|rEnded|rDestroyed|rConstructed) == rConstructed && r.errored == nil {
			n = s.startRead(r, nOrig, n)
		}
	}
	var ret Chunk
	ok := false
	if buf, idx := r.buffer, r.bufferIndex; n > 0 && r.length > 0 && idx < len(buf) && buf[idx].Size == n &&
		r.flags&rObjectMode == 0 && (n < r.length || len(buf)-idx == 1) {
		// fromList's answer when n is the head chunk's size (flowing
		// mode's every read): the head itself.
		ret, ok = buf[idx], true
		buf[idx] = Chunk{}
		if idx++; idx == len(buf) {
			r.buffer = buf[:0]
			r.bufferIndex = 0
		} else {
			r.bufferIndex = idx
		}
	} else if n > 0 {
		ret, ok = fromList(n, r)
	}
	if !ok {
		if r.length <= r.hwm {
			r.flags |= rNeedReadable
		}
		n = 0
	} else {
		r.length -= n
		r.clearAwaitDrain()
	}
	if r.length == 0 {
		if r.flags&rEnded == 0 {
			r.flags |= rNeedReadable
		}
		if nOrig != n && r.flags&rEnded != 0 {
			endReadable(s)
		}
	}
	if ok && r.flags&(rErrorEmitted|rCloseEmitted) == 0 {
		r.flags |= rDataEmitted
		s.emitData(ret)
	}
	return ret, ok
}

// startRead is read()'s call of _read, once it decided to: it returns the
// n to take, recomputed when the _read pushed synchronously.
func (s *Stream) startRead(r *readableState, nOrig, n int) int {
	r.flags |= rReading | rSync
	if r.length == 0 {
		r.flags |= rNeedReadable
	}
	if s.read != nil && !s.isTransform {
		s.read(s, r.hwm) // callRead's first case, without the call
	} else {
		s.callRead(r.hwm)
	}
	r.flags &^= rSync
	if r.flags&rReading == 0 {
		n = howMuchToRead(nOrig, r)
	}
	return n
}

func (s *Stream) callRead(n int) {
	switch {
	case s.isTransform:
		if s.read != nil {
			s.read(s, n)
		}
		transformRead(s)
	case s.read != nil:
		s.read(s, n)
	default:
		errorOrDestroy(s, newErr(ErrNotImplemented, "_read()"), false)
	}
}

func fromList(n int, r *readableState) (Chunk, bool) {
	if r.length == 0 {
		return Chunk{}, false
	}
	idx := r.bufferIndex
	buf := r.buffer
	var ret Chunk
	switch {
	case r.has(rObjectMode):
		ret = buf[idx]
		buf[idx] = Chunk{}
		idx++
	case n >= r.length:
		if len(buf)-idx == 1 {
			ret = buf[idx]
			buf[idx] = Chunk{}
			idx++
		} else {
			ret = concat(buf[idx:], r.length)
			r.joined++
			for ; idx < len(buf); idx++ {
				buf[idx] = Chunk{}
			}
		}
	case n < buf[idx].Size:
		head := buf[idx]
		ret = head.slice(0, n)
		buf[idx] = head.slice(n, head.Size)
	case n == buf[idx].Size:
		ret = buf[idx]
		buf[idx] = Chunk{}
		idx++
	default:
		parts := make([]Chunk, 0, 4)
		want := n
		for idx < len(buf) {
			c := buf[idx]
			if want > c.Size {
				parts = append(parts, c)
				want -= c.Size
				buf[idx] = Chunk{}
				idx++
				continue
			}
			if want == c.Size {
				parts = append(parts, c)
				buf[idx] = Chunk{}
				idx++
			} else {
				parts = append(parts, c.slice(0, want))
				buf[idx] = c.slice(want, c.Size)
			}
			break
		}
		ret = concat(parts, n)
		if len(parts) > 1 {
			r.joined++
		}
	}
	// The consumed head is compacted away by addChunk, when an append
	// would otherwise grow the array (Node splices its array past 1024
	// consumed entries; when and where is not observable). Compacting here
	// instead moved about one chunk per chunk read while the buffer drains.
	if idx == len(buf) {
		r.buffer = buf[:0]
		r.bufferIndex = 0
	} else {
		r.bufferIndex = idx
	}
	return ret, true
}

func onEofChunk(s *Stream, r *readableState) {
	if r.has(rEnded) {
		return
	}
	if r.decoder != nil {
		if rest := r.decoder.end(); rest != "" {
			c := Text(rest)
			r.buffer = append(r.buffer, c)
			r.length += r.chunkLen(c)
		}
	}
	r.set(rEnded, true)
	if r.has(rSync) {
		emitReadable(s)
	} else {
		r.set(rNeedReadable, false)
		r.set(rEmittedReadable, true)
		emitReadable_(s)
	}
}

func emitReadable(s *Stream) {
	r := s.r
	r.set(rNeedReadable, false)
	if !r.has(rEmittedReadable) {
		r.set(rEmittedReadable, true)
		s.loop.push(task{run: emitReadableTask, s: s, key: keyEmitReadable})
	}
}

func emitReadableTask(t task) { emitReadable_(t.s) }

func emitReadable_(s *Stream) {
	r := s.r
	if !r.has(rDestroyed) && r.errored == nil && (r.length > 0 || r.has(rEnded)) {
		s.emit(EventReadable, Arg{})
		r.set(rEmittedReadable, false)
	}
	if !r.has(rFlowing) && !r.has(rEnded) && r.length <= r.hwm {
		r.set(rNeedReadable, true)
	}
	flow(s)
}

// maybeReadMore is small enough to inline into every push: while a read
// more is already queued (most pushes) it costs one test.
func maybeReadMore(s *Stream, r *readableState) {
	if r.flags&(rReadingMore|rConstructed) == rConstructed {
		scheduleReadMore(s, r)
	}
}

func scheduleReadMore(s *Stream, r *readableState) {
	// Node 22.23+ (#60454) does not schedule it while a _read is pending.
	if r.has(rReading) && s.loop.profile.Version >= 22 {
		return
	}
	r.set(rReadingMore, true)
	s.loop.push(task{run: maybeReadMoreTask, s: s})
}

func maybeReadMoreTask(t task) {
	s := t.s
	r := s.r
	for !r.has(rReading) && !r.has(rEnded) && (r.length < r.hwm || (r.has(rFlowing) && r.length == 0)) {
		n := r.length
		s.read_(0)
		if n == r.length {
			break
		}
	}
	r.set(rReadingMore, false)
}

func (s *Stream) onAdded(ev Event) {
	r := s.r
	if r == nil {
		return
	}
	switch ev {
	case EventData:
		r.set(rDataListening, true)
		if s.ev.count(EventReadable) > 0 {
			r.set(rReadableListening, true)
		}
		if !(r.has(rHasFlowing) && !r.has(rFlowing)) {
			s.Resume()
		}
	case EventReadable:
		if !r.has(rEndEmitted) && !r.has(rReadableListening) {
			r.set(rReadableListening|rNeedReadable|rHasFlowing, true)
			r.set(rFlowing|rEmittedReadable, false)
			if r.length > 0 {
				emitReadable(s)
			} else if !r.has(rReading) {
				s.loop.push(task{run: nReadingNextTick, s: s})
			}
		}
	}
}

func nReadingNextTick(t task) { t.s.read_(0) }

func updateReadableListening(t task) {
	s := t.s
	r := s.r
	r.set(rReadableListening, s.ev.count(EventReadable) > 0)
	if r.has(rHasPaused) && !r.has(rPaused) && r.has(rResumeScheduled) {
		r.set(rHasFlowing|rFlowing, true)
	} else if r.has(rDataListening) {
		s.Resume()
	} else if !r.has(rReadableListening) {
		r.set(rHasFlowing|rFlowing, false)
	}
}

// Resume switches to flowing mode; 'resume' and the first reads follow on
// the next tick.
func (s *Stream) Resume() {
	r := s.r
	if !r.has(rFlowing) {
		r.set(rHasFlowing, true)
		r.set(rFlowing, !r.has(rReadableListening))
		if !r.has(rResumeScheduled) {
			r.set(rResumeScheduled, true)
			s.loop.push(task{run: resumeTask, s: s})
		}
	}
	r.set(rHasPaused, true)
	r.set(rPaused, false)
}

func resumeTask(t task) {
	s := t.s
	r := s.r
	if !r.has(rReading) {
		s.read_(0)
	}
	r.set(rResumeScheduled, false)
	s.emit(EventResume, Arg{})
	flow(s)
	if r.has(rFlowing) && !r.has(rReading) {
		s.read_(0)
	}
}

// Pause leaves flowing mode ('pause' is emitted at once if it was flowing).
func (s *Stream) Pause() {
	r := s.r
	if !(r.has(rHasFlowing) && !r.has(rFlowing)) {
		r.set(rHasFlowing, true)
		r.set(rFlowing, false)
		s.emit(EventPause, Arg{})
	}
	r.set(rHasPaused|rPaused, true)
}

func flow(s *Stream) {
	r := s.r
	for r.has(rFlowing) {
		if _, ok := s.read_(readAll); !ok {
			return
		}
	}
}

func endReadable(s *Stream) {
	r := s.r
	if !r.has(rEndEmitted) {
		r.set(rEnded, true)
		s.loop.push(task{run: endReadableTask, s: s})
	}
}

func endReadableTask(t task) {
	s := t.s
	r := s.r
	if r.errored != nil || r.has(rCloseEmitted) || r.has(rEndEmitted) || r.length != 0 {
		return
	}
	r.set(rEndEmitted, true)
	s.emit(EventEnd, Arg{})
	if s.writableProp() && !s.allowHalfOpen {
		s.loop.push(task{run: endWritableTask, s: s})
	} else if r.has(rAutoDestroy) {
		w := s.w
		if w == nil || (w.has(wAutoDestroy) && (w.has(wFinished) || w.writable < 0)) {
			s.Destroy(nil)
		}
	}
}

func endWritableTask(t task) {
	s := t.s
	if s.writableProp() && !s.w.has(wEnding) && !s.Destroyed() {
		s.End(nil, nil)
	}
}

// ReadsJoined returns how many read() calls so far returned chunks
// joined from several buffered ones, a new Buffer Node copies them into
// (not Node API: a cost model charges the copy).
func (s *Stream) ReadsJoined() int { return s.r.joined }

// ReadableLength is readableLength: bytes (objects) buffered.
func (s *Stream) ReadableLength() int { return s.r.length }

// ReadableHighWaterMark is readableHighWaterMark (read(n) can raise it).
func (s *Stream) ReadableHighWaterMark() int { return s.r.hwm }

// ReadableFlowing is readableFlowing: nil before any mode was chosen.
func (s *Stream) ReadableFlowing() *bool {
	r := s.r
	if !r.has(rHasFlowing) {
		return nil
	}
	f := r.has(rFlowing)
	return &f
}

// ReadableEnded is readableEnded: 'end' was emitted.
func (s *Stream) ReadableEnded() bool { return s.r.has(rEndEmitted) }

// readableProp is Node's `readable` getter.
func (s *Stream) readableProp() bool {
	r := s.r
	return r != nil && r.readable >= 0 && !r.has(rDestroyed) && !r.has(rErrorEmitted) && !r.has(rEndEmitted)
}

// ReadableObjectMode reports whether the readable side counts objects.
func (s *Stream) ReadableObjectMode() bool { return s.r.has(rObjectMode) }
