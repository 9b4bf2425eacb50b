//go:build !race

package calibration

// raceScale is 1 without the race detector (race_test.go).
const raceScale = 1
