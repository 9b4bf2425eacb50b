package stream

// rflags holds readableState's booleans, one bit each, named after the
// field of Node's ReadableState it stands for.
type rflags uint32

const (
	rObjectMode        rflags = 1 << iota // objectMode
	rEnded                                // ended: push(null) was called
	rEndEmitted                           // endEmitted
	rReading                              // reading: a _read is pending
	rConstructed                          // constructed
	rSync                                 // sync: inside _read
	rNeedReadable                         // needReadable
	rEmittedReadable                      // emittedReadable
	rReadableListening                    // readableListening
	rResumeScheduled                      // resumeScheduled
	rErrorEmitted                         // errorEmitted
	rEmitClose                            // emitClose
	rAutoDestroy                          // autoDestroy
	rDestroyed                            // destroyed
	rClosed                               // closed
	rCloseEmitted                         // closeEmitted
	rMultiAwaitDrain                      // multiAwaitDrain
	rReadingMore                          // readingMore
	rDataEmitted                          // dataEmitted
	rDataListening                        // dataListening
	rHasFlowing                           // flowing !== null
	rFlowing                              // flowing === true
	rHasPaused                            // kPaused set (paused !== null)
	rPaused                               // paused === true
)

// has reports whether any of the bits m is set.
func (r *readableState) has(m rflags) bool { return r.flags&m != 0 }

// set sets the bits m when v, clears them otherwise.
func (r *readableState) set(m rflags, v bool) {
	if v {
		r.flags |= m
	} else {
		r.flags &^= m
	}
}

// wflags holds writableState's booleans, one bit each, named after the
// field of Node's WritableState it stands for.
type wflags uint32

const (
	wObjectMode        wflags = 1 << iota // objectMode
	wFinalCalled                          // finalCalled
	wNeedDrain                            // needDrain
	wEnding                               // ending: end() was called
	wEnded                                // ended
	wFinished                             // finished: 'finish' emitted
	wDestroyed                            // destroyed
	wDecodeStrings                        // decodeStrings
	wWriting                              // writing: a _write is pending
	wSync                                 // sync: inside _write
	wBufferProcessing                     // bufferProcessing
	wConstructed                          // constructed
	wPrefinished                          // prefinished
	wErrorEmitted                         // errorEmitted
	wEmitClose                            // emitClose
	wAutoDestroy                          // autoDestroy
	wClosed                               // closed
	wCloseEmitted                         // closeEmitted
	wAllBuffers                           // allBuffers
	wAllNoop                              // allNoop
	wExpectWriteCb                        // writecb pending (Node tests writecb !== nop)
	wAfterWritePending                    // afterWriteTickInfo !== null
	wHasBuffered                          // requests may be waiting in buffered
)

// has reports whether any of the bits m is set.
func (w *writableState) has(m wflags) bool { return w.flags&m != 0 }

// set sets the bits m when v, clears them otherwise.
func (w *writableState) set(m wflags, v bool) {
	if v {
		w.flags |= m
	} else {
		w.flags &^= m
	}
}
