package stream

import "testing"

// WritesFalse counts exactly the write() calls that returned false.
func TestWritesFalseCountsFalseReturns(t *testing.T) {
	l := NewLoop(&VirtualClock{}, Node22)
	hwm := 10
	w := l.NewWritable("w", Options{HighWaterMark: &hwm, Write: func(s *Stream, c Chunk, enc string, cb func(error)) {}})
	var falses int64
	for range 5 {
		if !w.Write(Sized(4), nil) {
			falses++
		}
	}
	// 4, 8 fit below 10; 12, 16, 20 do not.
	if falses != 3 || w.WritesFalse() != 3 {
		t.Fatalf("write returned false %d times, WritesFalse = %d; want 3", falses, w.WritesFalse())
	}
}
