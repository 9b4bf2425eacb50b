package scenario

import (
	"strings"
	"testing"
	"time"
)

func TestProducerMode(t *testing.T) {
	s, err := Parse("m.yaml", []byte("stop: { bytes: 1MiB }\nproducer: { mode: pull, latency: 2ms, rate: 10MiB/s }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Producer.Mode != Pull || s.Producer.Latency != 2*time.Millisecond {
		t.Fatalf("producer %+v", s.Producer)
	}
	s, err = Parse("m.yaml", []byte("stop: { bytes: 1MiB }\n"))
	if err != nil || s.Producer.Mode != Live {
		t.Fatalf("default mode %q, %v", s.Producer.Mode, err)
	}
	for _, c := range []struct{ src, want string }{
		{"stop: { bytes: 1MiB }\nproducer:\n  latency: 2ms\n", "m.yaml:3:12: producer.latency: only a pull producer waits per request; add mode: pull"},
		{"stop: { bytes: 1MiB }\nproducer:\n  mode: pull\n  burst: { on: 1s, off: 1s }\n", "m.yaml:4:10: producer.burst: a pull producer reads on demand"},
		{"stop: { bytes: 1MiB }\nproducer:\n  mode: pul\n", "m.yaml:3:9: "},
	} {
		_, err := Parse("m.yaml", []byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want prefix %q", c.src, err, c.want)
		}
	}
}
