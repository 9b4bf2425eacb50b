package nodedefaults

import (
	"context"
	"os/exec"
	"testing"

	"github.com/bpbench/bpbench/internal/engine/node"
)

func TestCompareNode20And22(t *testing.T) {
	t.Parallel()
	n20 := Defaults{Node: "v20.11.0", Readable: 16384, Writable: 16384, ObjectReadable: 16, ObjectWritable: 16,
		EncodingReadable: 16384, SetEncodingReadable: 16384, FSReadStream: 65536, SocketReadable: 16384, SocketWritable: 16384}
	n22 := Defaults{Node: "v22.1.0", Readable: 65536, Writable: 65536, ObjectReadable: 16, ObjectWritable: 16,
		EncodingReadable: 65536, SetEncodingReadable: 65536, FSReadStream: 65536, SocketReadable: 65536, SocketWritable: 65536}
	tests := []struct {
		d          Defaults
		stream     string
		claimTrue  bool
		hasClaim   bool
		simAgrees  bool
		wantSimVal int
	}{
		{n20, "Readable", false, true, true, 16384},
		{n22, "Readable", true, true, true, 65536},
		{n20, "Readable, encoding option", true, true, true, 16384},
		{n22, "Readable, setEncoding()", false, true, true, 65536},
		{n20, "Writable", true, true, true, 16384},
		{n22, "Writable", false, true, true, 65536},
		{n22, "Readable, objectMode", false, true, true, 16},
		{n20, "fs.createReadStream", false, false, true, 65536},
		{n22, "net.Socket readable", false, false, true, -1},
	}
	for _, tt := range tests {
		var row *Row
		for _, r := range Compare(tt.d) {
			if r.Stream == tt.stream {
				row = &r
			}
		}
		if row == nil {
			t.Fatalf("Compare(%s) has no row %q", tt.d.Node, tt.stream)
		}
		if got := row.Claim >= 0; got != tt.hasClaim {
			t.Errorf("%s %s: has claim = %v; want %v", tt.d.Node, tt.stream, got, tt.hasClaim)
		}
		if tt.hasClaim && row.ClaimTrue() != tt.claimTrue {
			t.Errorf("%s %s: ClaimTrue() = %v; want %v", tt.d.Node, tt.stream, row.ClaimTrue(), tt.claimTrue)
		}
		if row.Sim != tt.wantSimVal || row.SimOK() != tt.simAgrees {
			t.Errorf("%s %s: Sim, SimOK = %d, %v; want %d, %v", tt.d.Node, tt.stream, row.Sim, row.SimOK(), tt.wantSimVal, tt.simAgrees)
		}
	}
	// A sim profile that disagrees shows.
	bad := n22
	bad.Writable = 16384
	for _, r := range Compare(bad) {
		if r.Stream == "Writable" && r.SimOK() {
			t.Errorf("Writable 16384 on Node 22: SimOK() = true; want false")
		}
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{"v18.0.0": "node20", "v20.1.0": "node20", "v21.9.0": "node20", "v22.0.0": "node22", "v24.1.0": "node22", "v26.0.0": "node22"} {
		if got := Profile(v).Name; got != want {
			t.Errorf("Profile(%q) = %s; want %s", v, got, want)
		}
	}
}

// Read on the node on PATH agrees with the sim profile for its version.
func TestReadAgreesWithSimProfile(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH: install Node 20, 22 and 24 with `make nodes`")
	}
	d, err := Read(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Compare(d) {
		if !r.SimOK() {
			t.Errorf("Node %s %s: node %d, sim %d", d.Node, r.Stream, r.Node, r.Sim)
		}
	}
}

func TestReadBadPath(t *testing.T) {
	t.Parallel()
	if _, err := Read(context.Background(), "/nonexistent/node"); err == nil {
		t.Error("Read(/nonexistent/node) = nil error")
	}
}

// Every installed runtime (Node 20, 22, 24 from `make nodes`; Bun and
// Deno from `make runtimes`) reports defaults its sim profile agrees with
// (the bun and deno profiles were written from these measurements), and
// names itself with its exact version.
func TestReadEveryRuntimeAgreesWithItsProfile(t *testing.T) {
	t.Parallel()
	for _, rt := range append(append([]string(nil), node.Versions...), node.Runtimes...) {
		b, err := node.Find(rt)
		if err != nil {
			target := "make nodes"
			if rt == node.Bun || rt == node.Deno {
				target = "make runtimes"
			}
			t.Logf("skipping %s: install it with `%s` (%v)", rt, target, err)
			continue
		}
		d, err := Read(context.Background(), b.Path)
		if err != nil {
			t.Errorf("%s: %v", rt, err)
			continue
		}
		if d.Runtime != b.Name() {
			t.Errorf("%s: runtime %q; want %q", rt, d.Runtime, b.Name())
		}
		if want := map[string]string{node.Bun: "bun", node.Deno: "deno"}[rt]; want != "" && ProfileOf(d).Name != want {
			t.Errorf("%s: ProfileOf = %s; want %s", rt, ProfileOf(d).Name, want)
		}
		for _, r := range Compare(d) {
			if !r.SimOK() {
				t.Errorf("%s %s: runtime %d, sim profile %s %d", d.Runtime, r.Stream, r.Node, ProfileOf(d).Name, r.Sim)
			}
		}
	}
}

func TestProfileOfRuntime(t *testing.T) {
	t.Parallel()
	for rt, want := range map[string]string{"bun 1.4.5": "bun", "deno 2.9.6": "deno", "node v20.1.0": "node20", "": "node22"} {
		if got := ProfileOf(Defaults{Node: map[bool]string{true: "v20.1.0", false: "v26.3.0"}[rt == "node v20.1.0"], Runtime: rt}).Name; got != want {
			t.Errorf("ProfileOf(%q) = %s; want %s", rt, got, want)
		}
	}
}
