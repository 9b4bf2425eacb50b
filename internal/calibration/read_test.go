package calibration

import (
	"fmt"
	"os"
)

// Read reads and checks the calibration file at path (the tests' helper;
// bpbench reads the bytes itself, to hash them, and calls Parse).
func Read(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	return f, nil
}
