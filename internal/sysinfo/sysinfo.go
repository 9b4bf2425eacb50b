package sysinfo

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
)

// CPUName is the CPU's name as go test prints it, or "" when it cannot be
// told. It is computed once; safe for concurrent use.
var CPUName = sync.OnceValue(func() string {
	if name := brand(); name != "" {
		return name
	}
	return procCPUInfoName()
})

// procCPUInfoName is the first "model name" of /proc/cpuinfo, with the
// clock appended when the name has none, as Go's fallback does.
func procCPUInfoName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 512) // enough for CPU 0, and what Go reads
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return ""
	}
	return parseCPUInfo(buf[:n])
}

// parseCPUInfo picks the model name and clock out of /proc/cpuinfo text.
func parseCPUInfo(b []byte) string {
	model, mhz := "", ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "Model Name", "model name":
			model = v
		case "CPU MHz", "cpu MHz":
			mhz = v
		}
	}
	if model == "" || mhz == "" || strings.Contains(model, "GHz") || strings.Contains(model, "MHz") {
		return model
	}
	return model + " @ " + mhz + "MHz"
}
