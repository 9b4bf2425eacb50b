package conform

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/bpbench/bpbench/internal/stream"
)

// maxStepEvents is the recorder's runaway guard. maxTraceEvents is
// bpbench's own bound on a whole trace (the recorder has none): with the
// bounds on ops it keeps a replay's memory small.
const (
	maxStepEvents  = 20000
	maxTraceEvents = 1 << 20
)

// Replay runs c on internal/stream with the defaults and rules of profile
// and returns its trace.
func Replay(c *Case, profile stream.Profile) *Trace {
	rp := &replayer{
		c:       c,
		loop:    stream.NewLoop(nil, profile),
		byID:    map[string]*stream.Stream{},
		ids:     map[*stream.Stream]string{},
		pending: map[string][]pendingEntry{},
		reads:   map[string]int{},
		noops:   map[string][]noop{},
		src:     map[string]*sourceState{},
	}
	tr := &Trace{Name: c.Name, Node: "bpbench-" + profile.Name}
	rp.loop.OnEmit = rp.onEmit
	if err := rp.build(); err != nil {
		msg := "build: " + err.Error()
		tr.Error = &msg
		return tr
	}
	tr.Init = Snapshot{Events: rp.take(), State: rp.state()}
	// Like the recorder, an aborted run keeps the steps that finished
	// before the aborting op, and no tail.
	for i, op := range c.Ops {
		ret, err := rp.step(i, op)
		if err != nil {
			msg := err.Error()
			tr.Error = &msg
			return tr
		}
		tr.Steps = append(tr.Steps, Step{I: i, Op: op.Op, Ret: ret, Snapshot: Snapshot{Events: rp.take(), State: rp.state()}})
	}
	if _, err := rp.guard(len(c.Ops), func() json.RawMessage { rp.loop.RunTicks(); return nil }); err != nil {
		msg := err.Error()
		tr.Error = &msg
		return tr
	}
	tr.Tail = &Snapshot{Events: rp.take(), State: rp.state()}
	return tr
}

type pendingEntry struct {
	size json.RawMessage
	cb   func(error)
}

type noop struct {
	ev stream.Event
	id stream.ListenerID
}

type sourceState struct {
	produced int
	eofSent  bool
}

type replayer struct {
	c       *Case
	loop    *stream.Loop
	order   []string
	byID    map[string]*stream.Stream
	ids     map[*stream.Stream]string
	specs   map[string]Spec
	pending map[string][]pendingEntry
	reads   map[string]int
	noops   map[string][]noop
	src     map[string]*sourceState
	events  []json.RawMessage
	total   int // events recorded in all
	runaway bool
}

// runawayPanic stops a replay: too many events in one step (as the
// recorder), or in the whole trace (total).
type runawayPanic struct{ total bool }

func (rp *replayer) record(ev ...any) {
	b, _ := json.Marshal(ev)
	rp.events = append(rp.events, b)
	rp.total++
	if (len(rp.events) > maxStepEvents || rp.total > maxTraceEvents) && !rp.runaway {
		rp.runaway = true
		panic(runawayPanic{total: rp.total > maxTraceEvents})
	}
}

func (rp *replayer) take() []json.RawMessage {
	ev := rp.events
	rp.events = nil
	return ev
}

func (rp *replayer) onEmit(s *stream.Stream, ev stream.Event, a stream.Arg) {
	id := rp.ids[s]
	switch ev {
	case stream.EventPrefinish:
	case stream.EventData:
		rp.record(id, "data", a.Chunk.Size)
	case stream.EventError:
		rp.record(id, "error", stream.Code(a.Err))
	case stream.EventPipe, stream.EventUnpipe:
		rp.record(id, ev.String(), rp.ids[a.Stream])
	default:
		rp.record(id, ev.String())
	}
}

func (rp *replayer) build() error {
	if d := rp.c.DefaultHighWaterMark; d != nil {
		if d.Bytes != nil {
			rp.loop.SetDefaultHighWaterMark(false, *d.Bytes)
		}
		if d.Objects != nil {
			rp.loop.SetDefaultHighWaterMark(true, *d.Objects)
		}
	}
	rp.specs = map[string]Spec{}
	for _, ns := range rp.c.Streams {
		s, err := rp.newStream(ns.ID, ns.Spec)
		if err != nil {
			return fmt.Errorf("stream %s: %w", ns.ID, err)
		}
		rp.order = append(rp.order, ns.ID)
		rp.byID[ns.ID] = s
		rp.ids[s] = ns.ID
		rp.specs[ns.ID] = ns.Spec
	}
	for _, id := range rp.order {
		rp.byID[id].On(stream.EventError, func(stream.Arg) {})
	}
	return nil
}

func deref(p *bool) bool { return p != nil && *p }

