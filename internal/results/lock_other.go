//go:build !unix

package results

import "errors"

// LockName is the lock file of a run folder.
const LockName = ".bpbench.lock"

// ErrLocked is wrapped by Lock's error when another process holds the
// folder.
var ErrLocked = errors.New("locked by another bpbench")

// Lock does nothing where flock is missing: two runs into one folder are
// then not detected when they start (reading the results still finds
// their duplicate cells).
func Lock(dir string) (unlock func() error, err error) { return func() error { return nil }, nil }

// Held reports false: without flock a running run cannot be told from a
// killed one.
func Held(dir string) bool { return false }
