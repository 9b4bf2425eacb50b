//go:build unix

package realtime

import (
	"syscall"
	"time"
)

// processCPU returns the user and system CPU time used by the process so
// far, and whether the system tells.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
