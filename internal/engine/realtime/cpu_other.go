//go:build !linux

package realtime

import "time"

// threadCPU is not available here: cpu.per.chunk is left out.
func threadCPU() (time.Duration, bool) { return 0, false }
