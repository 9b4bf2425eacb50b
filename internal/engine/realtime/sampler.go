package realtime

import (
	"os"
	"runtime/metrics"
	"strconv"
	"time"
)

// runtime/metrics names read by the engine.
const (
	heapObjects = "/memory/classes/heap/objects:bytes"
	gcCycles    = "/gc/cycles/total:gc-cycles"
)

// sampler reads the Go heap in use and the process's RSS every period on
// its own goroutine, and once more when stopped, keeping the peaks.
type sampler struct {
	stop, done chan struct{}
	// Peaks, written by the goroutine, read after done; rss is -1 when
	// unavailable.
	heap, rss int64
	statm     *os.File
	buf       []byte
	heapS     []metrics.Sample
}

// startSampler starts sampling every period.
func startSampler(period time.Duration) *sampler {
	s := &sampler{
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
		rss:   -1,
		buf:   make([]byte, 128),
		heapS: []metrics.Sample{{Name: heapObjects}},
	}
	if f, err := os.Open("/proc/self/statm"); err == nil {
		s.statm = f
	}
	s.sample()
	go s.loop(period)
	return s
}

func (s *sampler) loop(period time.Duration) {
	defer close(s.done)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.sample()
		case <-s.stop:
			s.sample()
			return
		}
	}
}

// finish stops the sampler and returns the peaks: heap in use in bytes, and
// RSS in bytes (ok false when the system does not tell).
func (s *sampler) finish() (heap, rss int64, ok bool) {
	close(s.stop)
	<-s.done
	if s.statm != nil {
		s.statm.Close()
	}
	return s.heap, s.rss, s.rss >= 0
}

func (s *sampler) sample() {
	metrics.Read(s.heapS)
	if v := s.heapS[0].Value; v.Kind() == metrics.KindUint64 {
		s.heap = max(s.heap, int64(v.Uint64()))
	}
	if r, ok := s.readRSS(); ok {
		s.rss = max(s.rss, r)
	}
}

// readRSS returns the resident set size from /proc/self/statm (its second
// field, in pages).
func (s *sampler) readRSS() (int64, bool) {
	if s.statm == nil {
		return 0, false
	}
	n, err := s.statm.ReadAt(s.buf, 0)
	if n == 0 && err != nil {
		return 0, false
	}
	return parseStatm(s.buf[:n], os.Getpagesize())
}

// parseStatm returns the second field of a statm line times the page size.
func parseStatm(b []byte, page int) (int64, bool) {
	i := 0
	for i < len(b) && b[i] != ' ' {
		i++
	}
	i++
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if i >= len(b) || j == i {
		return 0, false
	}
	pages, err := strconv.ParseInt(string(b[i:j]), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(page), true
}

// readUint64 reads one uint64 runtime metric (0 if unsupported).
func readUint64(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
