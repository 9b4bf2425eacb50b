package metrics

import (
	"slices"
	"strings"
	"testing"
)

func TestCatalogEntriesAreWellFormed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, m := range Catalog() {
		if seen[m.Name] {
			t.Errorf("duplicate catalog name %q", m.Name)
		}
		seen[m.Name] = true
		if m.Unit == "" || strings.ContainsAny(m.Unit, " \t") {
			t.Errorf("%s: unit %q must be non-empty and whitespace-free", m.Name, m.Unit)
		}
		if m.Description == "" {
			t.Errorf("%s: no description", m.Name)
		}
	}
}

func TestDesignNamesAreInCatalog(t *testing.T) {
	t.Parallel()
	// DESIGN.md's list, verbatim.
	for _, name := range []string{
		"throughput", "throughput.chunks", "buffered.peak", "buffered.mean", "heap.peak",
		"latency.p50", "latency.p90", "latency.p99", "latency.max", "writes.false", "drains",
		"pauses", "producer.stalled", "consumer.busy", "duration",
	} {
		m, ok := Lookup(name)
		if !ok || m.Name != name {
			t.Errorf("Lookup(%q) = %v, %v; want its own entry", name, m, ok)
		}
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want, unit string
		better           Better
		ok               bool
	}{
		{"throughput", "throughput", "B/s", Higher, true},
		{"throughput.chunks", "throughput.chunks", "chunks/s", Higher, true},
		{"buffered.peak", "buffered.peak", "B", Lower, true},
		{"buffered.peak.sink", "buffered.peak.<stage>", "B", Lower, true},
		{"buffered.mean.compress.gz", "buffered.mean.<stage>", "B", Lower, true},
		{"consumer.busy.disk", "consumer.busy.<consumer>", "fraction", Higher, true},
		{"latency.p99", "latency.p99", "s", Lower, true},
		{"buffered.peak.", "", "", Neutral, false},
		{"buffered.peak.<stage>", "buffered.peak.<stage>", "B", Lower, true},
		{"latency.p42", "", "", Neutral, false},
		{"", "", "", Neutral, false},
	}
	for _, tt := range tests {
		m, ok := Lookup(tt.name)
		if ok != tt.ok || m.Name != tt.want || m.Unit != tt.unit || m.Better != tt.better {
			t.Errorf("Lookup(%q) = %q %q %v, %v; want %q %q %v, %v",
				tt.name, m.Name, m.Unit, m.Better, ok, tt.want, tt.unit, tt.better, tt.ok)
		}
	}
}

func TestCatalogIsACopy(t *testing.T) {
	t.Parallel()
	c := Catalog()
	c[0].Name = "changed"
	if Catalog()[0].Name == "changed" {
		t.Fatal("Catalog() returned the package's own slice")
	}
}

func TestCompareOrdersByCatalog(t *testing.T) {
	t.Parallel()
	got := []string{"zzz", "duration", "buffered.peak.b", "throughput", "buffered.peak.a", "aaa", "buffered.peak"}
	slices.SortFunc(got, Compare)
	want := []string{"throughput", "buffered.peak", "buffered.peak.a", "buffered.peak.b", "duration", "aaa", "zzz"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q; want %q", got, want)
	}
}

func TestBetterText(t *testing.T) {
	t.Parallel()
	for b, want := range map[Better]string{Lower: "lower", Higher: "higher", Neutral: "neutral"} {
		if got, _ := b.MarshalText(); string(got) != want {
			t.Errorf("Better(%d).MarshalText() = %q; want %q", b, got, want)
		}
	}
}
