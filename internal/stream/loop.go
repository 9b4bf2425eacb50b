package stream

import "time"

// A Clock tells the loop what time it is and waits for a deadline. The loop
// never reads the machine's clock itself: VirtualClock jumps, WallClock sleeps.
type Clock interface {
	// Now returns the time elapsed since the clock started.
	Now() time.Duration
	// WaitUntil returns once Now() >= t. A virtual clock sets its time to t;
	// a wall clock sleeps until the absolute deadline t.
	WaitUntil(t time.Duration)
}

// VirtualClock is a Clock that jumps straight to the next deadline, so a
// simulated hour passes in microseconds and runs are deterministic.
type VirtualClock struct{ now time.Duration }

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Duration { return c.now }

// WaitUntil moves the virtual time forward to t (never backward).
func (c *VirtualClock) WaitUntil(t time.Duration) {
	if t > c.now {
		c.now = t
	}
}

// task is one deferred action of the loop. It is a plain value so that
// scheduling one allocates nothing: run is a top-level function and the
// fields carry its arguments.
type task struct {
	run func(t task)
	s   *Stream
	err error
	n   int
	cb  func(error)
	f   func()
	// key, when not 0, names an argument-free action on s that may be
	// queued many times in a row; such runs are kept as one entry with a
	// count (the queue stays small while a synchronous source floods it).
	key   taskKey
	count int32
}

type taskKey uint8

const (
	noKey taskKey = iota
	keyEmitReadable
)

// Timer is a scheduled callback; Stop cancels it. Each scheduling runs fn
// once. Reset and ResetAt schedule a timer again, in place: a caller that
// keeps one timer armed at a time (a consumer's service time, a producer's
// rate) makes it once with NewTimer and allocates nothing per deadline.
type Timer struct {
	loop    *Loop
	when    time.Duration
	seq     uint64
	fn      func()
	index   int // in loop.timers, or -1
	stopped bool
}

// Stop cancels the timer. It reports whether the timer was still pending.
func (t *Timer) Stop() bool {
	if t.stopped || t.index < 0 {
		return false
	}
	t.stopped = true
	return true
}

// ResetAt schedules the timer's callback at the absolute clock time when,
// as Stop followed by a new At(when, fn) would, but reusing t. It reports
// whether the timer was still pending (and so is now moved, not added).
func (t *Timer) ResetAt(when time.Duration) bool {
	l := t.loop
	pending := t.index >= 0 && !t.stopped
	l.seq++
	t.when, t.seq, t.stopped = when, l.seq, false
	switch {
	case t.index >= 0:
		l.timers.fix(t.index)
	case len(l.timers) == 0:
		// A heap of one is in order: no sifting (the common case of a
		// simulation, one consumer's timer re-armed from its own firing).
		t.index = 0
		l.timers = append(l.timers, t)
	default:
		l.timers.push(t)
	}
	return pending
}

// Reset is ResetAt(Now()+d).
func (t *Timer) Reset(d time.Duration) bool { return t.ResetAt(t.loop.Now() + d) }

// timerHeap is a binary min-heap of timers by deadline, ties in scheduling
// order (seq). Stopped timers stay in it until they reach the top.
type timerHeap []*Timer

func (h timerHeap) less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *timerHeap) push(t *Timer) {
	t.index = len(*h)
	*h = append(*h, t)
	h.up(t.index)
}

// pop removes and returns the earliest timer.
func (h *timerHeap) pop() *Timer {
	old := *h
	n := len(old) - 1
	t := old[0]
	if n > 0 {
		old[0] = old[n]
		old[0].index = 0
	}
	old[n] = nil
	*h = old[:n]
	if n > 1 {
		h.down(0)
	}
	t.index = -1
	return t
}

// fix restores the heap order after the deadline of the timer at i changed.
func (h timerHeap) fix(i int) {
	if !h.down(i) {
		h.up(i)
	}
}

