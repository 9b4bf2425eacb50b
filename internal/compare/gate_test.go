package compare

import (
	"slices"
	"strings"
	"testing"
)

func TestParseGates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []Gate
	}{
		{"", nil},
		{"throughput:-5%,buffered.peak:+10%", []Gate{{"throughput", -1, 0.05}, {"buffered.peak", +1, 0.10}}},
		{" latency.p99 : +2.5% ", []Gate{{"latency.p99", +1, 0.025}}},
		{"throughput:5%", []Gate{{"throughput", -1, 0.05}}},              // the bad direction of a higher-is-better metric
		{"buffered.peak.sink:0%", []Gate{{"buffered.peak.sink", +1, 0}}}, // any significant rise
		{"buffered.mean.*:+20%", []Gate{{"buffered.mean.*", +1, 0.2}}},
		{"throughput:+5%", []Gate{{"throughput", +1, 0.05}}}, // as written
	} {
		got, err := ParseGates(tc.in)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseGates(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseGatesErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"throughput", "want METRIC:±N%"},
		{"throughput:", "want METRIC:±N%"},
		{":-5%", "want METRIC:±N%"},
		{"throughpt:-5%", `unknown metric "throughpt" (did you mean throughput?)`},
		{"buffered.peek:+10%", "did you mean buffered.peak?"},
		{"frobs:-5%", `unknown metric "frobs"`},
		{"throughput:-5", "not a percentage"},
		{"throughput:-five%", "not a percentage"},
		{"throughput:--5%", "not a percentage"},
		{"throughput:+-5%", "not a percentage"},
		{"throughput:-5%%", "not a percentage"},
		{"drains:5%", "say +5% or -5%"},
	} {
		_, err := ParseGates(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseGates(%q) error = %v; want one containing %q", tc.in, err, tc.want)
		}
	}
}

func TestGateString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"throughput:-5%", "buffered.peak:+10%", "latency.p99:+2.5%"} {
		g, err := ParseGates(s)
		if err != nil || len(g) != 1 || g[0].String() != s {
			t.Errorf("ParseGates(%q)[0].String() = %v, %v; want it back", s, g, err)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	a := side("a", "s", "drop20", "throughput", 100, 101, 99, 100.5, 99.5)
	addRecords(a, "s", "drop3", "throughput", 100, 101, 99, 100.5, 99.5)
	addRecords(a, "s", "noise", "throughput", 100, 101, 99, 100.5, 99.5)
	addRecords(a, "s", "rise", "throughput", 100, 101, 99, 100.5, 99.5)
	b := side("b", "s", "drop20", "throughput", 80, 81, 79, 80.5, 79.5)
	addRecords(b, "s", "drop3", "throughput", 97, 97.1, 96.9, 97.2, 96.8)
	addRecords(b, "s", "noise", "throughput", 99.9, 100.6, 99.4, 100.1, 101.2)
	addRecords(b, "s", "rise", "throughput", 200, 201, 199, 200.5, 199.5)
	r, err := Compare(a, b, tput)
	if err != nil {
		t.Fatal(err)
	}
	cells := func(fails []Failure) []string {
		var out []string
		for _, f := range fails {
			out = append(out, f.Row.Cell)
		}
		return out
	}
	for _, tc := range []struct {
		gates string
		want  []string
	}{
		{"throughput:-5%", []string{"drop20"}},
		{"throughput:-2%", []string{"drop20", "drop3"}},
		{"throughput:-25%", nil},
		{"throughput:+50%", []string{"rise"}},
		{"throughput:-0%", []string{"drop20", "drop3"}},
	} {
		gates, err := ParseGates(tc.gates)
		if err != nil {
			t.Fatal(err)
		}
		v := r.Check(gates)
		if got := cells(v.Failures); !slices.Equal(got, tc.want) {
			t.Errorf("Check(%s) failed cells %q; want %q", tc.gates, got, tc.want)
		}
		if len(v.Undecided) != 0 {
			t.Errorf("Check(%s) undecided %v; want none", tc.gates, v.Undecided)
		}
		if v.Passed() != (len(tc.want) == 0) {
			t.Errorf("Check(%s).Passed() = %v with failures %q", tc.gates, v.Passed(), tc.want)
		}
	}
	fails := r.Check([]Gate{{"throughput", -1, 0.05}}).Failures
	if got, want := fails[0].String(), "s/drop20: throughput -20.00% (p=0.008) breaches throughput:-5%"; got != want {
		t.Errorf("Failure.String() = %q; want %q", got, want)
	}

	// A gate on a metric that is not there, or on rows that cannot be
	// significant, is undecided: it does not pass, and says how many
	// repeats it needs.
	v := r.Check([]Gate{{"latency.p99", +1, 0.1}})
	if v.Passed() || len(v.Undecided) != 1 || !strings.Contains(v.Undecided[0].String(), "nothing checked") {
		t.Errorf("absent metric: undecided %v, passed %v; want nothing checked, not passed", v.Undecided, v.Passed())
	}
	// A 27% drop over 3 repeats a side: no p-value can reach 0.05.
	small, _ := Compare(side("a", "s", "c", "throughput", 100, 101, 99), side("b", "s", "c", "throughput", 73, 74, 72), tput)
	v = small.Check([]Gate{{"throughput", -1, 0.05}})
	if len(v.Failures) != 0 || v.Passed() || len(v.Undecided) != 1 {
		t.Fatalf("n=3: %+v; want one undecided gate, not passed", v)
	}
	u := v.Undecided[0]
	if u.Need != 4 || u.MinN != 3 || u.Blind != 1 || u.Rows != 1 {
		t.Errorf("n=3: undecided %+v; want need 4, min n 3, 1 of 1 blind", u)
	}
	if got, want := u.String(), "throughput:-5%: 1 of 1 cells have 3 repeats a side; the U test needs at least 4 a side to call any change significant: run both sides with --repeat 4 or more"; got != want {
		t.Errorf("Undecided.String() = %q; want %q", got, want)
	}
}
