package stream_test

// Ports of Node's Readable and highWaterMark tests; see node_tests_test.go
// for the list.

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bpbench/bpbench/internal/stream"
)

// test-stream-readable-hwm-0.js: with hwm 0, the read(0) that adding a
// 'readable' listener triggers calls _read (exactly once); 'readable' only
// comes after push(null).
func TestNodeStreamReadableHWM0(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	r := l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(0), Read: func(*stream.Stream, int) { log.add("_read") }})
	r.On(stream.EventReadable, func(stream.Arg) {
		log.add("readable")
		log.add("read=%s", readStr(r.Read()))
	})
	r.On(stream.EventEnd, func(stream.Arg) { log.add("end") })
	l.NextTick(func() {
		log.add("read=%s", readStr(r.Read()))
		log.add("push(null)")
		r.PushEOF()
	})
	l.Run(nil)
	checkEvents(t, "events", log, []string{"_read", "read=null", "push(null)", "readable", "read=null", "end"})
	checkDone(t, l)
}

// test-stream-readable-hwm-0-async.js: hwm 0 with pushes on the next tick
// keeps calling _read: 6 calls, 5 'data', then 'end'.
func TestNodeStreamReadableHWM0Async(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	count := 5
	var r *stream.Stream
	r = l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(0), Read: func(*stream.Stream, int) {
		log.add("_read")
		l.NextTick(func() {
			count--
			if count >= 0 {
				r.Push(stream.Text("a"))
			} else {
				r.PushEOF()
			}
		})
	}})
	r.On(stream.EventEnd, func(stream.Arg) { log.add("end") })
	r.On(stream.EventData, func(a stream.Arg) { log.add("data %s", str(a.Chunk)) })
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"_read", "data a", "_read", "data a", "_read", "data a", "_read", "data a", "_read", "data a", "_read", "end",
	})
	checkDone(t, l)
}

// test-stream-readable-resume-hwm.js: resume() with a buffer above the hwm
// does not call _read.
func TestNodeStreamReadableResumeHWM(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	r := l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(100), Read: func(*stream.Stream, int) { log.add("_read") }})
	for i := 0; i < 10; i++ {
		r.Push(stream.Sized(200))
	}
	r.Resume()
	r.Once(stream.EventData, func(a stream.Arg) {
		log.add("data %d", a.Chunk.Size)
		r.Pause()
	})
	l.Run(nil)
	checkEvents(t, "events", log, []string{"data 200"})
	checkInt(t, "readableLength", r.ReadableLength(), 1800)
	checkDone(t, l)
}

// test-stream-big-push.js: a push above the hwm (5, utf8) returns false;
// read() takes everything buffered, and a read that would go below the hwm
// calls _read, whose synchronous push is returned by the same read.
func TestNodeStreamBigPush(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	var log events
	const s20 = "asdfasdfasdfasdfasdf"
	reads := 0
	eofed, ended := false, false
	var r *stream.Stream
	r = l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(5), Encoding: "utf8", Read: func(s *stream.Stream, n int) {
		log.add("_read %d", n)
		switch reads {
		case 0:
			l.SetTimeout(time.Millisecond, func() { log.add("timeout push=%v", r.Push(stream.Text(s20))) })
			reads++
		case 1:
			log.add("push=%v", s.Push(stream.Text(s20)))
			reads++
		default:
			if eofed {
				t.Errorf("_read after EOF: got a call; want none")
			}
			eofed = true
			log.add("push(null)")
			s.PushEOF()
		}
	}})
	r.On(stream.EventEnd, func(stream.Arg) { ended = true; log.add("end") })
	log.add("push=%v", r.Push(stream.Text(s20)))
	log.add("read=%s", readStr(r.Read()))
	log.add("read=%s", readStr(r.Read()))
	r.Once(stream.EventReadable, func(stream.Arg) {
		log.add("readable")
		log.add("read=%s", readStr(r.Read()))
		log.add("read=%s", readStr(r.Read()))
	})
	l.Run(nil)
	checkEvents(t, "events", log, []string{
		"push=false", "_read 5", "read=" + s20, "read=null", "timeout push=false", "readable", "_read 5", "push=false",
		"read=" + s20 + s20, "_read 5", "push(null)", "read=null", "end",
	})
	checkInt(t, "reads", reads, 2)
	checkBool(t, "eofed", eofed, true)
	checkBool(t, "ended", ended, true)
	checkDone(t, l)
}

