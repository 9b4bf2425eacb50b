package stream

// Options configures a new stream. The zero value is Node's default for
// every field: highWaterMark from the loop's profile, byte mode, strings
// decoded to bytes, half-open duplexes, 'close' emitted, auto-destroy.
type Options struct {
	// HighWaterMark, when not nil, sets both sides' highWaterMark.
	HighWaterMark *int
	// ReadableHighWaterMark and WritableHighWaterMark set one side of a
	// Duplex or Transform when HighWaterMark is nil.
	ReadableHighWaterMark, WritableHighWaterMark *int
	// ObjectMode makes every chunk count 1 (both sides of a Duplex).
	ObjectMode bool
	// ReadableObjectMode and WritableObjectMode set one side of a Duplex.
	ReadableObjectMode, WritableObjectMode bool
	// DecodeStrings, when false, keeps written strings as strings (counted
	// in UTF-16 units) instead of converting them to bytes. nil means true.
	DecodeStrings *bool
	// Encoding makes the readable side decode bytes to strings.
	Encoding string
	// AllowHalfOpen, when false, ends a Duplex's writable side when its
	// readable side ends. nil means true.
	AllowHalfOpen *bool
	// EmitClose and AutoDestroy; nil means true.
	EmitClose, AutoDestroy *bool

	// Read is _read(n): it is asked for more data and answers with Push.
	Read func(s *Stream, n int)
	// Write is _write: it consumes c and calls cb once done (at once, or
	// later from a timer or tick). enc is "buffer" for byte chunks.
	Write func(s *Stream, c Chunk, enc string, cb func(error))
	// Writev is _writev: it consumes several buffered chunks at once.
	Writev func(s *Stream, cs []Chunk, cb func(error))
	// Final is _final: called once all writes are done, before 'finish'.
	Final func(s *Stream, cb func(error))
	// Destroy is _destroy; nil calls cb(err).
	Destroy func(s *Stream, err error, cb func(error))
	// Transform is _transform for a Transform: it may Push output, and calls
	// done once the input chunk is consumed.
	Transform func(s *Stream, c Chunk, enc string, done func(error))
	// Flush is _flush for a Transform: it may Push, then calls done.
	Flush func(s *Stream, done func(error))
}

// Int returns a pointer to n, for the HighWaterMark options.
func Int(n int) *int { return &n }

// Bool returns a pointer to b, for the boolean options.
func Bool(b bool) *bool { return &b }

// Stream is a Node.js stream: a Readable, a Writable, or both (a Duplex,
// Transform or PassThrough). The methods of a side the stream lacks panic.
type Stream struct {
	// Name identifies the stream in traces and errors.
	Name string

	loop          *Loop
	r             *readableState
	w             *writableState
	ev            emitter
	allowHalfOpen bool
	isTransform   bool

	read      func(s *Stream, n int)
	write     func(s *Stream, c Chunk, enc string, cb func(error))
	writev    func(s *Stream, cs []Chunk, cb func(error))
	final     func(s *Stream, cb func(error))
	destroyFn func(s *Stream, err error, cb func(error))
	transform func(s *Stream, c Chunk, enc string, done func(error))
	flush     func(s *Stream, done func(error))

	// Transform's in-flight write: the write callback held until _read
	// (kCallback), and the one being transformed with the readable length
	// when it started.
	heldCallback  func(error)
	tCallback     func(error)
	tLength       int
	transformDone func(error)
}

// Loop returns the loop the stream runs on.
func (s *Stream) Loop() *Loop { return s.loop }

func (s *Stream) String() string { return s.Name }

func hwmFrom(o *Options, duplexKey *int, isDuplex bool) *int {
	if o.HighWaterMark != nil {
		return o.HighWaterMark
	}
	if isDuplex {
		return duplexKey
	}
	return nil
}

func (l *Loop) resolveHWM(v *int, objectMode bool) int {
	if v != nil {
		if *v < 0 {
			panic(newErr(ErrInvalidArgValue, "highWaterMark must be >= 0"))
		}
		return *v
	}
	if objectMode {
		return l.profile.Objects
	}
	return l.profile.Bytes
}

func boolOpt(p *bool) bool { return p == nil || *p }

// NewReadable returns a Readable whose _read is o.Read.
func (l *Loop) NewReadable(name string, o Options) *Stream {
	s := &Stream{Name: name, loop: l, allowHalfOpen: true}
	s.r = newReadableState(l, &o, false)
	s.read = o.Read
	s.destroyFn = o.Destroy
	return s
}

// NewWritable returns a Writable whose _write is o.Write (or _writev).
func (l *Loop) NewWritable(name string, o Options) *Stream {
	s := &Stream{Name: name, loop: l, allowHalfOpen: true}
	s.w = newWritableState(s, &o, false)
	s.setWriteHooks(&o)
	return s
}

func (s *Stream) setWriteHooks(o *Options) {
	s.write, s.writev, s.final, s.destroyFn = o.Write, o.Writev, o.Final, o.Destroy
	if s.write == nil && s.writev != nil {
		s.write = func(s *Stream, c Chunk, enc string, cb func(error)) { s.writev(s, []Chunk{c}, cb) }
	}
}

