package scenario

import (
	"strings"
	"testing"
)

// TestEngineConfigTranslatesUnits pins the adapter's arithmetic.
func TestEngineConfigTranslatesUnits(t *testing.T) {
	s, err := Parse("t.yaml", []byte(`
profile: node20
stop: { bytes: 1MiB, chunks: 100, duration: 2s }
producer: { rate: 1000/s, chunk: { choice: [ { size: 1KiB, weight: 9 }, { size: 1MiB } ] }, burst: { on: 10ms, off: 90ms } }
stages: [ { name: gzip, cost: 20us+5ms/MiB, readableHighWaterMark: 4KiB } ]
consumers:
  - { name: disk, rate: 10MiB/s, latency: 1ms, jitter: 0.5, stalls: { every: 1s, for: 100ms } }
  - { name: net, rate: 100/s, highWaterMark: 32KiB }
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.EngineConfig(42)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	st := cfg.Stages[0]
	if st.CostPerChunk.Microseconds() != 20 || st.CostPerByte != 5e6/(1<<20) {
		t.Errorf("stage cost %v + %v ns/B", st.CostPerChunk, st.CostPerByte)
	}
	if *st.ReadableHWM != 4096 || *st.WritableHWM != 16384 {
		t.Errorf("stage hwm %d/%d, want 4096/16384 (node20 default)", *st.ReadableHWM, *st.WritableHWM)
	}
	d, n := cfg.Consumers[0], cfg.Consumers[1]
	if d.Rate != 10<<20 || d.Latency.Milliseconds() != 1 || d.Jitter != 0.5 || d.Stalls.Every.Seconds() != 1 || d.Stalls.For.Milliseconds() != 100 {
		t.Errorf("consumer disk %+v", d)
	}
	if n.ChunkRate != 100 || *n.HighWaterMark != 32768 || *d.HighWaterMark != 16384 {
		t.Errorf("consumer net %+v", n)
	}
	if cfg.Producer.ChunkRate != 1000 || cfg.Producer.Chunk.Min() != 1024 || cfg.Producer.Chunk.Max() != 1<<20 ||
		cfg.Producer.Burst.On.Milliseconds() != 10 || cfg.Seed != 42 || *cfg.HighWaterMark != 16384 {
		t.Errorf("producer %+v", cfg.Producer)
	}
	if cfg.Stop.Bytes != 1<<20 || cfg.Stop.Chunks != 100 || cfg.Stop.Duration.Seconds() != 2 {
		t.Errorf("stop %+v", cfg.Stop)
	}
}

// TestCheckSweptOverride: --engine on a scenario that sweeps engine: is
// refused at the sweep's line:col; on one that does not, accepted.
func TestCheckSweptOverride(t *testing.T) {
	t.Parallel()
	s, err := Parse("e.yaml", []byte("stop: {bytes: 1MiB}\nsweep:\n  engine: [sim, realtime]\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = s.CheckSweptOverride(map[string]string{"engine": "sim", "node": ""})
	if err == nil || !strings.HasPrefix(err.Error(), "e.yaml:3:3: --engine sim: the scenario sweeps engine: [sim, realtime], so cells named engine=realtime would run on sim") {
		t.Errorf("CheckSweptOverride = %v; want a positioned refusal", err)
	}
	if err := s.CheckSweptOverride(map[string]string{"node": "22"}); err != nil {
		t.Errorf("--node on a scenario sweeping engine: %v; want accepted", err)
	}
}
