package study

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/bpbench/bpbench/internal/analysis"
	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/summary"
	"github.com/bpbench/bpbench/internal/units"
)

// Title is the study page's title.
const Title = "The default-buffer study: 16KiB against 64KiB"

// runtimeName names a runtime for people: "Node 22", "Bun", "Deno".
func runtimeName(rt string) string {
	switch {
	case rt == "":
		return "the runtime"
	case rt == "bun":
		return "Bun"
	case rt == "deno":
		return "Deno"
	}
	if _, err := strconv.Atoi(rt); err == nil {
		return "Node " + rt
	}
	return rt
}

func pipelinesName(n int) string {
	if n == 1 {
		return "1 pipeline"
	}
	return strconv.Itoa(n) + " pipelines"
}

// pairName names a pair: "Node 22, 100 pipelines, chunk=5B".
func pairName(p *Pair) string {
	s := runtimeName(p.Runtime) + ", " + pipelinesName(p.Pipelines)
	if p.Label != "" {
		s += ", " + p.Label
	}
	return s
}

// plotFile is the path, relative to the study folder, of a scenario's plot.
func plotFile(scenario, which, ext string) string {
	return path.Join("plots", scenario+"-"+which+"."+ext)
}

// analysed is a run with its pairs.
type analysed struct {
	run   *Run
	pairs []Pair
}

// blocks builds the page.
func (s *Study) blocks() []block {
	var runs []analysed
	var all []Pair
	for i, ps := range s.Pairs() {
		runs = append(runs, analysed{&s.Runs[i], ps})
		all = append(all, ps...)
	}
	var out []block
	intro := []inline{txt(fmt.Sprintf("Measured %s on %s (%d cores), on the node engine's wall clock: every scenario below at highWaterMark 16KiB and 64KiB, on %s, at 1 and 100 pipelines at once in one process. Each point was repeated until its throughput's coefficient of variation was under 5%% (at least 3 repeats, at most the scenario's repeat). A verdict comes from Welch's t-test over the repeats, corrected for the study's many comparisons: 64KiB wins or loses when the 95%% confidence interval of the throughput difference excludes 0, its p-value stays at or under %s once adjusted by Benjamini–Hochberg over every cell's p-value (the q-value beside each p below; this keeps the expected share of chance findings among the wins and losses under %s, where testing each cell alone at 5%% would call about 1 cell in 20 by chance), and neither side's repeats vary by more than %s; otherwise the data does not support a conclusion. Regenerate with ",
		s.Machine.Started.Format("2006-01-02"), orUnknown(s.Machine.CPU), s.Machine.Cores, s.runtimeList(), units.Sig(FDR), pct(FDR), pct(MaxCV))), code("make study"), txt(".")}
	out = append(out, p(intro...))
	if s.Quick {
		out = append(out, p(txt("This is a quick study (make study-quick): one repeat per point, short cells and few points. It proves the pipeline works; its figures are not findings, and with one repeat no verdict is possible.")))
	}
	out = append(out, s.summary(runs, all)...)
	out = append(out, s.runtimes()...)
	for _, a := range runs {
		out = append(out, scenarioBlocks(a)...)
	}
	out = append(out, s.limits()...)
	out = append(out, s.machine()...)
	if len(s.Warnings) > 0 {
		out = append(out, h(2, "warnings", "Warnings"))
		items := make([][]inline, len(s.Warnings))
		for i, w := range s.Warnings {
			items[i] = []inline{txt(w)}
		}
		out = append(out, block{kind: list, items: items})
	}
	return out
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown CPU"
	}
	return s
}

// runtimeList lists the runtimes measured with their versions.
func (s *Study) runtimeList() string {
	var names []string
	for _, r := range s.Runtimes {
		if r.Missing == "" {
			names = append(names, r.Version)
		}
	}
	if len(names) == 0 {
		return "no runtime"
	}
	return strings.Join(names, ", ")
}

