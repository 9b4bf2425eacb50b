package stream_test

// Ports of Node's pipe() tests; see node_tests_test.go for the list.

import (
	"fmt"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

// logEvents records the named events of s as "prefix:event".
func logEvents(log *events, s *stream.Stream, prefix string, evs ...stream.Event) {
	for _, ev := range evs {
		ev := ev
		s.On(ev, func(stream.Arg) { log.add("%s:%s", prefix, ev) })
	}
}

// test-stream-pipe-needDrain.js: piping into a writable that already needs
// a drain pauses at once, and the pipe still delivers and ends.
func TestNodeStreamPipeNeedDrain(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	w := l.NewWritable("w", stream.Options{HighWaterMark: stream.Int(1), Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
		log.add("write %d", c.Size)
		l.NextTick(func() { cb(nil) })
	}})
	trues := 0
	for w.Write(stream.Text("asd"), nil) {
		trues++
	}
	log.add("trues=%d needDrain=%v", trues, w.WritableNeedDrain())
	r := l.NewReadable("r", stream.Options{Read: func(s *stream.Stream, _ int) {
		log.add("read")
		s.Push(stream.Text("asd"))
		s.PushEOF()
	}})
	logEvents(&log, r, "r", stream.EventPause, stream.EventResume, stream.EventEnd)
	logEvents(&log, w, "w", stream.EventDrain, stream.EventFinish)
	r.Pipe(w, stream.PipeOptions{})
	log.add("piped")
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"write 3", "trues=0 needDrain=true", "r:pause", "piped", "w:drain", "read", "r:resume",
		"write 3", "r:pause", "r:end", "w:finish",
	})
	checkDone(t, l)
}

// test-stream-pipe-await-drain.js: with a fast and a never-completing
// destination, the second push stays buffered in the source: it must not
// reach the fast one while the slow one has not drained.
func TestNodeStreamPipeAwaitDrain(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	const size = 560000
	reader := l.NewReadable("reader", stream.Options{Read: func(*stream.Stream, int) {}})
	first := true
	writer1 := l.NewWritable("writer1", stream.Options{Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
		log.add("w1 write %d", c.Size)
		if first {
			first = false
			immediate(l, func() {
				log.add("push2=%v rlen=%d", reader.Push(stream.Sized(size)), reader.ReadableLength())
			})
		}
		cb(nil)
	}})
	writer2 := l.NewWritable("writer2", stream.Options{Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
		log.add("w2 write %d", c.Size) // never completes
	}})
	logEvents(&log, reader, "r", stream.EventPause, stream.EventResume)
	logEvents(&log, writer1, "w1", stream.EventDrain)
	reader.Pipe(writer1, stream.PipeOptions{})
	reader.Pipe(writer2, stream.PipeOptions{})
	log.add("push1=%v", reader.Push(stream.Sized(size)))
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"push1=false", "r:resume", "w1 write 560000", "w2 write 560000", "r:pause", "push2=false rlen=560000",
	})
	checkInt(t, "reader.ReadableLength()", reader.ReadableLength(), size)
	checkInt(t, "writer2.WritableLength()", writer2.WritableLength(), size)
	checkDone(t, l)
}

// test-stream-pipe-await-drain-manual-resume.js: a manual resume() does not
// forget the destination the source waits for: the next false write
// pauses again, and once the queued callbacks run everything flows to the
// end.
func TestNodeStreamPipeAwaitDrainManualResume(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	buffering := true
	var queue []func(error)
	var writable *stream.Stream
	writable = l.NewWritable("writable", stream.Options{HighWaterMark: stream.Int(5), Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
		log.add("write %d wlen=%d", c.Size, writable.WritableLength())
		if buffering {
			queue = append(queue, cb)
		} else {
			cb(nil)
		}
	}})
	readable := l.NewReadable("readable", stream.Options{Read: func(*stream.Stream, int) {}})
	readable.Pipe(writable, stream.PipeOptions{})
	readable.Once(stream.EventPause, func(stream.Arg) {
		log.add("pause1")
		l.NextTick(func() {
			log.add("manual resume")
			readable.Resume()
		})
		readable.Once(stream.EventPause, func(stream.Arg) {
			log.add("pause2 queued=%d", len(queue))
			buffering = false
			for _, cb := range queue {
				cb(nil)
			}
		})
	})
	logEvents(&log, readable, "r", stream.EventEnd)
	logEvents(&log, writable, "w", stream.EventDrain)
	for i := 0; i < 3; i++ {
		log.add("push=%v", readable.Push(stream.Sized(100)))
	}
	readable.PushEOF()
	writable.On(stream.EventFinish, func(stream.Arg) { log.add("finish") })
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"push=true", "push=true", "push=true", "write 100 wlen=100", "pause1", "manual resume",
		"pause2 queued=1", "write 100 wlen=100", "w:drain", "write 100 wlen=100", "r:end", "finish",
	})
	checkDone(t, l)
}

