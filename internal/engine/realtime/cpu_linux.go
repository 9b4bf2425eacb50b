package realtime

import (
	"syscall"
	"time"
)

// threadCPU returns the user and system CPU time used so far by the calling
// OS thread (the caller has locked its goroutine to it), and whether the
// system tells.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
