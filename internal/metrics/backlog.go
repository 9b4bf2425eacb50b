package metrics

import "time"

// backlog is what a live producer's schedule made ready but the stream has
// not yet taken: each chunk waits upstream from its ready time to its push.
// Pushes come in order and ready times do not go backwards, so the backlog
// just after chunk i became ready is the bytes made ready so far less the
// bytes pushed by then; pushes holds the pushes after the oldest ready time
// still to come, with the bytes pushed up to each.
type backlog struct {
	on     bool
	ready  int64 // bytes made ready so far (chunks given to Waited)
	pushed int64 // bytes pushed up to pushes[head-1] (or before)
	peak   int64
	area   u128 // byte·ns
	pushes []pushMark
	head   int
}

// pushMark is one push: its time and the bytes pushed up to it.
type pushMark struct {
	t   time.Duration
	cum int64
}

// Waited records that a chunk of size bytes (1 in object mode) the
// producer's schedule made ready at ready was handed to the stream at at
// (at >= ready). Calls come in push order, with ready times that do not go
// backwards. It makes the Result list backlog.peak and backlog.mean.
func (r *Recorder) Waited(ready, at time.Duration, size int64) {
	b := &r.backlog
	b.on = true
	at = max(at, ready)
	var cum int64
	if n := len(b.pushes); n > b.head {
		cum = b.pushes[n-1].cum
	} else {
		cum = b.pushed
	}
	if b.head > 0 && b.head == len(b.pushes) {
		b.pushes, b.head = b.pushes[:0], 0
	}
	b.pushes = append(b.pushes, pushMark{at, cum + size})
	b.ready += size
	for b.head < len(b.pushes) && b.pushes[b.head].t <= ready {
		b.pushed = b.pushes[b.head].cum
		b.head++
	}
	if b.head > 4096 && b.head*2 > len(b.pushes) {
		b.pushes = append(b.pushes[:0], b.pushes[b.head:]...)
		b.head = 0
	}
	b.peak = max(b.peak, b.ready-b.pushed)
	b.area.addMul(uint64(size), uint64(at-ready))
}

// Upstream marks the producer as one with a schedule (a live producer): the
// Result lists backlog.peak and backlog.mean, 0 when nothing waited.
func (r *Recorder) Upstream() { r.backlog.on = true }
