package metrics

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// run drives a Recorder with a seeded random workload.
func run(seed uint64) Result {
	rng := rand.New(rand.NewPCG(seed, 2))
	r := New(Config{Stages: []string{"source", "gzip", "sink"}, Consumers: []string{"disk", "net"}, TimelinePoints: 256})
	var tm time.Duration
	for range 50_000 {
		tm += time.Duration(rng.IntN(5000))
		st := rng.IntN(3)
		r.SetBuffered(tm, st, int64(rng.IntN(1<<16)))
		switch rng.IntN(6) {
		case 0:
			r.ProducerPaused(tm)
		case 1:
			r.ProducerResumed(tm)
		case 2:
			r.ConsumerBusy(tm, rng.IntN(2))
		case 3:
			r.ConsumerIdle(tm, rng.IntN(2))
		}
		r.Produced(512)
		r.Consumed(512)
		r.Latency(time.Duration(rng.ExpFloat64() * 1e6))
	}
	return r.Finish(tm + time.Millisecond)
}

func TestResultJSONIsDeterministic(t *testing.T) {
	t.Parallel()
	a, err := json.Marshal(run(7))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(run(7))
	if !bytes.Equal(a, b) {
		t.Fatal("identical runs marshal differently")
	}
	if c, _ := json.Marshal(run(8)); bytes.Equal(a, c) {
		t.Fatal("different runs marshal identically")
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	t.Parallel()
	res := run(3)
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, back) {
		t.Error("Result changed through JSON")
	}
	if len(res.Timeline) > 256 || len(res.Timeline) < 100 {
		t.Errorf("timeline has %d points; want at most 256 and not a handful", len(res.Timeline))
	}
}

func TestMetricsJSONKeepsOrder(t *testing.T) {
	t.Parallel()
	m := Metrics{{"throughput", 1.5}, {"buffered.peak", 2}, {"custom", 3}}
	b, err := json.Marshal(m)
	if want := `{"throughput":1.5,"buffered.peak":2,"custom":3}`; err != nil || string(b) != want {
		t.Fatalf("Marshal = %s, %v; want %s", b, err, want)
	}
	var back Metrics
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, m) {
		t.Errorf("Unmarshal = %v, %v; want %v", back, err, m)
	}
	if err := json.Unmarshal([]byte("[1]"), &back); err == nil {
		t.Error("Unmarshal of an array: no error")
	}
	if _, err := json.Marshal(Metrics{{"x", math.NaN()}}); err == nil {
		t.Error("Marshal of NaN: no error")
	}
	if v, ok := m.Get("buffered.peak"); !ok || v != 2 {
		t.Errorf("Get(buffered.peak) = %v, %v; want 2, true", v, ok)
	}
	if _, ok := m.Get("nope"); ok {
		t.Error("Get(nope) found")
	}
	want := []Value{{"throughput", 1.5, "B/s"}, {"buffered.peak", 2, "B"}, {"custom", 3, ""}}
	if got := m.Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("Values() = %v; want %v", got, want)
	}
}

func TestFinishCoversEveryCatalogMetric(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"s"}, Consumers: []string{"a", "b"}})
	r.HeapSample(1)
	r.Latency(1)
	r.Upstream()
	r.ConsumerDone(time.Millisecond, 0, 10)
	res := r.Finish(time.Second)
	for _, m := range Catalog() {
		name := m.Name
		if p, ok := familyPrefix(name); ok {
			name = p + map[bool]string{true: "s", false: "a"}[m.Name == p+StagePlaceholder]
		}
		if !hasKey(res.Metrics.Map(), name) && (!EngineSpecific(name) || name == HeapPeak) {
			t.Errorf("catalog metric %s missing from Result", name)
		}
	}
	for name := range res.Metrics.Map() {
		if _, ok := Lookup(name); !ok {
			t.Errorf("Result metric %s not in catalog", name)
		}
	}
}

// ConsumerDone gives chunks.received (the mean over consumers) and, with
// several consumers, each one's throughput up to its last chunk.
func TestConsumerDone(t *testing.T) {
	t.Parallel()
	r := New(Config{Stages: []string{"p"}, Consumers: []string{"slow", "fast"}})
	for i := range 4 {
		r.ConsumerDone(time.Duration(i+1)*time.Second, 0, 100)
		r.ConsumerDone(time.Duration(i+1)*time.Second/2, 1, 100)
	}
	r.ConsumerDone(5*time.Second, 0, 100)
	m := r.Finish(5 * time.Second).Metrics
	for name, want := range map[string]float64{
		"chunks.received": 4.5, "chunks.received.slow": 5, "chunks.received.fast": 4,
		"consumer.throughput.slow": 100, "consumer.throughput.fast": 200,
	} {
		if got, ok := m.Get(name); !ok || got != want {
			t.Errorf("%s = %v, %v; want %v", name, got, ok, want)
		}
	}
	one := New(Config{Stages: []string{"p"}, Consumers: []string{"c"}})
	if _, ok := one.Finish(time.Second).Metrics.Get(ChunksReceived); ok {
		t.Error("chunks.received without ConsumerDone")
	}
}
