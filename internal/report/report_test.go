package report

import (
	"errors"
	"html"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/report/plots"
	"github.com/bpbench/bpbench/internal/results"
)

// shared is the fixture's report, written once for the tests that only
// read it (drawing the plots is most of a test's time under -race).
var shared struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// writeFixture returns the directory of the fixture's report. Tests must
// not modify it.
func writeFixture(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "report-test-")
		if shared.err == nil {
			meta, recs := fixture()
			shared.err = WriteWith(shared.dir, meta, recs, Options{})
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// recommendations are the fixture's recommendation lines.
func recommendations() []string {
	meta, recs := fixture()
	var out []string
	for _, g := range analysis.Groups(analysis.Points(meta, recs)) {
		out = append(out, analysis.Recommend(g, analysis.Options{}).Text)
	}
	return out
}

func TestWriteFiles(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t)
	for _, name := range []string{CSVName, SummaryName, BenchName, HTMLName, MarkdownName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	figs, _ := filepath.Glob(filepath.Join(dir, PlotsDir, "*.svg"))
	if len(figs) == 0 {
		t.Error("no plots/*.svg")
	}
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	md := read(t, filepath.Join(writeFixture(t), MarkdownName))
	recs := recommendations()
	if len(recs) != 2 || !strings.HasPrefix(recs[0], "chunk=1KiB: highWaterMark 16KiB gives the best throughput (10MiB/s) with p99 latency 10.5ms and a peak of 32KiB buffered — the largest value swept") {
		t.Fatalf("recommendations = %q; the fixture changed?", recs)
	}
	for _, want := range append(recs,
		"## Thresholds",
		"| cell | throughput > 9MiB/s | buffered.peak \\< 64KiB |",
		"| hwm=1KiB/chunk=1KiB | ✗ fail: 8.05MiB/s | ✓ pass: 2KiB |",
		"**2 of 8 threshold checks failed.**",
		"| hwm=16KiB/chunk=4KiB#1 | engine: boom \\<here> |", // failed cell, escaped
		"metrics: a \\<odd> thing (hwm=1KiB/chunk=4KiB#0)",   // warning
		"![Throughput against highWaterMark](plots/throughput-vs-hwm.svg)",
		"| Engine | sim |",
		"| Scenario SHA-256 | 0123abcd |",
		"````yaml\nname: fixture\n# <script>", // a fence longer than the source's ```
		"**16KiB**",                           // the recommended row in bold
	) {
		if !strings.Contains(md, want) {
			t.Errorf("index.md lacks %q", want)
		}
	}
	if !strings.Contains(md, `A \<b>fast\</b> producer`) {
		t.Error("index.md lacks the description with its <b> escaped")
	}
	if t.Failed() {
		t.Log(md)
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t)
	page := read(t, filepath.Join(dir, HTMLName))
	for _, want := range append(recommendations(),
		"A &lt;b&gt;fast&lt;/b&gt; producer &amp; a &#34;slow&#34; consumer",
		"# &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
		"engine: boom &lt;here&gt;",
		"2 of 8 threshold checks failed.",
		`<td class="fail">✗ fail: 8.05MiB/s</td>`,
		`<img src="plots/throughput-vs-hwm.svg"`,
		`<a href="bench.txt">`,
	) {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Self-contained: no script, nothing fetched from elsewhere.
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html has %q", bad)
		}
	}
	// Every image the page shows exists.
	rest := page
	for {
		i := strings.Index(rest, `src="`)
		if i < 0 {
			break
		}
		rest = rest[i+5:]
		src := rest[:strings.IndexByte(rest, '"')]
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(src))); err != nil {
			t.Errorf("image %s: %v", src, err)
		}
	}
}

