//go:build unix

package results

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestLock: a second Lock of a folder fails at once naming the holder's
// pid, and succeeds once the first is released.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(dir)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("process %d is writing it", os.Getpid())) {
		t.Fatalf("second Lock = %v; want ErrLocked naming pid %d", err, os.Getpid())
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock2, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after unlock = %v", err)
	}
	unlock2()
}
