//go:build !amd64

package sysinfo

// brand is empty where bpbench does not read CPUID: Go's name then comes
// from /proc/cpuinfo too.
func brand() string { return "" }