func (h timerHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2 // parent
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

// down moves the timer at i0 down to its place; it reports whether it moved.
func (h timerHeap) down(i0 int) bool {
	i, n := i0, len(h)
	for {
		j := 2*i + 1
		if j >= n {
			break
		}
		if r := j + 1; r < n && h.less(r, j) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}

// Loop is a single-threaded event loop in the manner of Node's: a FIFO of
// next-tick tasks, which always runs to empty before anything else, and a
// heap of timers ordered by deadline (ties in scheduling order). A Loop and
// every stream on it must be used from one goroutine at a time.
type Loop struct {
	clock Clock
	// virtual is clock when it is a *VirtualClock, read and moved directly:
	// the simulation reads the time several times per chunk, and an
	// interface call each time was a measurable share of it.
	virtual *VirtualClock
	profile Profile
	ticks   []task
	head    int
	timers  timerHeap
	seq     uint64
	// OnEmit, when not nil, is called for every event before its listeners
	// ('data' excepted when OnEmitSkipsData is set).
	OnEmit EmitHook
	// OnEmitSkipsData keeps OnEmit from seeing 'data' events, for a hook
	// that has nothing to do with them: the call is a measurable share of a
	// simulated chunk.
	OnEmitSkipsData bool
	// uncaught holds the first 'error' emitted with no listener; Run stops.
	uncaught error
}

// NewLoop returns a loop on the given clock (a new VirtualClock when nil)
// whose streams take their default highWaterMarks and version-specific
// behaviour from profile (Node22 when the zero Profile is given).
func NewLoop(clock Clock, profile Profile) *Loop {
	if clock == nil {
		clock = &VirtualClock{}
	}
	if profile.Version == 0 {
		profile = Node22
	}
	l := &Loop{clock: clock, profile: profile}
	l.virtual, _ = clock.(*VirtualClock)
	return l
}

// Profile returns the loop's profile.
func (l *Loop) Profile() Profile { return l.profile }

// SetDefaultHighWaterMark changes the default highWaterMark of streams
// constructed afterwards, like Node's stream.setDefaultHighWaterMark.
func (l *Loop) SetDefaultHighWaterMark(objectMode bool, n int) {
	if objectMode {
		l.profile.Objects = n
	} else {
		l.profile.Bytes = n
	}
}

// Now returns the loop clock's time.
func (l *Loop) Now() time.Duration {
	if l.virtual != nil {
		return l.virtual.now
	}
	return l.clock.Now()
}

// Uncaught returns the first error that was emitted with no 'error'
// listener (Node would crash the process), or nil.
func (l *Loop) Uncaught() error { return l.uncaught }

// NextTick queues fn to run after the current operation, before any timer,
// like process.nextTick.
func (l *Loop) NextTick(fn func()) { l.push(task{run: runFunc, f: fn}) }

func runFunc(t task) { t.f() }

func (l *Loop) push(t task) {
	if l.head > 0 && l.head == len(l.ticks) {
		l.ticks = l.ticks[:0]
		l.head = 0
	}
	if n := len(l.ticks); t.key != noKey && n > l.head {
		if last := &l.ticks[n-1]; last.key == t.key && last.s == t.s {
			last.count++
			return
		}
	}
	t.count = 1
	l.ticks = append(l.ticks, t)
}

// RunTicks runs queued next-tick tasks, and those they queue, until none is
// left. It reports how many ran.
func (l *Loop) RunTicks() int {
	n := 0
	for l.head < len(l.ticks) {
		t := l.ticks[l.head]
		if t.count > 1 {
			l.ticks[l.head].count--
		} else {
			l.ticks[l.head] = task{}
			l.head++
		}
		t.run(t)
		n++
	}
	l.ticks = l.ticks[:0]
	l.head = 0
	return n
}

// Pending reports whether any tick task or live timer is queued.
func (l *Loop) Pending() bool {
	if l.head < len(l.ticks) {
		return true
	}
	for _, t := range l.timers {
		if !t.stopped {
			return true
		}
	}
	return false
}

// SetTimeout schedules fn to run once d has passed on the loop's clock.
func (l *Loop) SetTimeout(d time.Duration, fn func()) *Timer {
	return l.At(l.Now()+d, fn)
}

// At schedules fn at the absolute clock time t.
func (l *Loop) At(t time.Duration, fn func()) *Timer {
	tm := l.NewTimer(fn)
	tm.ResetAt(t)
	return tm
}

// NewTimer returns a timer that runs fn on this loop, not yet scheduled:
// ResetAt or Reset arms it, as often as wanted (each time once it ran or
// was stopped, to run fn again).
func (l *Loop) NewTimer(fn func()) *Timer { return &Timer{loop: l, fn: fn, index: -1} }

// Step runs pending ticks, then the earliest timer and the ticks it queues.
// It reports false when there was nothing left to run.
func (l *Loop) Step() bool {
	if l.head < len(l.ticks) {
		l.RunTicks()
	}
	for len(l.timers) > 0 {
		tm := l.timers.pop()
		if tm.stopped {
			continue
		}
		tm.stopped = true
		if v := l.virtual; v != nil {
			v.WaitUntil(tm.when)
		} else {
			l.clock.WaitUntil(tm.when)
		}
		tm.fn()
		if l.head < len(l.ticks) {
			l.RunTicks()
		}
		return true
	}
	return false
}

// Run runs the loop until no tick or timer is left, an error went uncaught,
// or stop (when not nil) returns true between two timers.
func (l *Loop) Run(stop func() bool) {
	for l.uncaught == nil {
		if stop != nil && stop() {
			return
		}
		if !l.Step() {
			return
		}
	}
}

// EmitHook, when set on a loop, sees every event of every stream on it just
// before the listeners run (the conformance recorder uses it).
type EmitHook func(s *Stream, ev Event, a Arg)
