package study

import (
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/bpbench/bpbench/internal/sysinfo"
)

// Machine is where a study was measured.
type Machine struct {
	// Host is the host name; CPU the CPU's name; Cores the logical cores.
	Host  string `json:"host,omitempty"`
	CPU   string `json:"cpu,omitempty"`
	Cores int    `json:"cores"`
	// Kernel is the operating system's kernel release (uname -r).
	Kernel string `json:"kernel,omitempty"`
	// OS and Arch are Go's names for them.
	OS   string `json:"os"`
	Arch string `json:"arch"`
	// LoadBefore and LoadAfter are /proc/loadavg's three load averages
	// (1, 5 and 15 minutes) when the study started and when it ended.
	LoadBefore string `json:"loadBefore,omitempty"`
	LoadAfter  string `json:"loadAfter,omitempty"`
	// Started and Finished bound the study in UTC.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
}

// ReadMachine describes this machine now (Started is now; LoadAfter and
// Finished are left for the caller to set at the end, with LoadAvg).
func ReadMachine(now time.Time) Machine {
	host, _ := os.Hostname()
	return Machine{
		Host:       host,
		CPU:        strings.TrimSpace(sysinfo.CPUName()),
		Cores:      runtime.NumCPU(),
		Kernel:     readTrim("/proc/sys/kernel/osrelease"),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		LoadBefore: LoadAvg(),
		Started:    now.UTC().Truncate(time.Second),
	}
}

// LoadAvg returns the 1, 5 and 15-minute load averages ("0.63 0.75 1.46"),
// or "" where the system does not tell.
func LoadAvg() string {
	return parseLoadAvg(readTrim("/proc/loadavg"))
}

// parseLoadAvg keeps the three load averages of /proc/loadavg's text.
func parseLoadAvg(text string) string {
	f := strings.Fields(text)
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
