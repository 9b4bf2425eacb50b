package realtime

import (
	"syscall"
	"time"
)

// threadCPU returns the user and the system CPU time used so far by the
// calling OS thread (the caller has locked its goroutine to it), and
// whether the system tells.
func threadCPU() (user, system time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), true
}
