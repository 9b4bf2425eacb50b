package engine

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

func TestResultJSON(t *testing.T) {
	t.Parallel()
	r := Result{
		Metrics:       Metrics{{"throughput", 1.5}, {"buffered.peak", 3}, {"a.b", 0}},
		GuardExceeded: true,
		Timeline:      []Point{{0, 1}, {time.Second, 2}},
		Paused:        []Interval{{1, 2}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"metrics":{"throughput":1.5,"buffered.peak":3,"a.b":0},"guard_exceeded":true,"timeline":[[0,1],[1000000000,2]],"paused":[[1,2]]}`
	if string(b) != want {
		t.Errorf("Marshal = %s;\nwant %s", b, want)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip = %+v; want %+v", back, r)
	}
	if _, err := json.Marshal(Metrics{{"x", math.NaN()}}); err == nil {
		t.Error("Marshal(NaN) = nil error")
	}
}