// test-stream2-large-read-stall.js: read(100) loops over pushes of 20 with
// hwm 50 still reach 'end' when a read takes exactly the rest.
func TestNodeStream2LargeReadStall(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	const readSize, pushSize, pushCount, hwm = 100, 20, 1000, 50
	readables, readCalls, got, pushes, ends := 0, 0, 0, 0, 0
	var r *stream.Stream
	var push func()
	push = func() {
		if pushes > pushCount {
			return
		}
		if pushes == pushCount {
			pushes++
			r.PushEOF()
			return
		}
		pushes++
		if r.Push(stream.Sized(pushSize)) {
			l.SetTimeout(time.Millisecond, push)
		}
	}
	r = l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(hwm), Read: func(*stream.Stream, int) { push() }})
	r.On(stream.EventReadable, func(stream.Arg) {
		readables++
		for {
			c, ok := r.ReadN(readSize)
			readCalls++
			if ok {
				got += c.Size
			}
			if !ok || c.Size != readSize {
				break
			}
		}
	})
	r.On(stream.EventEnd, func(stream.Arg) { ends++ })
	l.Run(nil)
	gotS := fmt.Sprintf("pushes=%d ends=%d got=%d readables=%d reads=%d", pushes, ends, got, readables, readCalls)
	if want := "pushes=1001 ends=1 got=20000 readables=899 reads=1099"; gotS != want {
		t.Errorf("got %s; want %s", gotS, want)
	}
	checkDone(t, l)
}

// recoverCode runs fn and returns the code of the *stream.Error it panics
// with ("" when it does not panic).
func recoverCode(t *testing.T, fn func()) (code string) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			err, ok := v.(error)
			var se *stream.Error
			if !ok || !errors.As(err, &se) {
				t.Errorf("panic value: got %T %v; want *stream.Error", v, v)
				return
			}
			code = se.Code
		}
	}()
	fn()
	return ""
}