func (rp *replayer) newStream(id string, sp Spec) (s *stream.Stream, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	o := stream.Options{
		HighWaterMark:         sp.HighWaterMark,
		ReadableHighWaterMark: sp.ReadableHighWaterMark,
		WritableHighWaterMark: sp.WritableHighWaterMark,
		ObjectMode:            deref(sp.ObjectMode),
		ReadableObjectMode:    deref(sp.ReadableObjectMode),
		WritableObjectMode:    deref(sp.WritableObjectMode),
		DecodeStrings:         sp.DecodeStrings,
		AllowHalfOpen:         sp.AllowHalfOpen,
		EmitClose:             sp.EmitClose,
		AutoDestroy:           sp.AutoDestroy,
	}
	if sp.Encoding != nil {
		o.Encoding = *sp.Encoding
	}
	switch sp.Type {
	case "writable":
		o.Write = func(s *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
			rp.record(id, "_write", c.Size)
			rp.consume(id, sp.Consumer, json.RawMessage(strconv.Itoa(c.Size)), cb)
		}
		if sp.Writev {
			o.Writev = func(s *stream.Stream, cs []stream.Chunk, cb func(error)) {
				sizes := make([]int, len(cs))
				for i, c := range cs {
					sizes[i] = c.Size
				}
				rp.record(id, "_writev", sizes)
				b, _ := json.Marshal(sizes)
				rp.consume(id, sp.Consumer, b, cb)
			}
		}
		return rp.loop.NewWritable(id, o), nil
	case "readable":
		o.Read = func(s *stream.Stream, n int) {
			rp.reads[id]++
			rp.record(id, "_read", n)
			rp.produce(id, s, sp.Source)
		}
		return rp.loop.NewReadable(id, o), nil
	case "transform", "passthrough":
		if sp.Type == "transform" {
			o.Transform = func(s *stream.Stream, c stream.Chunk, _ string, done func(error)) {
				rp.record(id, "_transform", c.Size)
				out := func(err error) {
					if err == nil && (sp.OutSize == nil || *sp.OutSize > 0) {
						o := c
						if sp.OutSize != nil {
							o = rp.chunkFor(s, *sp.OutSize, true)
						}
						s.Push(o)
					}
					done(err)
				}
				switch sp.Mode {
				case "tick":
					rp.loop.NextTick(func() { out(nil) })
				case "manual":
					rp.pending[id] = append(rp.pending[id], pendingEntry{size: json.RawMessage(strconv.Itoa(c.Size)), cb: out})
				default:
					out(nil)
				}
			}
		}
		// Recorded like the harness's wrapper of the instance's _read.
		o.Read = func(s *stream.Stream, n int) {
			rp.reads[id]++
			rp.record(id, "_read", n)
		}
		return rp.loop.NewTransform(id, o), nil
	}
	return nil, fmt.Errorf("unknown stream type %q", sp.Type)
}

func (rp *replayer) consume(id, mode string, size json.RawMessage, cb func(error)) {
	switch mode {
	case "sync":
		cb(nil)
	case "tick":
		rp.loop.NextTick(func() { cb(nil) })
	default:
		rp.pending[id] = append(rp.pending[id], pendingEntry{size: size, cb: cb})
	}
}

func (rp *replayer) produce(id string, s *stream.Stream, src *Source) {
	if src == nil || src.Mode == "" || src.Mode == "manual" {
		return
	}
	st := rp.src[id]
	if st == nil {
		st = &sourceState{}
		rp.src[id] = st
	}
	push := func() {
		if st.produced >= src.Total {
			if st.eofSent {
				return
			}
			st.eofSent = true
			ret := s.PushEOF()
			rp.record(id, "push", nil, ret)
			return
		}
		n := min(src.Chunk, src.Total-st.produced)
		st.produced += n
		ret := s.Push(rp.chunkFor(s, n, true))
		rp.record(id, "push", n, ret)
	}
	if src.Mode == "tick" {
		rp.loop.NextTick(push)
	} else {
		push()
	}
}

// chunkFor makes the chunk a `size: N` op means on s's readable (or
// writable) side: bytes, or an object in object mode.
func (rp *replayer) chunkFor(s *stream.Stream, n int, readableSide bool) stream.Chunk {
	om := false
	if readableSide && s.Readable() {
		om = s.ReadableObjectMode()
	} else if s.Writable() {
		om = s.WritableObjectMode()
	}
	if om {
		return stream.Obj(n)
	}
	return stream.Sized(n)
}

func (rp *replayer) opChunk(s *stream.Stream, op Op, readableSide bool) stream.Chunk {
	if op.Text != nil {
		return stream.Text(*op.Text)
	}
	n := 0
	if op.Size != nil {
		n = *op.Size
	}
	return rp.chunkFor(s, n, readableSide)
}

