package report

import (
	"context"
	"encoding/json"
	"html"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// browsers are the headless browsers TestPageInBrowser tries, in order.
// Debian's package is chromium (apt-get install chromium).
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// probe runs in a copy of index.html once the page has loaded, and writes
// what it found into the DOM for --dump-dom to print: every image with
// whether it loaded, every resource the page fetched, and the page's text.
const probe = `<script>
window.addEventListener("load", function () {
  var out = {
    href: location.href,
    title: document.title,
    images: Array.prototype.map.call(document.images, function (i) {
      return {src: i.getAttribute("src"), complete: i.complete, width: i.naturalWidth,
        shown: i.getBoundingClientRect().width};
    }),
    viewport: window.innerWidth,
    scrollWidth: document.scrollingElement.scrollWidth,
    overflow: Array.prototype.map.call(document.querySelectorAll(".scroll, table, pre, figure"), function (e) {
      return e.scrollWidth > e.clientWidth + 1 ? (e.closest("section") ? e.closest("section").id + " " : "") + (e.className || e.tagName) + " " + e.scrollWidth + ">" + e.clientWidth : "";
    }).filter(function (x) { return x; }),
    resources: performance.getEntriesByType("resource").map(function (e) { return e.name; }),
    text: document.body.innerText
  };
  var pre = document.createElement("pre");
  pre.id = "bpbench-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>`

// TestPageInBrowser loads the report from file:// in a real headless
// browser and checks that the page loads, that every image loads
// (naturalWidth > 0), that nothing is fetched from outside the report's
// folder, and that the recommendation is on the page. It is skipped when no
// Chromium is installed (apt-get install chromium) and with -short.
func TestPageInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	var browser string
	for _, b := range browsers {
		if p, err := exec.LookPath(b); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skipf("no headless browser (%s) on PATH: install one (apt-get install chromium) to check index.html in a browser", strings.Join(browsers, ", "))
	}
	dir := t.TempDir()
	meta, recs := fixture()
	if err := WriteWith(dir, meta, recs, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, HTMLName))
	if err != nil {
		t.Fatal(err)
	}
	// The probe goes into a copy beside index.html, so that relative
	// addresses resolve as they do for the page itself.
	probed := strings.Replace(string(page), "</body>", probe+"\n</body>", 1)
	check := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(check, []byte(probed), 0o644); err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(check)}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=10000", // run the load handlers before dumping
		"--window-size=1280,2000",     // a laptop's width: nothing may overflow it
		"--dump-dom", u.String())
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
	}
	m := regexp.MustCompile(`(?s)<pre id="bpbench-probe">(.*?)</pre>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the probe did not run: no #bpbench-probe in the DOM\n%.2000s\n%s", out, stderr.String())
	}
	var got struct {
		Href, Title string
		Images      []struct {
			Src      string
			Complete bool
			Width    int
			Shown    float64
		}
		Viewport, ScrollWidth int
		Overflow              []string
		Resources             []string
		Text                  string
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &got); err != nil {
		t.Fatalf("probe output: %v\n%s", err, m[1])
	}
	if got.Href != u.String() || !strings.HasPrefix(got.Title, "fixture") {
		t.Errorf("loaded %q titled %q; want %s titled fixture...", got.Href, got.Title, u.String())
	}
	if len(got.Images) == 0 {
		t.Error("the page shows no image")
	}
	for _, img := range got.Images {
		if !img.Complete || img.Width <= 0 {
			t.Errorf("image %s did not load (complete %v, naturalWidth %d)", img.Src, img.Complete, img.Width)
		}
	}
	// Nothing scrolls sideways at 1280 px: not the page, not a table.
	if got.Viewport != 1280 || got.ScrollWidth > got.Viewport {
		t.Errorf("at a %d px window the page is %d px wide; want 1280 and no wider", got.Viewport, got.ScrollWidth)
	}
	if len(got.Overflow) > 0 {
		t.Errorf("elements wider than their box at 1280 px: %q", got.Overflow)
	}
	// Plot text as shown: the smallest font of each SVG, in its user
	// units, scaled by the width shown over the viewBox's width.
	for _, img := range got.Images {
		if !strings.HasSuffix(img.Src, ".svg") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(img.Src)))
		if err != nil {
			t.Error(err)
			continue
		}
		vb := regexp.MustCompile(`viewBox="0 0 ([0-9.]+) [0-9.]+"`).FindSubmatch(b)
		if vb == nil {
			t.Errorf("%s: no viewBox", img.Src)
			continue
		}
		vw, _ := strconv.ParseFloat(string(vb[1]), 64)
		smallest := math.Inf(1)
		for _, m := range regexp.MustCompile(`font-size:([0-9.]+)px`).FindAllSubmatch(b, -1) {
			f, _ := strconv.ParseFloat(string(m[1]), 64)
			smallest = math.Min(smallest, f)
		}
		if px := smallest * img.Shown / vw; !(px >= 10) {
			t.Errorf("%s: smallest text shown at %.1f px (font %.0f of a %.0f wide drawing shown %.0f px wide); want >= 10 px", img.Src, px, smallest, vw, img.Shown)
		}
	}
	base := "file://" + filepath.ToSlash(dir) + "/"
	for _, r := range got.Resources {
		if !strings.HasPrefix(r, base) {
			t.Errorf("the page fetched %s, outside its folder", r)
		}
	}
	for _, want := range append(recommendations(), "2 of 8 threshold checks failed.") {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("page text:\n%s", got.Text)
	}
}