// test-stream-pipe-await-drain-push-while-write.js: a push from inside
// _write (above the hwm) must not leave the source waiting for a drain
// that never comes: all three chunks are written and the source never
// pauses. Node 22.23+ (#60454) skips maybeReadMore while a _read is
// pending, which moves the empty _read calls.
func TestNodeStreamPipeAwaitDrainPushWhileWrite(t *testing.T) {
	for _, tc := range []struct {
		profile stream.Profile
		want    []string
	}{
		{stream.Node22, []string{"read", "r:resume", "read", "write 32768 paused=false", "push=false", "read", "write 33792 paused=false", "write 34816 paused=false", "tick paused=false"}},
		{stream.Node20, []string{"read", "r:resume", "write 32768 paused=false", "push=false", "write 33792 paused=false", "read", "write 34816 paused=false", "tick paused=false"}},
	} {
		t.Run(tc.profile.Name, func(t *testing.T) {
			l := stream.NewLoop(nil, tc.profile)
			var log events
			var readable *stream.Stream
			writable := l.NewWritable("writable", stream.Options{Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
				log.add("write %d paused=%v", c.Size, readable.IsPaused())
				if c.Size == 32*1024 {
					log.add("push=%v", readable.Push(stream.Sized(34*1024)))
					l.NextTick(func() { log.add("tick paused=%v", readable.IsPaused()) })
				}
				cb(nil)
			}})
			bufs := []int{32 * 1024, 33 * 1024}
			readable = l.NewReadable("readable", stream.Options{Read: func(s *stream.Stream, _ int) {
				log.add("read")
				for len(bufs) > 0 {
					s.Push(stream.Sized(bufs[0]))
					bufs = bufs[1:]
				}
			}})
			logEvents(&log, readable, "r", stream.EventPause, stream.EventResume)
			logEvents(&log, writable, "w", stream.EventDrain)
			readable.Pipe(writable, stream.PipeOptions{})
			l.Run(nil)
			checkEvents(t, "events", log, tc.want)
			checkDone(t, l)
		})
	}
}

// test-stream-pipe-multiple-pipes.js: five destinations get the chunk on
// the 'resume' tick, and after unpipe() nothing more reaches them.
func TestNodeStreamPipeMultiplePipes(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	readable := l.NewReadable("readable", stream.Options{Read: func(*stream.Stream, int) {}})
	var ws []*stream.Stream
	for i := 0; i < 5; i++ {
		i := i
		w := l.NewWritable(fmt.Sprintf("w%d", i), stream.Options{Write: func(_ *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
			log.add("w%d %s", i, hexOf(c))
			cb(nil)
		}})
		w.On(stream.EventPipe, func(stream.Arg) { log.add("w%d:pipe", i) })
		readable.Pipe(w, stream.PipeOptions{})
		ws = append(ws, w)
	}
	logEvents(&log, readable, "r", stream.EventResume, stream.EventPause)
	readable.Push(stream.BytesChunk([]byte{1, 2, 3, 4, 5}))
	l.NextTick(func() {
		log.add("tick")
		for i, w := range ws {
			i := i
			w.On(stream.EventUnpipe, func(stream.Arg) { log.add("w%d:unpipe", i) })
			readable.Unpipe(w)
		}
		readable.Push(stream.Text("something else"))
		readable.PushEOF()
		readable.Resume()
	})
	logEvents(&log, readable, "r", stream.EventEnd)
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"w0:pipe", "w1:pipe", "w2:pipe", "w3:pipe", "w4:pipe", "r:resume",
		"w0 0102030405", "w1 0102030405", "w2 0102030405", "w3 0102030405", "w4 0102030405",
		"tick", "w0:unpipe", "w1:unpipe", "w2:unpipe", "w3:unpipe", "r:pause", "w4:unpipe", "r:resume", "r:end",
	})
	checkDone(t, l)
}

