package harness

import "time"

// flightChunk is a produced chunk not yet consumed by every consumer.
type flightChunk struct {
	// end is the cumulative bytes produced up to and including the chunk.
	end int64
	// ready is when the producer wanted to send it.
	ready time.Duration
}

// ring is a FIFO of chunks in flight, numbered from 0 in production order.
// Chunks move through every side of every stream in that order, so the
// bytes between chunk numbers a and b are a difference of prefix sums.
type ring struct {
	buf  []flightChunk // len is a power of two
	head int
	n    int
	// base is the number of the front chunk; baseStart the bytes produced
	// before it.
	base, baseStart int64
}

func (q *ring) push(c flightChunk) {
	if q.n == len(q.buf) {
		nb := make([]flightChunk, max(2*len(q.buf), 64))
		k := copy(nb, q.buf[q.head:])
		copy(nb[k:], q.buf[:q.head])
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = c
	q.n++
}

// front returns the oldest chunk; the ring must not be empty.
func (q *ring) front() *flightChunk { return &q.buf[q.head] }

// pop removes the oldest chunk and returns it with its size in bytes; the
// ring must not be empty.
func (q *ring) pop() (flightChunk, int64) {
	c, start := q.buf[q.head], q.baseStart
	q.baseStart = c.end
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	q.base++
	return c, c.end - start
}

// prefix returns the bytes produced before chunk k, for base ≤ k ≤ base+n.
func (q *ring) prefix(k int64) int64 {
	if k <= q.base || q.n == 0 {
		return q.baseStart
	}
	i := min(k-1-q.base, int64(q.n-1))
	return q.buf[(q.head+int(i))&(len(q.buf)-1)].end
}

// bytes returns the bytes of chunks [from, to).
func (q *ring) bytes(from, to int64) int64 {
	if to <= from {
		return 0
	}
	return q.prefix(to) - q.prefix(from)
}