func (s *Study) summary(runs []analysed, all []Pair) []block {
	out := []block{h(2, "summary", "Summary")}
	t := Count(all)
	out = append(out, p(txt(fmt.Sprintf("Of %d cells (a scenario × runtime × pipelines, 16KiB beside 64KiB), 64KiB wins in %d, loses in %d, and the data does not support a conclusion in %d.", len(all), t.Wins, t.Loses, t.Inconclusive))))
	if alone, tests := significantAlone(all); tests > 0 {
		out = append(out, p(txt(fmt.Sprintf("Each cell tested alone at p < %s, %d of the %d cells with a p-value would be called a win or a loss, where chance alone would call about %s; after the Benjamini–Hochberg correction over all %d, %d %s.", units.Sig(Alpha), alone, tests, units.Sig(Alpha*float64(tests)), tests, t.Wins+t.Loses, plural(t.Wins+t.Loses, "remains", "remain")))))
	}
	for _, v := range []Verdict{Wins, Loses} {
		var items [][]inline
		for i := range all {
			pr := &all[i]
			if pr.Verdict != v {
				continue
			}
			items = append(items, []inline{link(pr.Scenario, "#"+pr.Scenario), txt(", " + pairName(pr) + ": " + throughputPhrase(pr) + " ("), link("plot", plotFile(pr.Scenario, "throughput", "png")), txt("; cells "), code(pr.SmallPoint.Cell), txt(", "), code(pr.LargePoint.Cell), txt(")")})
		}
		word := "wins"
		if v == Loses {
			word = "loses"
		}
		if len(items) == 0 {
			out = append(out, p(txt("64KiB "+word+" nowhere.")))
			continue
		}
		out = append(out, p(txt("Where 64KiB "+word+":")), block{kind: list, items: items})
	}
	// Memory, at many pipelines: what a server pays per stream.
	many := Many(all)
	var mem []string
	for _, m := range memoryMetrics {
		if d, n := MedianMemory(many, m); n > 0 {
			mem = append(mem, fmt.Sprintf("%s %s per stream (%s per 1000 streams; median of %d cells)", m, signedBytes(d), signedBytes(PerThousand(d)), n))
		}
	}
	if len(mem) > 0 {
		out = append(out, p(txt(fmt.Sprintf("What 64KiB costs in memory at %d pipelines, against 16KiB: %s. Each scenario's table gives every cell's figures.", ManyPipelines, strings.Join(mem, "; ")))))
		if d, sig, of := MemoryCost(many, metrics.RSSPerPipeline); of > 0 {
			out = append(out, p(txt(fmt.Sprintf("The extra RSS is significant (95%% CI above 0) in %d of those %d cells, a median of %s per stream there (%s per 1000 streams).", sig, of, units.Bytes(d), units.Bytes(PerThousand(d))))))
		}
	} else {
		out = append(out, p(txt(fmt.Sprintf("No cell at %d pipelines measured memory per pipeline: the study says nothing of what 64KiB costs a server.", ManyPipelines))))
	}
	// What to set and where, per scenario.
	out = append(out, h(3, "what-to-set", "What to set, and where"))
	rows := [][][]inline{}
	for _, a := range runs {
		t := Count(a.pairs)
		rows = append(rows, [][]inline{
			{link(a.run.Name, "#"+a.run.Name)},
			{txt(fmt.Sprintf("%d / %d / %d", t.Wins, t.Loses, t.Inconclusive))},
			{txt(advise(a.pairs))},
			whereFor(a.run.Parts),
		})
	}
	out = append(out, block{kind: table, header: []string{"scenario", "64KiB wins / loses / no conclusion", "set", "where"}, rows: rows})
	// Calibrated sim.
	var errs []float64
	predicted, points := 0, 0
	for _, pr := range all {
		for _, side := range [][2]any{{pr.SmallPoint, pr.SmallSim}, {pr.LargePoint, pr.LargeSim}} {
			points++
			if e, ok := PredictionError(side[0].(analysis.Point), side[1].(*analysis.Point)); ok {
				predicted++
				errs = append(errs, math.Abs(e))
			}
		}
	}
	if predicted == 0 {
		out = append(out, p(txt(fmt.Sprintf("Calibrated sim's prediction: no prediction for any of the %d points (each scenario says why).", points))))
	} else {
		out = append(out, p(txt(fmt.Sprintf("Calibrated sim's prediction: %d of %d points predicted; the median throughput error is %s, the largest %s (each cell's is in its scenario's table; the others: no prediction).", predicted, points, pct(medianOf(errs)), pct(maxOf(errs))))))
	}
	return out
}

