// Package sysinfo names the machine's CPU the way go test's benchmark
// header does ("cpu: ..."), so that bench.txt written by bpbench and the
// output of go test -bench on the same machine carry the same cpu
// configuration line and benchstat puts them in one table. It mirrors the
// standard library's internal/sysinfo: on amd64 the CPUID brand string,
// elsewhere (or when CPUID has none) the "model name" of /proc/cpuinfo.
package sysinfo
