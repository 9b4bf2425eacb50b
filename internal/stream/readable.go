package stream

// readableState is Node's ReadableState (readable.js), field for field.
type readableState struct {
	objectMode, ended, endEmitted, reading, constructed, sync     bool
	needReadable, emittedReadable, readableListening              bool
	resumeScheduled, errorEmitted, emitClose, autoDestroy         bool
	destroyed, closed, closeEmitted, multiAwaitDrain, readingMore bool
	dataEmitted, dataListening                                    bool
	hasFlowing, flowing, hasPaused, paused                        bool
	// readable is Node's tri-state `readable` option: 0 unset, 1, -1 false.
	readable int8

	errored     error
	hwm         int
	length      int
	buffer      []Chunk
	bufferIndex int
	pipes       []*Stream
	// awaitDrainWriters: one destination, or (multiAwaitDrain) a set.
	awaitDrainOne *Stream
	awaitDrainSet []*Stream
	decoder       *decoder
	encoding      string
	defaultEnc    string
}

func newReadableState(l *Loop, o *Options, isDuplex bool) *readableState {
	r := &readableState{emitClose: boolOpt(o.EmitClose), autoDestroy: boolOpt(o.AutoDestroy), constructed: true, sync: true}
	r.objectMode = o.ObjectMode || (isDuplex && o.ReadableObjectMode)
	r.hwm = l.resolveHWM(hwmFrom(o, o.ReadableHighWaterMark, isDuplex), r.objectMode)
	r.defaultEnc = "utf8"
	if o.Encoding != "" {
		r.decoder = newDecoder(o.Encoding)
		r.encoding = r.decoder.enc
	}
	return r
}

func (r *readableState) chunkLen(c Chunk) int {
	if r.objectMode {
		return 1
	}
	return c.Size
}

