package scenario

import "github.com/bpbench/bpbench/internal/units"

// The quantities a scenario writes are units' types: one package parses and
// formats them for every layer.
type (
	// Size is a number of bytes (512B, 16KiB, 1.5MiB).
	Size = units.Size
	// Rate is bytes or chunks per second (10MiB/s, 1000/s), zero unlimited.
	Rate = units.Rate
	// Cost is the time a stage spends on one chunk (20us+5ms/MiB).
	Cost = units.Cost
)
