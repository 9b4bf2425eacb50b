package bench

import (
	"fmt"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

var (
	hwms   = []int{1 << 10, 16 << 10, 64 << 10}
	chunks = []int{64, 1 << 10, 16 << 10}
)

// size formats n as the sub-benchmark names spell it: 64B, 1KiB, 16KiB.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// grid runs f as hwm=…/chunk=… sub-benchmarks over hwms × chunks.
func grid(b *testing.B, f func(b *testing.B, hwm, chunk int)) {
	for _, hwm := range hwms {
		b.Run("hwm="+size(hwm), func(b *testing.B) {
			for _, chunk := range chunks {
				b.Run("chunk="+size(chunk), func(b *testing.B) { f(b, hwm, chunk) })
			}
		})
	}
}

// pipeBench is one source→sink pipeline sized for n chunks.
type pipeBench struct {
	loop      *stream.Loop
	src, dst  *stream.Stream
	n, pushed int
	chunk     stream.Chunk
	got, size int // chunks and bytes (or Chunk.Size sum) the sink completed
	finished  bool
	drains    int
	peak      int // max dst.WritableLength() seen
	saved     func(error)
	complete  func() // preallocated: completes the saved _write on a tick
}

// newPipe builds src.pipe(dst) for n chunks of the given size. The source's
// _read pushes one chunk per call (push(null) after the n-th); the sink's
// _write completes synchronously, or on the next tick when async.
func newPipe(b *testing.B, hwm, chunk, n int, objectMode, async bool) *pipeBench {
	p := &pipeBench{loop: stream.NewLoop(nil, stream.Node22), n: n}
	if objectMode {
		p.chunk = stream.Obj(chunk)
	} else {
		p.chunk = stream.Sized(chunk)
	}
	p.src = p.loop.NewReadable("src", stream.Options{
		HighWaterMark: stream.Int(hwm),
		ObjectMode:    objectMode,
		Read: func(s *stream.Stream, _ int) {
			if p.pushed < p.n {
				p.pushed++
				s.Push(p.chunk)
			} else {
				s.PushEOF()
			}
		},
	})
	p.complete = func() {
		cb := p.saved
		p.saved = nil
		cb(nil)
	}
	write := func(s *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
		p.got++
		p.size += c.Size
		cb(nil)
	}
	if async {
		write = func(s *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
			p.got++
			p.size += c.Size
			if l := s.WritableLength(); l > p.peak {
				p.peak = l
			}
			p.saved = cb
			p.loop.NextTick(p.complete)
		}
	}
	p.dst = p.loop.NewWritable("dst", stream.Options{
		HighWaterMark: stream.Int(hwm),
		ObjectMode:    objectMode,
		Write:         write,
	})
	p.dst.On(stream.EventFinish, func(stream.Arg) { p.finished = true })
	if async {
		p.dst.On(stream.EventDrain, func(stream.Arg) { p.drains++ })
		// 'pause' follows the write() that returned false: the buffer's peak.
		p.src.On(stream.EventPause, func(stream.Arg) {
			if l := p.dst.WritableLength(); l > p.peak {
				p.peak = l
			}
		})
	}
	p.src.Pipe(p.dst, stream.PipeOptions{})
	return p
}

func (p *pipeBench) check(b *testing.B, chunkSize int) {
	b.Helper()
	if err := p.loop.Uncaught(); err != nil {
		b.Fatalf("uncaught error: %v", err)
	}
	if p.got != p.n || p.size != p.n*chunkSize || !p.finished {
		b.Fatalf("sink got %d chunks, %d bytes, finished=%v; want %d chunks, %d bytes, finished",
			p.got, p.size, p.finished, p.n, p.n*chunkSize)
	}
}

// runPipe measures b.N chunks through one pipeline. The whole stream runs
// inside the loop (one Run), so the pipeline is built once for b.N chunks
// and the run is timed, not driven by b.Loop.
func runPipe(b *testing.B, hwm, chunk int, objectMode, async bool) {
	p := newPipe(b, hwm, chunk, b.N, objectMode, async)
	b.SetBytes(int64(chunk))
	b.ReportAllocs()
	b.ResetTimer()
	p.loop.Run(nil)
	b.StopTimer()
	p.check(b, chunk)
	if async {
		b.ReportMetric(float64(p.drains)/float64(b.N), "drains/op")
		b.ReportMetric(float64(p.peak), "peak-buffered-B")
	}
}

// BenchmarkPipe is a synchronous Readable→Writable pipe: _read pushes one
// chunk per call, _write completes at once. One op is one chunk.
func BenchmarkPipe(b *testing.B) {
	grid(b, func(b *testing.B, hwm, chunk int) { runPipe(b, hwm, chunk, false, false) })
}

// BenchmarkPipeAsync is BenchmarkPipe with a sink that completes each write
// on the next tick, so the writable buffers up to its highWaterMark, the
// source pauses and 'drain' resumes it: drains/op is the backpressure cycles
// per chunk, peak-buffered-B the largest writableLength seen.
func BenchmarkPipeAsync(b *testing.B) {
	grid(b, func(b *testing.B, hwm, chunk int) { runPipe(b, hwm, chunk, false, true) })
}

// BenchmarkPipeObjectMode is the synchronous pipe in object mode (hwm counts
// objects; each object carries 1 KiB of nominal size for SetBytes).
func BenchmarkPipeObjectMode(b *testing.B) {
	for _, hwm := range []int{1, 16, 1024} {
		b.Run(fmt.Sprintf("hwm=%d", hwm), func(b *testing.B) { runPipe(b, hwm, 1<<10, true, false) })
	}
}

// BenchmarkWrite is writable.write(chunk) into a Writable whose _write
// completes synchronously: one op is one write.
func BenchmarkWrite(b *testing.B) {
	const hwm, chunk = 16 << 10, 1 << 10
	b.Run("hwm="+size(hwm), func(b *testing.B) {
		b.Run("chunk="+size(chunk), func(b *testing.B) {
			n := 0
			loop := stream.NewLoop(nil, stream.Node22)
			w := loop.NewWritable("dst", stream.Options{
				HighWaterMark: stream.Int(hwm),
				Write: func(s *stream.Stream, c stream.Chunk, _ string, cb func(error)) {
					n++
					cb(nil)
				},
			})
			c := stream.Sized(chunk)
			b.SetBytes(chunk)
			b.ReportAllocs()
			for b.Loop() {
				if !w.Write(c, nil) {
					b.Fatal("write returned false")
				}
			}
			b.StopTimer()
			if loop.RunTicks(); w.WritableLength() != 0 || n != b.N {
				b.Fatalf("%d writes completed, writableLength %d; want %d, 0", n, w.WritableLength(), b.N)
			}
		})
	})
}

// BenchmarkPush is readable.push(chunk) into a paused Readable followed by
// readable.read(chunk) taking it out again and the next-tick tasks the two
// schedule ('readable' emission): one op is one push, read and tick round.
func BenchmarkPush(b *testing.B) {
	const hwm, chunk = 16 << 10, 1 << 10
	b.Run("hwm="+size(hwm), func(b *testing.B) {
		b.Run("chunk="+size(chunk), func(b *testing.B) {
			loop := stream.NewLoop(nil, stream.Node22)
			r := loop.NewReadable("src", stream.Options{
				HighWaterMark: stream.Int(hwm),
				Read:          func(*stream.Stream, int) {}, // data comes from Push below
			})
			r.Pause()
			c := stream.Sized(chunk)
			total := 0
			b.SetBytes(chunk)
			b.ReportAllocs()
			for b.Loop() {
				r.Push(c)
				got, ok := r.ReadN(chunk)
				if !ok {
					b.Fatal("read returned null")
				}
				total += got.Size
				loop.RunTicks()
			}
			b.StopTimer()
			if r.ReadableLength() != 0 || total != b.N*chunk {
				b.Fatalf("read %d bytes, %d left buffered; want %d, 0", total, r.ReadableLength(), b.N*chunk)
			}
		})
	})
}