// test-stream-pipe-flow.js: objectMode pipes keep flowing to the end: into
// a writable with hwm 0 and a setImmediate consumer, and through two
// PassThroughs with hwm 2 read by hand.
func TestNodeStreamPipeFlow(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	{
		ticks, reads, writes := 17, 0, 0
		var rs *stream.Stream
		rs = l.NewReadable("rs1", stream.Options{ObjectMode: true, Read: func(s *stream.Stream, _ int) {
			reads++
			ticks--
			if ticks >= 0 {
				l.NextTick(func() { rs.Push(stream.Obj(1)) })
				return
			}
			s.Push(stream.Obj(1))
			s.PushEOF()
		}})
		ws := l.NewWritable("ws1", stream.Options{ObjectMode: true, HighWaterMark: stream.Int(0), Write: func(_ *stream.Stream, _ stream.Chunk, _ string, cb func(error)) {
			writes++
			immediate(l, func() { cb(nil) })
		}})
		rs.On(stream.EventEnd, func(stream.Arg) { log.add("1 end reads=%d", reads) })
		ws.On(stream.EventFinish, func(stream.Arg) { log.add("1 finish writes=%d", writes) })
		rs.Pipe(ws, stream.PipeOptions{})
	}
	{
		missing, got := 8, 0
		rs := l.NewReadable("rs2", stream.Options{ObjectMode: true, Read: func(s *stream.Stream, _ int) {
			missing--
			if missing >= 0 {
				s.Push(stream.Obj(1))
			} else {
				s.PushEOF()
			}
		}})
		pt := rs.Pipe(l.NewPassThrough("pt1", stream.Options{ObjectMode: true, HighWaterMark: stream.Int(2)}), stream.PipeOptions{}).
			Pipe(l.NewPassThrough("pt2", stream.Options{ObjectMode: true, HighWaterMark: stream.Int(2)}), stream.PipeOptions{})
		var wrapper *stream.Stream
		pt.On(stream.EventEnd, func(stream.Arg) {
			log.add("2 pt end")
			wrapper.PushEOF()
		})
		wrapper = l.NewReadable("wrapper", stream.Options{ObjectMode: true, Read: func(s *stream.Stream, _ int) {
			l.NextTick(func() {
				data, ok := pt.Read()
				if !ok {
					pt.Once(stream.EventReadable, func(stream.Arg) {
						if data, ok := pt.Read(); ok {
							wrapper.Push(data)
						}
					})
				} else {
					wrapper.Push(data)
				}
			})
		}})
		wrapper.Resume()
		wrapper.On(stream.EventData, func(stream.Arg) { got++ })
		wrapper.On(stream.EventEnd, func(stream.Arg) { log.add("2 wrapper end got=%d", got) })
	}
	l.Run(nil)
	checkEvents(t, "events", log, []string{"2 pt end", "2 wrapper end got=8", "1 end reads=18", "1 finish writes=18"})
	checkDone(t, l)
}

