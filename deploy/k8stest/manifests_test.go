package k8stest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// root is the repository, manifests the Kubernetes folder.
const (
	root      = "../.."
	manifests = "../kubernetes"
)

// objects are the decoded manifests.
type objects struct {
	jobs       []*batchv1.Job
	claims     map[string]*corev1.PersistentVolumeClaim
	configMaps map[string]*corev1.ConfigMap
}

// docs splits a YAML file into its documents.
func docs(data []byte) [][]byte {
	var out [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		if strings.TrimSpace(stripComments(d)) != "" {
			out = append(out, []byte(d))
		}
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// decode reads every manifest strictly into its API type.
func decode(t *testing.T) *objects {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(manifests, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s (%v)", manifests, err)
	}
	o := &objects{claims: map[string]*corev1.PersistentVolumeClaim{}, configMaps: map[string]*corev1.ConfigMap{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range docs(data) {
			if err := o.add(d); err != nil {
				t.Fatalf("%s: document %d: %v", f, i+1, err)
			}
		}
	}
	return o
}

// add decodes one document strictly: unknown and duplicate fields are
// errors, as kubectl apply --validate=strict makes them.
func (o *objects) add(doc []byte) error {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return err
	}
	var obj any
	switch tm.APIVersion + " " + tm.Kind {
	case "batch/v1 Job":
		j := &batchv1.Job{}
		o.jobs, obj = append(o.jobs, j), j
	case "v1 PersistentVolumeClaim":
		c := &corev1.PersistentVolumeClaim{}
		obj = c
		defer func() { o.claims[c.Name] = c }()
	case "v1 ConfigMap":
		c := &corev1.ConfigMap{}
		obj = c
		defer func() { o.configMaps[c.Name] = c }()
	default:
		return fmt.Errorf("apiVersion %q kind %q: not a kind this test knows", tm.APIVersion, tm.Kind)
	}
	return yaml.UnmarshalStrict(doc, obj)
}

// job returns the Job named name.
func (o *objects) job(t *testing.T, name string) *batchv1.Job {
	t.Helper()
	for _, j := range o.jobs {
		if j.Name == name {
			return j
		}
	}
	t.Fatalf("no Job %q in the manifests", name)
	return nil
}

// TestStrictDecodeCatchesTypos: the decoding is strict enough to find a
// misspelt field, which a lenient one would drop without a word.
func TestStrictDecodeCatchesTypos(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(manifests, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(data, []byte("completionMode: Indexed"), []byte("completionsMode: Indexed"), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("job.yaml has no completionMode: Indexed")
	}
	o := &objects{}
	if err := o.add(bad); err == nil || !strings.Contains(err.Error(), "completionsMode") {
		t.Fatalf("decoding a misspelt field = %v; want an error naming it", err)
	}
}

// TestManifestsAgree: the shard Job is Indexed, its shard count is its
// completions, and every volume names an object of the manifests.
func TestManifestsAgree(t *testing.T) {
	o := decode(t)
	shards := o.job(t, "bpbench-shards")
	spec := shards.Spec
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("bpbench-shards: completionMode %v; want Indexed (pods get JOB_COMPLETION_INDEX)", spec.CompletionMode)
	}
	if spec.Completions == nil || *spec.Completions < 1 {
		t.Fatalf("bpbench-shards: no completions")
	}
	c := spec.Template.Spec.Containers[0]
	if got := envOf(c)["BPBENCH_SHARD_COUNT"]; got != strconv.Itoa(int(*spec.Completions)) {
		t.Errorf("bpbench-shards: BPBENCH_SHARD_COUNT=%q; want completions, %d", got, *spec.Completions)
	}
	if !strings.Contains(strings.Join(append(c.Command, c.Args...), " "), "--shard auto") {
		t.Errorf("bpbench-shards: the command does not run --shard auto")
	}
	for _, j := range o.jobs {
		ps := j.Spec.Template.Spec
		if ps.RestartPolicy != corev1.RestartPolicyNever && ps.RestartPolicy != corev1.RestartPolicyOnFailure {
			t.Errorf("%s: restartPolicy %q; a Job's pods need Never or OnFailure", j.Name, ps.RestartPolicy)
		}
		vols := map[string]corev1.Volume{}
		for _, v := range ps.Volumes {
			vols[v.Name] = v
			switch {
			case v.PersistentVolumeClaim != nil:
				claim, ok := o.claims[v.PersistentVolumeClaim.ClaimName]
				if !ok {
					t.Errorf("%s: volume %s: no PersistentVolumeClaim %q in the manifests", j.Name, v.Name, v.PersistentVolumeClaim.ClaimName)
				} else if !slices.Contains(claim.Spec.AccessModes, corev1.ReadWriteMany) {
					t.Errorf("claim %s: access modes %v; shards on several nodes need ReadWriteMany", claim.Name, claim.Spec.AccessModes)
				}
			case v.ConfigMap != nil:
				if _, ok := o.configMaps[v.ConfigMap.Name]; !ok {
					t.Errorf("%s: volume %s: no ConfigMap %q in the manifests", j.Name, v.Name, v.ConfigMap.Name)
				}
			}
		}
		for _, c := range ps.Containers {
			for _, m := range c.VolumeMounts {
				if _, ok := vols[m.Name]; !ok {
					t.Errorf("%s/%s: mounts volume %q, which the pod does not have", j.Name, c.Name, m.Name)
				}
			}
		}
	}
	merge := o.job(t, "bpbench-merge")
	if a, b := mountOf(t, shards, "results"), mountOf(t, merge, "results"); a != b {
		t.Errorf("the shards write to %s but the merge reads %s", a, b)
	}
}

// TestManifestsRun runs each container's command here, as the cluster
// would: the shard Job's once per index with JOB_COMPLETION_INDEX set,
// then the merge Job's, with the volumes as local folders; the merged
// results must be byte for byte those of one run of the scenario.
func TestManifestsRun(t *testing.T) {
	o := decode(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "bpbench"), "./cmd/bpbench")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Each volume becomes a folder; a ConfigMap's keys become its files.
	local := map[string]string{} // volume name → folder
	var scenarioFile string
	shards := o.job(t, "bpbench-shards")
	for _, v := range shards.Spec.Template.Spec.Volumes {
		dir := filepath.Join(tmp, "volumes", v.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		local[v.Name] = dir
		if v.ConfigMap != nil {
			for k, text := range o.configMaps[v.ConfigMap.Name].Data {
				scenarioFile = filepath.Join(dir, k)
				if err := os.WriteFile(scenarioFile, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	n := int(*shards.Spec.Completions)
	for i := range n {
		runContainer(t, shards, local, bin, "JOB_COMPLETION_INDEX="+strconv.Itoa(i))
	}
	runContainer(t, o.job(t, "bpbench-merge"), local, bin)

	single := filepath.Join(tmp, "single")
	one := exec.Command(filepath.Join(bin, "bpbench"), "run", "--quiet", "--no-report", "-o", single, scenarioFile)
	if out, err := one.CombinedOutput(); err != nil {
		t.Fatalf("the single run: %v\n%s", err, out)
	}
	want, _ := filepath.Glob(filepath.Join(single, "*", "results.jsonl"))
	if len(want) != 1 {
		t.Fatalf("the single run wrote %v", want)
	}
	name := filepath.Base(filepath.Dir(want[0]))
	merged := filepath.Join(local["results"], "merged", name)
	a, err1 := os.ReadFile(want[0])
	b, err2 := os.ReadFile(filepath.Join(merged, "results.jsonl"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Fatalf("merged results (%d bytes) differ from one run's (%d bytes)", len(b), len(a))
	}
	meta, err := os.ReadFile(filepath.Join(merged, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		from := fmt.Sprintf(`"from": "JOB_COMPLETION_INDEX=%d, BPBENCH_SHARD_COUNT=%d"`, i, n)
		if !bytes.Contains(meta, []byte(from)) {
			t.Errorf("merged run.json does not list shard %d as found from the Job's index (%s)", i, from)
		}
	}
}

// runContainer runs the first container of j's pod here: its command and
// args with each mount path replaced by the volume's local folder, its
// env, the extra variables, and bin first on PATH; nothing else of this
// process's environment (a CI's own shard variables must not leak in).
func runContainer(t *testing.T, j *batchv1.Job, local map[string]string, bin string, extra ...string) {
	t.Helper()
	c := j.Spec.Template.Spec.Containers[0]
	localize := func(s string) string {
		for _, m := range c.VolumeMounts {
			s = strings.ReplaceAll(s, m.MountPath+"/", local[m.Name]+"/")
			if s == m.MountPath {
				s = local[m.Name]
			}
		}
		return s
	}
	var argv []string
	for _, a := range append(slices.Clone(c.Command), c.Args...) {
		argv = append(argv, localize(a))
	}
	if len(argv) == 0 {
		t.Fatalf("%s: the container has no command (the image's entrypoint is bpbench; give one)", j.Name)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "HOME=" + t.TempDir()}
	for k, v := range envOf(c) {
		cmd.Env = append(cmd.Env, k+"="+localize(v))
	}
	cmd.Env = append(cmd.Env, extra...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", j.Name, extra, err, out)
	}
}

func envOf(c corev1.Container) map[string]string {
	m := map[string]string{}
	for _, e := range c.Env {
		m[e.Name] = e.Value
	}
	return m
}

// mountOf returns where j's container mounts the volume named name.
func mountOf(t *testing.T, j *batchv1.Job, name string) string {
	t.Helper()
	for _, m := range j.Spec.Template.Spec.Containers[0].VolumeMounts {
		if m.Name == name {
			return m.MountPath
		}
	}
	t.Fatalf("%s mounts no volume %q", j.Name, name)
	return ""
}