// advise is what a user should set, decided from the verdicts and the
// memory cost: 64KiB where it wins everywhere it decides, 16KiB where it
// loses everywhere, the runtimes named where they differ, and where
// nothing is decided the smaller buffer when it costs less memory.
func advise(pairs []Pair) string {
	t := Count(pairs)
	runtimesOf := func(v Verdict) string {
		seen := map[string]bool{}
		var out []string
		for _, p := range pairs {
			if p.Verdict == v && !seen[p.Runtime] {
				seen[p.Runtime] = true
				out = append(out, runtimeName(p.Runtime))
			}
		}
		return strings.Join(out, ", ")
	}
	switch {
	case len(pairs) == 0:
		return "no data"
	case t.Wins > 0 && t.Loses == 0:
		return fmt.Sprintf("64KiB: it wins in %d of %d cells (%s) and loses in none", t.Wins, len(pairs), runtimesOf(Wins))
	case t.Loses > 0 && t.Wins == 0:
		return fmt.Sprintf("16KiB: 64KiB loses in %d of %d cells (%s) and wins in none", t.Loses, len(pairs), runtimesOf(Loses))
	case t.Wins > 0 && t.Loses > 0:
		return fmt.Sprintf("it depends on the cell: 64KiB wins on %s, loses on %s (see the scenario)", runtimesOf(Wins), runtimesOf(Loses))
	}
	if d, sig, of := MemoryCost(Many(pairs), metrics.RSSPerPipeline); of > 0 && 2*sig > of {
		return fmt.Sprintf("16KiB: no throughput difference shown, and 64KiB costs %s more RSS per 1000 streams (median of the %d of %d cells at %d pipelines where the increase is significant)", units.Bytes(PerThousand(d)), sig, of, ManyPipelines)
	}
	return "either: no throughput difference shown, nor a significant memory cost at 100 pipelines"
}

// throughputPhrase: "+12.3% ± 4.1% throughput (95% CI, Welch; p = 0.003)".
func throughputPhrase(pr *Pair) string {
	c := pr.Throughput
	if base, _ := pr.SmallPoint.Mean(metrics.Throughput); base == 0 {
		// No relative figure against 0: the difference itself.
		return fmt.Sprintf("%s ± %s throughput against 0 at 16KiB (95%% CI, Welch; %s, %s)", value(metrics.Throughput, c.Diff), value(metrics.Throughput, c.Half), pValue(c.P), qPhrase(pr))
	}
	if !c.OK {
		return signedPct(c.Rel) + " throughput (no interval: " + pr.Why + ")"
	}
	return fmt.Sprintf("%s ± %s throughput (95%% CI, Welch; %s, %s)", signedPct(c.Rel), pct(c.RelHalf), pValue(c.P), qPhrase(pr))
}

// qPhrase: "q = 0.31 over 85 cells", or "not corrected" before Correct.
func qPhrase(pr *Pair) string {
	if pr.Tests == 0 {
		return "not corrected for other cells"
	}
	return fmt.Sprintf("%s over %d cells", qValue(pr.Q), pr.Tests)
}

// significantAlone counts the pairs whose verdict, alone, would be a win
// or a loss (Decide), and the pairs with a p-value.
func significantAlone(pairs []Pair) (alone, tests int) {
	for i := range pairs {
		pr := &pairs[i]
		if !pr.Throughput.OK {
			continue
		}
		tests++
		if v, _ := Decide(pr.SmallPoint.Stats[metrics.Throughput], pr.LargePoint.Stats[metrics.Throughput]); v != Inconclusive {
			alone++
		}
	}
	return alone, tests
}

func scenarioBlocks(a analysed) []block {
	r := a.run
	out := []block{h(2, r.Name, r.Name)}
	desc := ""
	if r.Meta != nil {
		desc = r.Meta.Description
	}
	dir := r.Dir
	if dir == "" {
		dir = r.Name
	}
	out = append(out, p(txt(desc+" Scenario "), code(r.File), txt("; its full report: "), link(dir+"/", dir+"/index.html"), txt(".")))
	out = append(out, p(append([]inline{txt("Where to set it: ")}, whereFor(r.Parts)...)...))
	if r.Error != "" {
		out = append(out, p(txt("The run failed: "+r.Error+". What it measured is below.")))
	}
	if r.NoPrediction != "" {
		out = append(out, p(txt("Calibrated sim: no prediction ("+r.NoPrediction+").")))
	}
	if len(a.pairs) == 0 {
		return append(out, p(txt("No 16KiB point with a 64KiB twin was measured: no finding.")))
	}
	out = append(out, img(plotFile(r.Name, "throughput", "png"), r.Name+": 64KiB's throughput against 16KiB's, with 95% CIs"))
	var items [][]inline
	for i := range a.pairs {
		items = append(items, finding(&a.pairs[i]))
	}
	out = append(out, h(3, r.Name+"-findings", "Findings"), block{kind: list, items: items})
	out = append(out, img(plotFile(r.Name, "memory", "png"), fmt.Sprintf("%s: RSS per pipeline at 16KiB and 64KiB, at %d pipelines", r.Name, ManyPipelines)))
	rows := [][][]inline{}
	for i := range a.pairs {
		pr := &a.pairs[i]
		row := [][]inline{{txt(pairName(pr))}}
		for _, m := range memoryMetrics {
			row = append(row, memCell(pr, m))
		}
		row = append(row, []inline{txt(predCell(pr))})
		rows = append(rows, row)
	}
	out = append(out, h(3, r.Name+"-memory", "Memory and prediction"), block{kind: table,
		header: []string{"cell", fmt.Sprintf("rss.per.pipeline 16KiB → 64KiB (Δ per 1000 streams at %d pipelines or more; below, Δ itself)", ManyPipelines), "heap.per.pipeline 16KiB → 64KiB", "buffered.peak 16KiB → 64KiB", "calibrated sim's throughput error 16KiB / 64KiB"},
		rows:   rows})
	return out
}

