package conform

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Trace is the record of one replay (bpbench-oracle-trace/1).
type Trace struct {
	Name  string
	Node  string
	Init  Snapshot
	Steps []Step
	// Tail is the implicit final tick; nil when an op aborted the run.
	Tail *Snapshot
	// Error is nil, or why the run aborted.
	Error *string
}

// Snapshot is the events since the previous record and the state after.
type Snapshot struct {
	Events []json.RawMessage
	State  json.RawMessage
}

// Step is one op's record.
type Step struct {
	I   int
	Op  string
	Ret json.RawMessage
	Snapshot
}

// state renders every stream's observable state, in case order.
func (rp *replayer) state() json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for k, id := range rp.order {
		if k > 0 {
			b.WriteByte(',')
		}
		s := rp.byID[id]
		b.Write(jstr(id))
		b.WriteString(":{")
		if s.Writable() {
			field(&b, "wlen", s.WritableLength())
			field(&b, "needDrain", s.WritableNeedDrain())
			field(&b, "corked", s.WritableCorked())
			field(&b, "wended", s.WritableEnded())
			field(&b, "finished", s.WritableFinished())
			field(&b, "whwm", s.WritableHighWaterMark())
		}
		if s.Readable() {
			field(&b, "rlen", s.ReadableLength())
			field(&b, "flowing", s.ReadableFlowing())
			field(&b, "paused", s.IsPaused())
			field(&b, "rended", s.ReadableEnded())
			field(&b, "rhwm", s.ReadableHighWaterMark())
			field(&b, "reads", rp.reads[id])
		}
		sizes := make([]json.RawMessage, 0, len(rp.pending[id]))
		for _, e := range rp.pending[id] {
			sizes = append(sizes, e.size)
		}
		field(&b, "inflight", sizes)
		field(&b, "destroyed", s.Destroyed())
		b.Truncate(b.Len() - 1)
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes()
}

func field(b *bytes.Buffer, name string, v any) {
	b.WriteByte('"')
	b.WriteString(name)
	b.WriteString(`":`)
	switch x := v.(type) {
	case int:
		b.WriteString(strconv.Itoa(x))
	case *bool:
		if x == nil {
			b.WriteString("null")
		} else {
			b.WriteString(strconv.FormatBool(*x))
		}
	default:
		j, _ := json.Marshal(x)
		b.Write(j)
	}
	b.WriteByte(',')
}

func writeSnapshot(b *bytes.Buffer, s Snapshot) {
	b.WriteString(`"events":[`)
	for i, e := range s.Events {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e)
	}
	b.WriteString(`],"state":`)
	b.Write(s.State)
}

// Marshal renders t in the recorder's exact layout: one line per step.
func (t *Trace) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("{\n\"format\": \"bpbench-oracle-trace/1\",\n")
	b.WriteString(`"name": `)
	b.Write(jstr(t.Name))
	b.WriteString(",\n\"node\": ")
	b.Write(jstr(t.Node))
	b.WriteString(",\n\"init\": {")
	writeSnapshot(&b, t.Init)
	b.WriteString("},\n\"steps\": [")
	for i, s := range t.Steps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n{\"i\":")
		b.WriteString(strconv.Itoa(s.I))
		b.WriteString(`,"op":`)
		b.Write(jstr(s.Op))
		b.WriteString(`,"ret":`)
		if s.Ret == nil {
			b.WriteString("null")
		} else {
			b.Write(s.Ret)
		}
		b.WriteByte(',')
		writeSnapshot(&b, s.Snapshot)
		b.WriteByte('}')
	}
	b.WriteString("\n],\n\"tail\": ")
	if t.Tail == nil {
		b.WriteString("null")
	} else {
		b.WriteByte('{')
		writeSnapshot(&b, *t.Tail)
		b.WriteByte('}')
	}
	b.WriteString(",\n\"error\": ")
	if t.Error == nil {
		b.WriteString("null")
	} else {
		b.Write(jstr(*t.Error))
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}