// NewDuplex returns a stream with independent readable and writable sides.
func (l *Loop) NewDuplex(name string, o Options) *Stream {
	s := &Stream{Name: name, loop: l}
	s.r = newReadableState(l, &o, true)
	s.w = newWritableState(s, &o, true)
	s.allowHalfOpen = boolOpt(o.AllowHalfOpen)
	s.read = o.Read
	s.setWriteHooks(&o)
	return s
}

// Readable reports whether s has a readable side.
func (s *Stream) Readable() bool { return s.r != nil }

// Writable reports whether s has a writable side.
func (s *Stream) Writable() bool { return s.w != nil }

// emit runs ev's listeners with Node's EventEmitter rules. An 'error' with
// no listener is what would crash Node: it is recorded on the loop.
func (s *Stream) emit(ev Event, a Arg) bool {
	if h := s.loop.OnEmit; h != nil {
		h(s, ev, a)
	}
	return s.emitListeners(ev, &a)
}

// emitData is emit(EventData) with the common case of a single pipe
// destination called directly (no Arg copies, no closure): the hot path.
func (s *Stream) emitData(c Chunk) {
	if h := s.loop.OnEmit; h != nil && !s.loop.OnEmitSkipsData {
		h(s, EventData, Arg{Chunk: c})
	}
	if list := s.ev.lists[EventData]; len(list) == 1 && list[0].pipe != nil {
		// pipeLink.ondata, written out to save a call per chunk.
		p := list[0].pipe
		if ok, _ := p.dest.write_(c, "", nil); !ok {
			p.pause()
		}
		return
	}
	// The Arg is built only here, off the single-pipe path: it is seven
	// words to zero and fill for a chunk the pipe takes as it is.
	a := Arg{Chunk: c}
	s.emitListeners(EventData, &a)
}

// emitListeners runs ev's listeners with a, which it does not keep (a
// pointer: an Arg is seven words, copied once per listener otherwise).
func (s *Stream) emitListeners(ev Event, a *Arg) bool {
	list := s.ev.lists[ev]
	switch len(list) {
	case 0:
		if ev == EventError && s.loop.uncaught == nil {
			s.loop.uncaught = a.Err
		}
		return false
	case 1:
		callListener(s, ev, list[0], a)
		return true
	case 2:
		// The snapshot of two listeners (a pipe and one watcher is the
		// common case) is two locals.
		l0, l1 := list[0], list[1]
		callListener(s, ev, l0, a)
		callListener(s, ev, l1, a)
		return true
	}
	// Run the listeners present now (a snapshot: a listener may add or
	// remove others). Up to 8 are copied one by one into an array on the
	// stack, which needs no write barriers (append's copy does).
	var buf [8]*listener
	snap := buf[:0]
	if len(list) <= len(buf) {
		snap = buf[:len(list)]
		//lint:ignore S1001 a loop into the stack array needs no write barriers; copy's would
		for i, l := range list {
			snap[i] = l
		}
	} else {
		snap = append(snap, list...)
	}
	for _, l := range snap {
		callListener(s, ev, l, a)
	}
	return true
}

func callListener(s *Stream, ev Event, l *listener, a *Arg) {
	if l.once {
		if l.fired {
			return
		}
		s.removeListener(ev, l.id)
		l.fired = true
	}
	if l.pipe != nil {
		l.pipe.ondata(a.Chunk)
		return
	}
	l.fn(*a)
}

// On adds a listener, with Readable's side effects: a 'data' listener
// resumes the stream unless it was explicitly paused; a 'readable'
// listener switches it to paused mode.
func (s *Stream) On(ev Event, fn Listener) ListenerID {
	id := s.ev.add(ev, fn, false, false)
	s.onAdded(ev)
	return id
}

// Once adds a listener that is removed before its first call.
func (s *Stream) Once(ev Event, fn Listener) ListenerID {
	id := s.ev.add(ev, fn, true, false)
	s.onAdded(ev)
	return id
}

// PrependListener adds a listener before the others, without Readable's
// side effects (as in Node).
func (s *Stream) PrependListener(ev Event, fn Listener) ListenerID {
	return s.ev.add(ev, fn, false, true)
}

// Off removes a listener; it reports whether it was there.
func (s *Stream) Off(ev Event, id ListenerID) bool { return s.removeListener(ev, id) }

// ListenerCount returns the number of listeners of ev.
func (s *Stream) ListenerCount(ev Event) int { return s.ev.count(ev) }

func (s *Stream) removeListener(ev Event, id ListenerID) bool {
	ok := s.ev.remove(ev, id)
	if s.r != nil {
		if ev == EventReadable {
			s.loop.push(task{run: updateReadableListening, s: s})
		} else if ev == EventData && s.ev.count(EventData) == 0 {
			s.r.set(rDataListening, false)
		}
	}
	return ok
}

// Destroyed reports whether the stream was destroyed (both sides for a
// Duplex).
func (s *Stream) Destroyed() bool {
	switch {
	case s.r != nil && s.w != nil:
		return s.r.has(rDestroyed) && s.w.has(wDestroyed)
	case s.w != nil:
		return s.w.has(wDestroyed)
	default:
		return s.r.has(rDestroyed)
	}
}

// Errored returns the error the stream was destroyed or errored with.
func (s *Stream) Errored() error {
	if s.w != nil {
		return s.w.errored
	}
	return s.r.errored
}
