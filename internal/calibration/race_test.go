//go:build race

package calibration

// raceScale shrinks the tests' calibrations under the race detector, which
// makes the sim runs that fit the residuals about ten times slower: the
// package took 16 minutes under -race at full size.
const raceScale = 0.4