// finding is one pair's sentence.
func finding(pr *Pair) []inline {
	var b strings.Builder
	b.WriteString(pairName(pr) + ": ")
	if pr.Verdict == Inconclusive {
		b.WriteString("the data does not support a conclusion (" + pr.Why + "): ")
	} else {
		b.WriteString(pr.Verdict.String() + ": ")
	}
	a, ok1 := pr.SmallPoint.Mean(metrics.Throughput)
	c, ok2 := pr.LargePoint.Mean(metrics.Throughput)
	if ok1 && ok2 {
		fmt.Fprintf(&b, "throughput %s at 64KiB against %s at 16KiB, %s, over %d and %d repeats", value(metrics.Throughput, c), value(metrics.Throughput, a), throughputPhrase(pr), pr.LargePoint.Repeats, pr.SmallPoint.Repeats)
	} else {
		b.WriteString("no throughput measured")
	}
	if x, ok := pr.SmallPoint.Mean(metrics.LatencyP99); ok {
		if y, ok := pr.LargePoint.Mean(metrics.LatencyP99); ok {
			fmt.Fprintf(&b, "; p99 latency %s → %s", value(metrics.LatencyP99, x), value(metrics.LatencyP99, y))
		}
	}
	// Per-stream and per-1000 figures only where there are many streams
	// (ManyPipelines): below, the figures are one process's or one
	// stream's, and multiplying them by 1000 predicts nothing.
	many := pr.Pipelines >= ManyPipelines
	if d, ok := pr.Memory[metrics.RSSPerPipeline]; ok {
		if many {
			fmt.Fprintf(&b, "; RSS %s per stream (%s per 1000 streams)", signedBytes(d), signedBytes(PerThousand(d)))
		} else {
			fmt.Fprintf(&b, "; RSS %s (%s: the process's growth, not a per-stream cost)", signedBytes(d), pipelinesName(pr.Pipelines))
		}
	}
	if d, ok := pr.Memory[metrics.BufferedPerPipeline]; ok {
		if many {
			fmt.Fprintf(&b, "; buffered.per.pipeline %s per stream (%s per 1000)", signedBytes(d), signedBytes(PerThousand(d)))
		} else {
			fmt.Fprintf(&b, "; buffered.peak %s (%s, not extrapolated to 1000 streams)", signedBytes(d), pipelinesName(pr.Pipelines))
		}
	}
	b.WriteString("; calibrated sim: " + predCell(pr) + ". Cells ")
	return []inline{txt(b.String()), code(pr.SmallPoint.Cell), txt(", "), code(pr.LargePoint.Cell), txt(" ("), link("plot", plotFile(pr.Scenario, "throughput", "png")), txt(").")}
}

func memCell(pr *Pair, m string) []inline {
	xs, ok1 := memStats(&pr.SmallPoint, m)
	ys, ok2 := memStats(&pr.LargePoint, m)
	if !ok1 || !ok2 {
		return []inline{txt("not measured")}
	}
	x, y := xs.Mean, ys.Mean
	if pr.Pipelines < ManyPipelines {
		// One process's figures: the difference itself, never per 1000.
		return []inline{txt(fmt.Sprintf("%s → %s (Δ %s)", units.Bytes(x), units.Bytes(y), signedBytes(y-x)))}
	}
	return []inline{txt(fmt.Sprintf("%s → %s (%s per 1000)", units.Bytes(x), units.Bytes(y), signedBytes(PerThousand(y-x))))}
}

