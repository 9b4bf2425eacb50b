package conform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bpbench/bpbench/internal/stream"
)

// FuzzReplay feeds arbitrary case files to the parser and replayer: either
// the parser refuses a case, or the replay finishes without panicking.
func FuzzReplay(f *testing.F) {
	paths, _ := filepath.Glob("testdata/cases/h*.json")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format":"bpbench-oracle/1","streams":{"w":{"type":"writable"}},"ops":[{"op":"push","s":"w","size":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCase(data)
		if err != nil {
			return
		}
		if len(c.Ops) > 200 {
			return
		}
		for _, op := range c.Ops {
			if (op.Size != nil && (*op.Size < 0 || *op.Size > 1<<20)) || (op.N != nil && *op.N > 1<<20) {
				return
			}
		}
		Replay(c, stream.Node22).Marshal()
	})
}
