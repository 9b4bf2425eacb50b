//go:build !linux

package realtime

import "time"

// threadCPU is not available here: the cpu metrics are left out.
func threadCPU() (user, system time.Duration, ok bool) { return 0, 0, false }