// predCell is calibrated sim's error on both points, or "no prediction".
func predCell(pr *Pair) string {
	one := func(m analysis.Point, s *analysis.Point) string {
		if e, ok := PredictionError(m, s); ok {
			return signedPct(e)
		}
		return "no prediction"
	}
	a, b := one(pr.SmallPoint, pr.SmallSim), one(pr.LargePoint, pr.LargeSim)
	if a == b && a == "no prediction" {
		return a
	}
	return a + " / " + b
}

func (s *Study) runtimes() []block {
	out := []block{h(2, "runtimes", "Runtimes")}
	rows := [][][]inline{}
	for _, r := range s.Runtimes {
		ver, def, cal := r.Version, "", r.Calibration
		if r.Missing != "" {
			ver = "not measured: " + r.Missing
		}
		if d := r.Defaults; d != nil {
			def = fmt.Sprintf("%s bytes (Readable), %s (Writable), %d objects, fs.createReadStream %s, net.Socket %s",
				units.Bytes(float64(d.Readable)), units.Bytes(float64(d.Writable)), d.ObjectReadable, units.Bytes(float64(d.FSReadStream)), units.Bytes(float64(d.SocketWritable)))
		}
		calCell := []inline{txt("none")}
		if cal != "" {
			calCell = []inline{link(cal, cal)}
		} else if r.CalibrationError != "" {
			calCell = []inline{txt("failed: " + r.CalibrationError)}
		}
		rows = append(rows, [][]inline{{txt(runtimeName(r.Name))}, {txt(ver)}, {txt(def)}, calCell})
	}
	out = append(out, p(txt("Each runtime's exact version, its own default highWaterMarks as it reports them ("), code("bpbench defaults"), txt("), and the calibration sim paid its costs from:")),
		block{kind: table, header: []string{"runtime", "exact version", "default highWaterMarks", "calibration"}, rows: rows})
	return out
}

func (s *Study) limits() []block {
	m := s.Machine
	items := [][]inline{
		{txt(fmt.Sprintf("One machine: %s, %d cores, shared (load average %s before, %s after: 1, 5 and 15 minutes). Wall-clock figures move with what else runs; the verdicts weigh the spread of the repeats, not the machine's other users, and a rerun elsewhere may differ.", orUnknown(m.CPU), m.Cores, orDash(m.LoadBefore), orDash(m.LoadAfter)))},
		{txt("Sockets and HTTP run on loopback (127.0.0.1), not a real network: no latency, no bandwidth limit, no packet loss. A real link's round trips change what a bigger buffer buys.")},
		{txt("The file copy writes to the system's temporary folder (file-copy) and to /dev/shm (file-copy-shm, tmpfs: memory, no disk); a real disk's speed and cache depend on the machine.")},
		{txt("What a runtime cannot measure is missing, not zero: Bun emits no GC entries (gc.*), Deno neither, nor a usable event-loop delay (eventloop.*).")},
		{txt("At 100 pipelines throughput, latency and buffered.* are over every pipeline (buffered.peak is the peak of their sum); buffered.per.pipeline is that peak divided by the pipelines, and rss.per.pipeline and heap.per.pipeline the process's growth divided by them. The measured window includes the pipelines filling their buffers, which at 64KiB and small chunks is a good part of it.")},
		{txt(fmt.Sprintf("A verdict needs at least 2 repeats a side, a spread under %s and a q-value at or under %s: on a busy machine many cells say \"no conclusion\", which is what the data supports. The correction covers throughput only: the memory figures' confidence intervals are each cell's alone.", pct(MaxCV), units.Sig(FDR)))},
	}
	return []block{h(2, "limits", "Limits"), block{kind: list, items: items}}
}

func orDash(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func (s *Study) machine() []block {
	m := s.Machine
	fin := "still running"
	if !m.Finished.IsZero() {
		fin = m.Finished.Format("2006-01-02 15:04:05 UTC")
	}
	items := [][]inline{
		{txt("CPU: " + orUnknown(m.CPU) + fmt.Sprintf(", %d cores", m.Cores))},
		{txt("Kernel: " + orDash(m.Kernel) + " (" + m.OS + "/" + m.Arch + "), host " + orDash(m.Host))},
		{txt("Load average before: " + orDash(m.LoadBefore) + "; after: " + orDash(m.LoadAfter))},
		{txt("Started " + m.Started.Format("2006-01-02 15:04:05 UTC") + ", finished " + fin)},
		{txt("bpbench " + s.Bpbench)},
	}
	return []block{h(2, "machine", "Machine"), block{kind: list, items: items}}
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return summary.Of(v).Median
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