// guard runs fn, turning a runaway or a thrown stream error into the
// trace's error or the op's {"throw": code}.
func (rp *replayer) guard(i int, fn func() json.RawMessage) (ret json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			if rw, ok := r.(runawayPanic); ok {
				err = fmt.Errorf("runaway events at op %d", i)
				if rw.total {
					err = fmt.Errorf("more than %d events in the trace at op %d (a bound of bpbench conform; the recorder has none)", maxTraceEvents, i)
				}
				return
			}
			var se *stream.Error
			if e, ok := r.(error); ok && errors.As(e, &se) {
				b, _ := json.Marshal(map[string]string{"throw": se.Code})
				ret = b
				return
			}
			panic(r)
		}
		if u := rp.loop.Uncaught(); u != nil && err == nil {
			err = fmt.Errorf("uncaught at op %d: %s", i, stream.Code(u))
		}
	}()
	return fn(), nil
}

var (
	jsonNull  = json.RawMessage("null")
	jsonTrue  = json.RawMessage("true")
	jsonFalse = json.RawMessage("false")
	jsonNone  = json.RawMessage(`"none"`)
)

func jbool(b bool) json.RawMessage {
	if b {
		return jsonTrue
	}
	return jsonFalse
}

func jstr(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func (rp *replayer) errCode(code string) error { return &stream.Error{Code: code} }

func (rp *replayer) step(i int, op Op) (json.RawMessage, error) {
	return rp.guard(i, func() json.RawMessage {
		s := rp.byID[op.S]
		switch op.Op {
		case "tick":
			rp.loop.RunTicks()
		case "write":
			var cb func(error)
			if len(op.CB) > 0 && string(op.CB) != "null" {
				label := op.CB
				cb = func(err error) { rp.record(op.S, "cb", label, codeOrNil(err)) }
			}
			return jbool(s.WriteEncoding(rp.opChunk(s, op, false), op.Encoding, cb))
		case "end":
			var cb func(error)
			if string(op.CB) == "true" {
				cb = func(err error) { rp.record(op.S, "endcb", codeOrNil(err)) }
			}
			if op.Size != nil || op.Text != nil {
				c := rp.opChunk(s, op, false)
				s.End(&c, cb)
			} else {
				s.End(nil, cb)
			}
		case "cork":
			s.Cork()
		case "uncork":
			s.Uncork()
		case "complete":
			q := rp.pending[op.S]
			if op.Index < 0 || op.Index >= len(q) {
				return jsonNone
			}
			e := q[op.Index]
			rp.pending[op.S] = append(q[:op.Index:op.Index], q[op.Index+1:]...)
			if op.Error != "" {
				e.cb(rp.errCode(op.Error))
			} else {
				e.cb(nil)
			}
			return e.size
		case "push":
			if op.EOF {
				return jbool(s.PushEOF())
			}
			return jbool(s.PushEncoding(rp.opChunk(s, op, true), op.Encoding))
		case "unshift":
			if op.EOF {
				return jbool(s.PushEOF())
			}
			return jbool(s.Unshift(rp.opChunk(s, op, true)))
		case "read":
			var c stream.Chunk
			var ok bool
			if op.N != nil {
				c, ok = s.ReadN(*op.N)
			} else {
				c, ok = s.Read()
			}
			if !ok {
				return jsonNull
			}
			return json.RawMessage(strconv.Itoa(c.Size))
		case "pause":
			s.Pause()
		case "resume":
			s.Resume()
		case "setEncoding":
			s.SetEncoding(op.Encoding)
		case "on":
			ev, _ := stream.EventByName(op.Event)
			id := s.On(ev, func(stream.Arg) {})
			rp.noops[op.S] = append(rp.noops[op.S], noop{ev, id})
		case "off":
			ev, _ := stream.EventByName(op.Event)
			list := rp.noops[op.S]
			for k := len(list) - 1; k >= 0; k-- {
				if list[k].ev == ev {
					s.Off(ev, list[k].id)
					rp.noops[op.S] = append(list[:k:k], list[k+1:]...)
					return jsonNull
				}
			}
			return jsonNone
		case "pipe":
			dst := rp.byID[op.From].Pipe(rp.byID[op.To], stream.PipeOptions{NoEnd: op.End != nil && !*op.End})
			return jstr(rp.ids[dst])
		case "unpipe":
			src := rp.byID[op.From]
			src.Unpipe(rp.byID[op.To])
		case "pipeline":
			ss := make([]*stream.Stream, len(op.Streams))
			for k, id := range op.Streams {
				ss[k] = rp.byID[id]
			}
			last := rp.loop.Pipeline(ss, func(err error) { rp.record("pipeline", "done", codeOrNil(err)) })
			return jstr(rp.ids[last])
		case "destroy":
			if op.Error != "" {
				s.Destroy(rp.errCode(op.Error))
			} else {
				s.Destroy(nil)
			}
		default:
			panic(fmt.Sprintf("unknown op %q", op.Op))
		}
		return jsonNull
	})
}

func codeOrNil(err error) any {
	if err == nil {
		return nil
	}
	return stream.Code(err)
}