// test-stream-pipe-flow-after-unpipe.js: unpipe() unblocks a source paused
// on a write that never completes; it then flows to its own 'data'
// listener (which pauses it after 20 chunks).
func TestNodeStreamPipeFlowAfterUnpipe(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	reads, writes, chunks, unpipes := 0, 0, 0, 0
	var rs *stream.Stream
	rs = l.NewReadable("rs", stream.Options{HighWaterMark: stream.Int(1), Read: func(s *stream.Stream, _ int) {
		reads++
		s.Push(stream.Text("foo"))
	}})
	var ws *stream.Stream
	ws = l.NewWritable("ws", stream.Options{HighWaterMark: stream.Int(1), Write: func(*stream.Stream, stream.Chunk, string, func(error)) {
		writes++ // never completes
		immediate(l, func() { unpipes++; rs.Unpipe(ws) })
	}})
	rs.On(stream.EventData, func(stream.Arg) {
		chunks++
		if chunks >= 20 {
			rs.Pause()
		}
	})
	rs.Pipe(ws, stream.PipeOptions{})
	l.Run(nil)
	got := fmt.Sprintf("reads=%d writes=%d chunks=%d unpipes=%d rlen=%d wlen=%d", reads, writes, chunks, unpipes, rs.ReadableLength(), ws.WritableLength())
	if want := "reads=21 writes=1 chunks=20 unpipes=1 rlen=3 wlen=3"; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
	checkDone(t, l)
}

// test-stream-pipe-manual-resume.js: 1000 objects through a pipe with a
// setImmediate consumer do not stall when the user calls read() or
// resume() in between.
func TestNodeStreamPipeManualResume(t *testing.T) {
	for _, tc := range []struct {
		name    string
		between func(rs *stream.Stream)
	}{
		{"read", func(rs *stream.Stream) { rs.Read() }},
		{"resume", func(rs *stream.Stream) { rs.Resume() }},
		{"none", func(*stream.Stream) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := stream.NewLoop(nil, stream.Node22)
			const n = 1000
			counter, reads, writes := n, 0, 0
			rs := l.NewReadable("rs", stream.Options{ObjectMode: true, Read: func(s *stream.Stream, _ int) {
				reads++
				counter--
				if counter >= 0 {
					s.Push(stream.Obj(counter))
				} else {
					s.PushEOF()
				}
			}})
			ws := l.NewWritable("ws", stream.Options{ObjectMode: true, Write: func(_ *stream.Stream, _ stream.Chunk, _ string, cb func(error)) {
				writes++
				immediate(l, func() { cb(nil) })
			}})
			immediate(l, func() { tc.between(rs) })
			ended, finished := false, false
			rs.On(stream.EventEnd, func(stream.Arg) { ended = true })
			ws.On(stream.EventFinish, func(stream.Arg) { finished = true })
			rs.Pipe(ws, stream.PipeOptions{})
			l.Run(nil)
			checkInt(t, "_read calls", reads, 1001)
			checkInt(t, "_write calls", writes, n)
			checkBool(t, "ended", ended, true)
			checkBool(t, "finished", finished, true)
			checkDone(t, l)
		})
	}
}

// test-stream-pipe-cleanup-pause.js: inside writer1's _write the source is
// unpiped from writer1 and piped to writer2; the three later pushes all
// reach writer2 (no pause left over from writer1).
func TestNodeStreamPipeCleanupPause(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	const size = 560000
	reader := l.NewReadable("reader", stream.Options{Read: func(*stream.Stream, int) {}})
	var writer1, writer2 *stream.Stream
	first := true
	writer1 = l.NewWritable("writer1", stream.Options{Write: func(_ *stream.Stream, _ stream.Chunk, _ string, cb func(error)) {
		log.add("w1 write")
		if first {
			first = false
			reader.Unpipe(writer1)
			reader.Pipe(writer2, stream.PipeOptions{})
			log.add("push=%v", reader.Push(stream.Sized(size)))
			immediate(l, func() {
				log.add("push=%v", reader.Push(stream.Sized(size)))
				immediate(l, func() { log.add("push=%v", reader.Push(stream.Sized(size))) })
			})
		}
		cb(nil)
	}})
	writer2 = l.NewWritable("writer2", stream.Options{Write: func(_ *stream.Stream, _ stream.Chunk, _ string, cb func(error)) {
		log.add("w2 write")
		cb(nil)
	}})
	logEvents(&log, reader, "r", stream.EventPause, stream.EventResume)
	reader.Pipe(writer1, stream.PipeOptions{})
	log.add("push=%v", reader.Push(stream.Sized(size)))
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"push=false", "r:resume", "w1 write", "r:pause", "w2 write", "push=true", "r:resume",
		"w2 write", "push=true", "w2 write", "push=true",
	})
	checkDone(t, l)
}
