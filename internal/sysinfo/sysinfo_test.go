package sysinfo

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// BenchmarkNothing exists for TestCPUNameMatchesGoTest: running it prints
// go test's benchmark header, cpu line included.
func BenchmarkNothing(b *testing.B) {
	for b.Loop() {
	}
}

// TestCPUNameMatchesGoTest runs this test binary's own benchmark and
// checks that its "cpu:" header line is CPUName.
func TestCPUNameMatchesGoTest(t *testing.T) {
	out, err := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkNothing$", "-test.benchtime=1x").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var goName string // no cpu line when Go cannot tell either
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "cpu: "); ok {
			goName = v
		}
	}
	// benchfmt trims a configuration value; so does the comparison.
	if got, want := strings.TrimSpace(CPUName()), strings.TrimSpace(goName); got != want {
		t.Errorf("CPUName() = %q; go test prints %q", got, want)
	}
}

func TestParseCPUInfo(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2000.000\n", "AMD EPYC @ 2000.000MHz"},
		{"model name\t: Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz\ncpu MHz\t\t: 2900.000\n", "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz"},
		{"model name\t: Neoverse\n", "Neoverse"},
		{"processor\t: 0\n", ""},
	} {
		if got := parseCPUInfo([]byte(tc.in)); got != tc.want {
			t.Errorf("parseCPUInfo(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