// test-streams-highwatermark.js: MAX_SAFE_INTEGER is accepted, a negative
// hwm is rejected with ERR_INVALID_ARG_VALUE (on every kind of stream and
// side), an empty push with hwm 0 returns true, read(0) with hwm 0 calls
// _read, read(n) raises the hwm, and read(n) above 1 GiB is
// ERR_OUT_OF_RANGE. (Non-integer values cannot be written in Go.)
func TestNodeStreamsHighWaterMark(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	const ovfl = 1<<53 - 1
	checkInt(t, "Readable hwm MAX_SAFE_INTEGER", l.NewReadable("r", stream.Options{HighWaterMark: stream.Int(ovfl)}).ReadableHighWaterMark(), ovfl)
	checkInt(t, "Writable hwm MAX_SAFE_INTEGER", l.NewWritable("w", stream.Options{HighWaterMark: stream.Int(ovfl)}).WritableHighWaterMark(), ovfl)

	ctors := []struct {
		name string
		mk   func(stream.Options)
	}{
		{"Readable", func(o stream.Options) { l.NewReadable("x", o) }},
		{"Writable", func(o stream.Options) { l.NewWritable("x", o) }},
		{"Duplex", func(o stream.Options) { l.NewDuplex("x", o) }},
		{"Transform", func(o stream.Options) { l.NewTransform("x", o) }},
		{"PassThrough", func(o stream.Options) { l.NewPassThrough("x", o) }},
	}
	for _, v := range []int{-5, -1} {
		for _, c := range ctors {
			got := recoverCode(t, func() { c.mk(stream.Options{HighWaterMark: stream.Int(v)}) })
			if got != "ERR_INVALID_ARG_VALUE" {
				t.Errorf("%s{highWaterMark: %d}: got panic code %q; want ERR_INVALID_ARG_VALUE", c.name, v, got)
			}
		}
	}
	if got := recoverCode(t, func() { l.NewDuplex("x", stream.Options{ReadableHighWaterMark: stream.Int(-1)}) }); got != "ERR_INVALID_ARG_VALUE" {
		t.Errorf("Duplex{readableHighWaterMark: -1}: got panic code %q; want ERR_INVALID_ARG_VALUE", got)
	}
	if got := recoverCode(t, func() { l.NewDuplex("x", stream.Options{WritableHighWaterMark: stream.Int(-1)}) }); got != "ERR_INVALID_ARG_VALUE" {
		t.Errorf("Duplex{writableHighWaterMark: -1}: got panic code %q; want ERR_INVALID_ARG_VALUE", got)
	}

	r0 := l.NewReadable("r0", stream.Options{HighWaterMark: stream.Int(0), Read: func(*stream.Stream, int) {}})
	for i := 0; i < 3; i++ {
		checkBool(t, fmt.Sprintf("push() #%d with hwm 0", i+1), r0.Push(stream.Sized(0)), true)
	}

	reads := 0
	r1 := l.NewReadable("r1", stream.Options{HighWaterMark: stream.Int(0), Read: func(*stream.Stream, int) { reads++ }})
	r1.ReadN(0)
	checkInt(t, "_read calls after read(0) with hwm 0", reads, 1)

	reads = 0
	r2 := l.NewReadable("r2", stream.Options{HighWaterMark: stream.Int(0), Read: func(*stream.Stream, int) { reads++ }})
	r2.ReadN(1)
	checkInt(t, "_read calls after read(1) with hwm 0", reads, 1)
	checkInt(t, "hwm after read(1)", r2.ReadableHighWaterMark(), 1)

	r3 := l.NewReadable("r3", stream.Options{Read: func(*stream.Stream, int) {}})
	if got := recoverCode(t, func() { r3.ReadN(0x40000000 + 1) }); got != "ERR_OUT_OF_RANGE" {
		t.Errorf("read(1GiB+1): got panic code %q; want ERR_OUT_OF_RANGE", got)
	}
	if got := recoverCode(t, func() { r3.ReadN(0x40000000) }); got != "" {
		t.Errorf("read(1GiB): got panic code %q; want no panic", got)
	}
	checkInt(t, "hwm after read(1GiB)", r3.ReadableHighWaterMark(), 0x40000000)
}

