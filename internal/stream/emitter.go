package stream

// Event names a stream event.
type Event uint8

// The events a stream emits. Their String is Node's event name.
const (
	EventData Event = iota
	EventEnd
	EventReadable
	EventPause
	EventResume
	EventDrain
	EventFinish
	EventPrefinish
	EventClose
	EventError
	EventPipe
	EventUnpipe
	numEvents
)

var eventNames = [numEvents]string{"data", "end", "readable", "pause", "resume", "drain", "finish", "prefinish", "close", "error", "pipe", "unpipe"}

func (e Event) String() string {
	if e < numEvents {
		return eventNames[e]
	}
	return "unknown"
}

// EventByName returns the event whose Node name is name.
func EventByName(name string) (Event, bool) {
	for i, n := range eventNames {
		if n == name {
			return Event(i), true
		}
	}
	return 0, false
}

// Arg is what an event carries: Chunk for "data", Err for "error", Stream
// (the source) for "pipe" and "unpipe". The other events carry nothing.
type Arg struct {
	Chunk  Chunk
	Err    error
	Stream *Stream
	// unpipe is set by Readable.Unpipe for the destination's bookkeeping.
	unpipe *unpipeInfo
}

// Listener is an event handler.
type Listener func(Arg)

// ListenerID identifies an added listener, for Off.
type ListenerID uint64

type listener struct {
	fn Listener
	// pipe, when set, is a pipe's 'data' listener, called directly.
	pipe  *pipeLink
	id    ListenerID
	once  bool
	fired bool
}

// emitter keeps the listeners of one stream, with Node's EventEmitter rules:
// listeners run in the order added (prepended ones first); an emission runs
// the listeners present when it started, even if one of them removes another;
// a once listener is removed before it runs and never runs twice.
type emitter struct {
	lists  [numEvents][]*listener
	nextID ListenerID
}

func (e *emitter) add(ev Event, fn Listener, once, prepend bool) ListenerID {
	e.nextID++
	l := &listener{fn: fn, id: e.nextID, once: once}
	if prepend {
		e.lists[ev] = append([]*listener{l}, e.lists[ev]...)
	} else {
		e.lists[ev] = append(e.lists[ev], l)
	}
	return l.id
}

// remove deletes the most recently added listener with the given id, as
// Node's removeListener searches from the end. It reports whether one was.
func (e *emitter) remove(ev Event, id ListenerID) bool {
	list := e.lists[ev]
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].id == id {
			copy(list[i:], list[i+1:])
			list[len(list)-1] = nil
			e.lists[ev] = list[:len(list)-1]
			return true
		}
	}
	return false
}

func (e *emitter) count(ev Event) int { return len(e.lists[ev]) }