func (r *readableState) clearAwaitDrain() {
	if r.multiAwaitDrain {
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
	r.reading = false
	onEofChunk(s, r)
	return false
}

// Unshift puts c back at the front of the buffer.
func (s *Stream) Unshift(c Chunk) bool {
	r := s.r
	if !r.objectMode {
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
	if r.endEmitted {
		errorOrDestroy(s, newErr(ErrUnshiftAfterEnd, ""), false)
	} else if r.destroyed || r.errored != nil {
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
	if r.objectMode {
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
		r.reading = false
		maybeReadMore(s, r)
		return canPushMore(r)
	}
	if r.ended {
		errorOrDestroy(s, newErr(ErrPushAfterEOF, ""), false)
		return false
	}
	if r.destroyed || r.errored != nil {
		return false
	}
	r.reading = false
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
	if r.ended {
		errorOrDestroy(s, newErr(ErrPushAfterEOF, ""), false)
		return false
	}
	if r.destroyed || r.errored != nil {
		return false
	}
	r.reading = false
	addChunk(s, r, c, false)
	return canPushMore(r)
}

func canPushMore(r *readableState) bool {
	return !r.ended && (r.length < r.hwm || r.length == 0)
}

func addChunk(s *Stream, r *readableState, c Chunk, front bool) {
	if r.flowing && !r.sync && r.dataListening && r.length == 0 {
		r.clearAwaitDrain()
		r.dataEmitted = true
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
		if r.needReadable {
			emitReadable(s)
		}
	}
	maybeReadMore(s, r)
}

// IsPaused is isPaused(): paused explicitly, or by a 'readable' listener.
func (s *Stream) IsPaused() bool {
	r := s.r
	return r.paused || (r.hasFlowing && !r.flowing)
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
	if n == 0 || n < readAll || (r.length == 0 && r.ended) {
		return 0
	}
	if r.objectMode {
		return 1
	}
	if n == readAll {
		if r.flowing && r.length > 0 {
			return r.buffer[r.bufferIndex].Size
		}
		return r.length
	}
	if n <= r.length {
		return n
	}
	if r.ended {
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
	if n > r.hwm {
		r.hwm = computeNewHighWaterMark(n)
	}
	if n != 0 {
		r.emittedReadable = false
	}
	if n == 0 && r.needReadable {
		full := r.length > 0
		if r.hwm != 0 {
			full = r.length >= r.hwm
		}
		if full || r.ended {
			if r.length == 0 && r.ended {
				endReadable(s)
			} else {
				emitReadable(s)
			}
			return Chunk{}, false
		}
	}
	n = howMuchToRead(n, r)
	if n == 0 && r.ended {
		if r.length == 0 {
			endReadable(s)
		}
		return Chunk{}, false
	}
	doRead := r.needReadable
	if r.length == 0 || r.length-n < r.hwm {
		doRead = true
	}
	if r.reading || r.ended || r.destroyed || r.errored != nil || !r.constructed {
		doRead = false
	} else if doRead {
		r.reading, r.sync = true, true
		if r.length == 0 {
			r.needReadable = true
		}
		if s.read != nil && !s.isTransform {
			s.read(s, r.hwm) // callRead's first case, without the call
		} else {
			s.callRead(r.hwm)
		}
		r.sync = false
		if !r.reading {
			n = howMuchToRead(nOrig, r)
		}
	}
	var ret Chunk
	ok := false
	if n > 0 {
		ret, ok = fromList(n, r)
	}
	if !ok {
		if r.length <= r.hwm {
			r.needReadable = true
		}
		n = 0
	} else {
		r.length -= n
		r.clearAwaitDrain()
	}
	if r.length == 0 {
		if !r.ended {
			r.needReadable = true
		}
		if nOrig != n && r.ended {
			endReadable(s)
		}
	}
	if ok && !r.errorEmitted && !r.closeEmitted {
		r.dataEmitted = true
		s.emitData(ret)
	}
	return ret, ok
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
	case r.objectMode:
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
	if r.ended {
		return
	}
	if r.decoder != nil {
		if rest := r.decoder.end(); rest != "" {
			c := Text(rest)
			r.buffer = append(r.buffer, c)
			r.length += r.chunkLen(c)
		}
	}
	r.ended = true
	if r.sync {
		emitReadable(s)
	} else {
		r.needReadable = false
		r.emittedReadable = true
		emitReadable_(s)
	}
}

func emitReadable(s *Stream) {
	r := s.r
	r.needReadable = false
	if !r.emittedReadable {
		r.emittedReadable = true
		s.loop.push(task{run: emitReadableTask, s: s, key: keyEmitReadable})
	}
}

func emitReadableTask(t task) { emitReadable_(t.s) }

func emitReadable_(s *Stream) {
	r := s.r
	if !r.destroyed && r.errored == nil && (r.length > 0 || r.ended) {
		s.emit(EventReadable, Arg{})
		r.emittedReadable = false
	}
	if !r.flowing && !r.ended && r.length <= r.hwm {
		r.needReadable = true
	}
	flow(s)
}

// maybeReadMore is small enough to inline into every push: while a read
// more is already queued (most pushes) it costs one test.
func maybeReadMore(s *Stream, r *readableState) {
	if !r.readingMore && r.constructed {
		scheduleReadMore(s, r)
	}
}

func scheduleReadMore(s *Stream, r *readableState) {
	// Node 22.23+ (#60454) does not schedule it while a _read is pending.
	if r.reading && s.loop.profile.Version >= 22 {
		return
	}
	r.readingMore = true
	s.loop.push(task{run: maybeReadMoreTask, s: s})
}

func maybeReadMoreTask(t task) {
	s := t.s
	r := s.r
	for !r.reading && !r.ended && (r.length < r.hwm || (r.flowing && r.length == 0)) {
		n := r.length
		s.read_(0)
		if n == r.length {
			break
		}
	}
	r.readingMore = false
}

func (s *Stream) onAdded(ev Event) {
	r := s.r
	if r == nil {
		return
	}
	switch ev {
	case EventData:
		r.dataListening = true
		if s.ev.count(EventReadable) > 0 {
			r.readableListening = true
		}
		if !(r.hasFlowing && !r.flowing) {
			s.Resume()
		}
	case EventReadable:
		if !r.endEmitted && !r.readableListening {
			r.readableListening, r.needReadable, r.hasFlowing = true, true, true
			r.flowing, r.emittedReadable = false, false
			if r.length > 0 {
				emitReadable(s)
			} else if !r.reading {
				s.loop.push(task{run: nReadingNextTick, s: s})
			}
		}
	}
}

func nReadingNextTick(t task) { t.s.read_(0) }

func updateReadableListening(t task) {
	s := t.s
	r := s.r
	r.readableListening = s.ev.count(EventReadable) > 0
	if r.hasPaused && !r.paused && r.resumeScheduled {
		r.hasFlowing, r.flowing = true, true
	} else if r.dataListening {
		s.Resume()
	} else if !r.readableListening {
		r.hasFlowing, r.flowing = false, false
	}
}

// Resume switches to flowing mode; 'resume' and the first reads follow on
// the next tick.
func (s *Stream) Resume() {
	r := s.r
	if !r.flowing {
		r.hasFlowing = true
		r.flowing = !r.readableListening
		if !r.resumeScheduled {
			r.resumeScheduled = true
			s.loop.push(task{run: resumeTask, s: s})
		}
	}
	r.hasPaused = true
	r.paused = false
}

func resumeTask(t task) {
	s := t.s
	r := s.r
	if !r.reading {
		s.read_(0)
	}
	r.resumeScheduled = false
	s.emit(EventResume, Arg{})
	flow(s)
	if r.flowing && !r.reading {
		s.read_(0)
	}
}

// Pause leaves flowing mode ('pause' is emitted at once if it was flowing).
func (s *Stream) Pause() {
	r := s.r
	if !(r.hasFlowing && !r.flowing) {
		r.hasFlowing = true
		r.flowing = false
		s.emit(EventPause, Arg{})
	}
	r.hasPaused, r.paused = true, true
}

func flow(s *Stream) {
	r := s.r
	for r.flowing {
		if _, ok := s.read_(readAll); !ok {
			return
		}
	}
}

func endReadable(s *Stream) {
	r := s.r
	if !r.endEmitted {
		r.ended = true
		s.loop.push(task{run: endReadableTask, s: s})
	}
}

func endReadableTask(t task) {
	s := t.s
	r := s.r
	if r.errored != nil || r.closeEmitted || r.endEmitted || r.length != 0 {
		return
	}
	r.endEmitted = true
	s.emit(EventEnd, Arg{})
	if s.writableProp() && !s.allowHalfOpen {
		s.loop.push(task{run: endWritableTask, s: s})
	} else if r.autoDestroy {
		w := s.w
		if w == nil || (w.autoDestroy && (w.finished || w.writable < 0)) {
			s.Destroy(nil)
		}
	}
}

func endWritableTask(t task) {
	s := t.s
	if s.writableProp() && !s.w.ending && !s.Destroyed() {
		s.End(nil, nil)
	}
}

// ReadableLength is readableLength: bytes (objects) buffered.
func (s *Stream) ReadableLength() int { return s.r.length }

// ReadableHighWaterMark is readableHighWaterMark (read(n) can raise it).
func (s *Stream) ReadableHighWaterMark() int { return s.r.hwm }

// ReadableFlowing is readableFlowing: nil before any mode was chosen.
func (s *Stream) ReadableFlowing() *bool {
	r := s.r
	if !r.hasFlowing {
		return nil
	}
	f := r.flowing
	return &f
}

// ReadableEnded is readableEnded: 'end' was emitted.
func (s *Stream) ReadableEnded() bool { return s.r.endEmitted }

// readableProp is Node's `readable` getter.
func (s *Stream) readableProp() bool {
	r := s.r
	return r != nil && r.readable >= 0 && !r.destroyed && !r.errorEmitted && !r.endEmitted
}

// ReadableObjectMode reports whether the readable side counts objects.
func (s *Stream) ReadableObjectMode() bool { return s.r.objectMode }