// test-stream-transform-split-highwatermark.js (resolution part):
// highWaterMark wins over the per-side options, each side falls back to the
// default, a Transform whose readable side resolves to 0 gets writable
// writableHighWaterMark || 0, and Readable/Writable ignore the per-side
// options. Checked on both profiles' defaults.
func TestNodeStreamTransformSplitHighWaterMark(t *testing.T) {
	i := stream.Int
	type pair [2]int
	for _, p := range []stream.Profile{stream.Node22, stream.Node20} {
		t.Run(p.Name, func(t *testing.T) {
			l := stream.NewLoop(nil, p)
			D := p.Bytes
			for _, tc := range []struct {
				name string
				o    stream.Options
				want pair
			}{
				{"readable 666", stream.Options{ReadableHighWaterMark: i(666)}, pair{666, D}},
				{"writable 777", stream.Options{WritableHighWaterMark: i(777)}, pair{D, 777}},
				{"666/777", stream.Options{ReadableHighWaterMark: i(666), WritableHighWaterMark: i(777)}, pair{666, 777}},
				{"555 over readable", stream.Options{HighWaterMark: i(555), ReadableHighWaterMark: i(666)}, pair{555, 555}},
				{"555 over writable", stream.Options{HighWaterMark: i(555), WritableHighWaterMark: i(777)}, pair{555, 555}},
				{"555 over both", stream.Options{HighWaterMark: i(555), ReadableHighWaterMark: i(666), WritableHighWaterMark: i(777)}, pair{555, 555}},
				{"none", stream.Options{}, pair{D, D}},
				{"hwm 0", stream.Options{HighWaterMark: i(0)}, pair{0, 0}},
				{"readable 0 writable 4", stream.Options{ReadableHighWaterMark: i(0), WritableHighWaterMark: i(4)}, pair{0, 4}},
				{"readable 0", stream.Options{ReadableHighWaterMark: i(0)}, pair{0, 0}},
				{"writable 0", stream.Options{WritableHighWaterMark: i(0)}, pair{D, 0}},
				{"hwm 0 writable 4", stream.Options{HighWaterMark: i(0), WritableHighWaterMark: i(4)}, pair{0, 4}},
				{"objectMode", stream.Options{ObjectMode: true}, pair{16, 16}},
				{"readableObjectMode", stream.Options{ReadableObjectMode: true}, pair{16, D}},
				{"writableObjectMode", stream.Options{WritableObjectMode: true}, pair{D, 16}},
				{"readableObjectMode readable 3", stream.Options{ReadableObjectMode: true, ReadableHighWaterMark: i(3)}, pair{3, D}},
			} {
				tr := l.NewTransform("t", tc.o)
				if got := (pair{tr.ReadableHighWaterMark(), tr.WritableHighWaterMark()}); got != tc.want {
					t.Errorf("Transform %s: got %v; want %v", tc.name, got, tc.want)
				}
			}
			for _, tc := range []struct {
				name string
				o    stream.Options
				want pair
			}{
				{"readable 666", stream.Options{ReadableHighWaterMark: i(666)}, pair{666, D}},
				{"hwm 0", stream.Options{HighWaterMark: i(0)}, pair{0, 0}},
				{"readable 0", stream.Options{ReadableHighWaterMark: i(0)}, pair{0, D}},
				{"readableObjectMode", stream.Options{ReadableObjectMode: true}, pair{16, D}},
			} {
				d := l.NewDuplex("d", tc.o)
				if got := (pair{d.ReadableHighWaterMark(), d.WritableHighWaterMark()}); got != tc.want {
					t.Errorf("Duplex %s: got %v; want %v", tc.name, got, tc.want)
				}
			}
			checkInt(t, "Readable ignores readableHighWaterMark", l.NewReadable("r", stream.Options{ReadableHighWaterMark: i(666)}).ReadableHighWaterMark(), D)
			checkInt(t, "Writable ignores writableHighWaterMark", l.NewWritable("w", stream.Options{WritableHighWaterMark: i(777)}).WritableHighWaterMark(), D)
		})
	}
}

// test-stream-set-default-hwm.js (from nodejs/readable-stream's copy of the
// suite): setDefaultHighWaterMark changes the default of streams created
// afterwards, per mode, and leaves existing streams alone.
func TestNodeStreamSetDefaultHWM(t *testing.T) {
	l := stream.NewLoop(nil, stream.Node22)
	r0 := l.NewReadable("r0", stream.Options{Read: func(*stream.Stream, int) {}})
	got := []int{l.Profile().Bytes, l.Profile().Objects}
	l.SetDefaultHighWaterMark(false, 32*1000)
	l.SetDefaultHighWaterMark(true, 32)
	got = append(got, l.Profile().Bytes, l.Profile().Objects)
	got = append(got,
		l.NewWritable("w", stream.Options{}).WritableHighWaterMark(),
		l.NewReadable("r", stream.Options{}).ReadableHighWaterMark())
	tr := l.NewTransform("t", stream.Options{})
	got = append(got, tr.WritableHighWaterMark(), tr.ReadableHighWaterMark())
	got = append(got,
		l.NewReadable("ro", stream.Options{ObjectMode: true}).ReadableHighWaterMark(),
		l.NewWritable("wo", stream.Options{ObjectMode: true}).WritableHighWaterMark())
	d := l.NewDuplex("d", stream.Options{ReadableObjectMode: true})
	got = append(got, d.ReadableHighWaterMark(), d.WritableHighWaterMark(), r0.ReadableHighWaterMark())
	want := []int{65536, 16, 32000, 32, 32000, 32000, 32000, 32000, 32, 32, 32, 32000, 65536}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v; want %v", got, want)
	}
}
