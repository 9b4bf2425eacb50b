package realtime

import "github.com/bpbench/bpbench/internal/stream"

// pattern fills payloads: copied, not zeroed, so every page of a chunk is
// written (the kernel maps it: RSS grows with what is buffered) and the fill
// costs what producing data in memory costs.
var pattern = func() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	return b
}()

// payload returns a byte chunk of n fresh bytes (a new allocation per chunk,
// as a Node.js producer allocates a Buffer per chunk).
func payload(n int) stream.Chunk {
	b := make([]byte, n)
	for i := 0; i < n; i += len(pattern) {
		copy(b[i:], pattern)
	}
	return stream.BytesChunk(b)
}
