// Package stream is a Go model of Node.js streams' backpressure, faithful
// to Node's observable behaviour: every return value, every event and its
// order, and the tick each event lands in. It is checked against traces
// recorded on real Node 20.20.2 and 22.23.3 (package conform and its
// testdata: 231 cases, all identical on both versions).
//
// # The model
//
// A Loop is a single-threaded event loop like Node's: a FIFO of next-tick
// tasks that always runs to empty, then timers in deadline order, on a
// Clock. VirtualClock jumps to the next deadline (deterministic; an hour of
// slow consumer simulates in milliseconds); package wallclock's Clock
// sleeps until absolute deadlines, so per-chunk sleeps never drift. Streams never read the machine's clock, never start a
// goroutine and never print. A Loop and its streams are not safe for
// concurrent use: run each loop on one goroutine.
//
// Streams are built on a loop: NewReadable, NewWritable, NewDuplex,
// NewTransform, NewPassThrough, with Options mirroring Node's (nil
// highWaterMark = the Profile's default: Node20 16 KiB / 16 objects, Node22
// 64 KiB / 16; fs.createReadStream uses FSReadStreamHighWaterMark, 64 KiB,
// in every version). The implementation hooks (Read, Write, Writev,
// Transform, Final) play _read, _write, _writev, _transform and _final.
// Chunks carry a size and only optionally data (Sized allocates nothing),
// so 10 GB can be simulated without 10 GB of memory.
//
// # Contracts
//
// Lengths: WritableLength counts what was written and has not completed —
// the chunk inside _write included, until its callback runs (a _writev
// batch leaves all at once). ReadableLength counts what is buffered. Both
// count bytes, UTF-16 units for strings kept as strings, and 1 per chunk in
// object mode.
//
// Write returns false when, after _write returned, L >= highWaterMark and
// L > 0: equality counts as full, a zero length is always accepted, and a
// consumer that completes synchronously has already taken its chunk out of
// L. 'drain' is emitted only if a write returned false, only once L is 0
// (not merely below the mark), never after End: synchronously inside an
// asynchronous write callback, or on the next tick when the callback was
// synchronous (in object mode always on the next tick, reproducing Node's
// operator-precedence quirk). Push returns false when L >= highWaterMark
// after the chunk was added (or after EOF); in flowing mode with an empty
// buffer the chunk goes straight to 'data' and is never counted.
//
// Pipe pauses the source when a destination's Write returns false and
// resumes it on the next tick after the last such destination drained.
// Every destination gets every chunk of a 'data' event.
//
// # The bound under pipe
//
// Let H be a side's highWaterMark and C its largest chunk (1 in object
// mode). Under pipe:
//
//   - every writable side holds at most max(H-1, 0) + C: a write follows a
//     true answer (L < H, or L = 0 when H = 0) or a 'drain' (L = 0), and
//     adds at most C;
//   - the readable side of a source that pushes one chunk per _read holds at
//     most max(H-1, 0) + C whenever an event can observe it: _read is only
//     called while L < H, or with an empty buffer in flowing mode;
//   - a Transform's readable side obeys the same bound when _transform
//     completes synchronously, but max(H-1, 0) + 2C when it completes later
//     (the length recorded at _write can include a head chunk a flowing
//     read() removes before the push), and once End was called its held
//     callbacks are all released, adding up to max(Hw-1, 0) + C more.
//     Real Node reaches both (seeds 511, 670, 972 of the property test).
//
// invariants_test.go derives this in full and asserts it after every event
// of 3000 random pipelines, whose traces also match real Node's.
//
// # Ported Node tests
//
// node_*_test.go port the backpressure checks of Node's own
// test/parallel files: test-stream-backpressure, -write-drain,
// -writable-needdrain-state, -pipe-needDrain, -pipe-await-drain,
// -pipe-await-drain-manual-resume, -pipe-await-drain-push-while-write,
// -pipe-multiple-pipes, -pipe-flow, -pipe-flow-after-unpipe,
// -pipe-manual-resume, -pipe-cleanup-pause, -passthrough-drain,
// -transform-hwm0, -transform-split-highwatermark, -readable-hwm-0,
// -readable-hwm-0-async, -readable-resume-hwm, -big-push, stream3-cork-uncork,
// -writableState-uncorked-bufferedRequestCount, -writev, streams-highwatermark,
// stream2-large-read-stall and -set-default-hwm, each with expected values
// taken from real Node 22.23.3 (and 20.20.2 where the profiles differ).
//
// # Versions
//
// Profile.Version selects the rules that differ between Node 20.20.2 and 22:
// 22 does not schedule maybeReadMore while a _read is pending
// (nodejs/node#60454), and pipeline() does not count a stream's 'error' or a
// premature close as a finish. The 20.x string-decoder bug in read(n)
// (fixed by #61884) is not reproduced.
//
// Not modelled: _construct, async iterators, web streams, legacy streams,
// Readable.from, and the merging of repeated write callbacks that are the
// same JavaScript function (every callback here is distinct).
package stream