func TestWriteWithoutMeta(t *testing.T) {
	t.Parallel()
	_, recs := fixture()
	dir := t.TempDir()
	if err := WriteWith(dir, nil, recs, Options{}); err != nil {
		t.Fatal(err)
	}
	md := read(t, filepath.Join(dir, MarkdownName))
	for _, want := range []string{"# fixture", "run.json is missing", recommendations()[0]} {
		if !strings.Contains(md, want) {
			t.Errorf("index.md lacks %q", want)
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	t.Parallel()
	meta, _ := fixture()
	meta.Interrupted = true
	dir := t.TempDir()
	if err := WriteWith(dir, meta, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	md := read(t, filepath.Join(dir, MarkdownName))
	for _, want := range []string{"No results: the run finished no cell.", "nothing to recommend"} {
		if !strings.Contains(md, want) {
			t.Errorf("index.md lacks %q", want)
		}
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	meta, recs := fixture()
	meta.Interrupted = true
	dir := t.TempDir()
	if err := WriteWith(dir, meta, recs[:3], Options{}); err != nil {
		t.Fatal(err)
	}
	if md := read(t, filepath.Join(dir, MarkdownName)); !strings.Contains(md, "Interrupted: 3 of 8 cells finished") {
		t.Errorf("index.md lacks the interruption:\n%s", md)
	}
}

// TestPlotsFail is not parallel: it replaces renderPlots.
func TestPlotsFail(t *testing.T) {
	saved := renderPlots
	t.Cleanup(func() { renderPlots = saved })
	renderPlots = func(string, *results.Meta, []results.Record, *analysis.Analysis) ([]plots.Figure, error) {
		return nil, errors.New("no fonts")
	}
	meta, recs := fixture()
	dir := t.TempDir()
	if err := WriteWith(dir, meta, recs, Options{}); err != nil {
		t.Fatalf("Write = %v; want the page without plots", err)
	}
	if md := read(t, filepath.Join(dir, MarkdownName)); !strings.Contains(md, "plots: no fonts") {
		t.Error("index.md does not say that the plots failed")
	}
}

func TestMarkdownEscape(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"a|b":        `a\|b`,
		"<script>":   `\<script>`,
		"x_y*z`":     "x\\_y\\*z\\`",
		"two\nlines": "two lines",
		"[link](u)":  `\[link\](u)`,
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q; want %q", in, got, want)
		}
	}
	if got := fence("a\n````\n"); !strings.HasPrefix(got, "`````yaml\n") || !strings.HasSuffix(got, "\n`````") {
		t.Errorf("fence = %q; want five backticks around", got)
	}
}

// TestSingleFile: report.html is the page with every plot inlined, so it
// needs nothing beside it; the footer names the command that wrote it.
func TestSingleFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	meta, recs := fixture()
	if err := WriteWith(dir, meta, recs, Options{By: "bpbench run"}); err != nil {
		t.Fatal(err)
	}
	single := html.UnescapeString(read(t, filepath.Join(dir, SingleName)))
	figs, _ := filepath.Glob(filepath.Join(dir, PlotsDir, "*.svg"))
	if n := strings.Count(single, `<img src="data:image/svg+xml;base64,`); n == 0 || n != len(figs) {
		t.Errorf("report.html inlines %d plots; want all %d", n, len(figs))
	}
	if strings.Contains(single, `src="plots/`) || strings.Contains(single, `href="plots/`) {
		t.Error("report.html still points into plots/")
	}
	for _, name := range []string{SingleName, HTMLName} {
		page := read(t, filepath.Join(dir, name))
		if !strings.Contains(page, "written by bpbench run") || strings.Contains(page, "written by bpbench report") {
			t.Errorf("%s: footer does not say bpbench run wrote it", name)
		}
	}
	if !strings.Contains(read(t, filepath.Join(dir, HTMLName)), `<a href="report.html">report.html</a>`) {
		t.Error("index.html does not link report.html")
	}
}

func TestEnvironmentNamesNodeOnce(t *testing.T) {
	t.Parallel()
	for _, m := range []*results.Meta{
		{Engine: "node v20.20.2 (/usr/bin/node), realtime, sim", Node: "v20.20.2 (/usr/bin/node)"},
		{Engine: "node", Node: "v20.20.2 (/usr/bin/node)"},
	} {
		for _, kv := range environment(m) {
			if kv.Key == "Engine" && strings.Count(kv.Value, "/usr/bin/node") != 1 {
				t.Errorf("Engine row %q; want the Node's path once", kv.Value)
			}
		}
	}
}
