package engine

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func validConfig() Config {
	return Config{
		Producer:  Producer{Rate: 1 << 20, Chunk: Fixed(4096)},
		Stop:      Stop{Bytes: 1 << 20},
		Stages:    []Stage{{Name: "gzip"}},
		Consumers: []Consumer{{Name: "disk", Rate: 1 << 20}},
		Strategy:  StrategyPipe,
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	neg := -1
	big := MaxHighWaterMark + 1
	tests := []struct {
		name   string
		change func(c *Config)
		want   error // nil: valid
	}{
		{"valid", func(c *Config) {}, nil},
		{"every strategy", func(c *Config) { c.Strategy = StrategyAwaitDrain }, nil},
		{"negative rate", func(c *Config) { c.Producer.Rate = -1 }, ErrInvalidValue},
		{"two producer rates", func(c *Config) { c.Producer.ChunkRate = 10 }, ErrInvalidValue},
		{"two consumer rates", func(c *Config) { c.Consumers[0].ChunkRate = 10 }, ErrInvalidValue},
		{"chunk rates", func(c *Config) {
			c.Producer.Rate, c.Producer.ChunkRate = 0, 10
			c.Consumers[0].Rate, c.Consumers[0].ChunkRate = 0, 5
		}, nil},
		{"NaN cost", func(c *Config) { c.Stages[0].CostPerByte = math.NaN() }, ErrInvalidValue},
		{"no chunk", func(c *Config) { c.Producer.Chunk = nil }, ErrInvalidValue},
		{"zero chunk", func(c *Config) { c.Producer.Chunk = Fixed(0) }, ErrInvalidValue},
		{"bad uniform", func(c *Config) { c.Producer.Chunk = Uniform{MinSize: 5, MaxSize: 4} }, ErrInvalidValue},
		{"off without on", func(c *Config) { c.Producer.Burst = Burst{Off: time.Second} }, ErrInvalidValue},
		{"no stop", func(c *Config) { c.Stop = Stop{} }, ErrNoStop},
		{"negative stop", func(c *Config) { c.Stop.Chunks = -1 }, ErrInvalidValue},
		{"too many chunks", func(c *Config) { c.Stop = Stop{Chunks: MaxChunks + 1} }, ErrTooMuchWork},
		{"too many bytes", func(c *Config) { c.Stop = Stop{Bytes: 1 << 40}; c.Producer.Chunk = Fixed(1) }, ErrTooMuchWork},
		{"bytes cap by chunks", func(c *Config) { c.Stop = Stop{Bytes: 1 << 40, Chunks: 10}; c.Producer.Chunk = Fixed(1) }, nil},
		{"duration, paced", func(c *Config) { c.Stop = Stop{Duration: time.Hour} }, nil},
		{"duration, unbounded", func(c *Config) {
			c.Stop = Stop{Duration: time.Second}
			c.Producer.Rate = 0
			c.Consumers[0].Rate = 0
		}, ErrTooMuchWork},
		{"duration, slow consumer", func(c *Config) {
			c.Stop = Stop{Duration: time.Hour}
			c.Producer.Rate = 0
		}, nil},
		{"duration, ignore ignores the consumer", func(c *Config) {
			c.Stop = Stop{Duration: time.Hour}
			c.Producer.Rate = 0
			c.Strategy, c.MemoryGuard = StrategyIgnore, 1<<20
		}, ErrTooMuchWork},
		{"negative hwm", func(c *Config) { c.HighWaterMark = &neg }, ErrInvalidValue},
		{"huge hwm", func(c *Config) { c.Stages[0].ReadableHWM = &big }, ErrInvalidValue},
		{"stage without name", func(c *Config) { c.Stages[0].Name = "" }, ErrInvalidValue},
		{"name twice", func(c *Config) { c.Stages[0].Name = "disk" }, ErrInvalidValue},
		{"name producer", func(c *Config) { c.Consumers[0].Name = ProducerName }, ErrInvalidValue},
		{"negative cost", func(c *Config) { c.Stages[0].CostPerByte = -1 }, ErrInvalidValue},
		{"no consumer", func(c *Config) { c.Consumers = nil }, ErrInvalidValue},
		{"jitter > 1", func(c *Config) { c.Consumers[0].Jitter = 1.5 }, ErrInvalidValue},
		{"stall longer than period", func(c *Config) { c.Consumers[0].Stalls = Stalls{Every: time.Second, For: time.Second} }, ErrInvalidValue},
		{"stall without period", func(c *Config) { c.Consumers[0].Stalls = Stalls{For: time.Second} }, ErrInvalidValue},
		{"unknown strategy", func(c *Config) { c.Strategy = "yolo" }, ErrInvalidValue},
		{"ignore without guard", func(c *Config) { c.Strategy = StrategyIgnore }, ErrNoGuard},
		{"ignore with guard", func(c *Config) { c.Strategy, c.MemoryGuard = StrategyIgnore, 1<<20 }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.change(&c)
			err := c.Validate()
			if tt.want == nil && err != nil {
				t.Fatalf("Validate() = %v; want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Validate() = %v; want %v", err, tt.want)
			}
		})
	}
}

// TestHighWaterMarkMessage: a too-large highWaterMark is shown as a size
// (2GiB), as the user wrote it, not as raw bytes; in object mode as a count.
func TestHighWaterMarkMessage(t *testing.T) {
	c := validConfig()
	h := 2 << 30
	c.HighWaterMark = &h
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "2GiB is not in [0, 1GiB]") {
		t.Fatalf("Validate = %v, want 2GiB is not in [0, 1GiB]", err)
	}
	c.Producer.ObjectMode = true
	err = c.Validate()
	if err == nil || !strings.Contains(err.Error(), "2147483648 objects is not in [0, 1073741824]") {
		t.Fatalf("object mode: Validate = %v, want a count of objects", err)
	}
}
