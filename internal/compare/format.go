package compare

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bpbench/bpbench/internal/metrics"
)

// WriteText writes r as plain-text tables, one per metric, like benchstat:
//
//	throughput (higher is better)
//	cell                    A                 B                 delta           p
//	hwm=1KiB/chunk=1KiB     10MiB/s ±0%       8MiB/s ±1%        -20.00% worse   p=0.008 n=5
//
// then the cells found on one side only and the warnings, each once.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "A: %s%s\nB: %s%s\n", r.A, sideScenarios(r.ScenariosA), r.B, sideScenarios(r.ScenariosB))
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "\n%s (%s)\n", t.Metric, direction(t.Desc.Better))
		writeAligned(&b, tableCells(r, t))
	}
	for _, s := range footer(r) {
		b.WriteString("\n" + s + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes r as GitHub-flavoured markdown, for CI comments.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "**A:** `%s`%s  \n**B:** `%s`%s\n", r.A, sideScenarios(r.ScenariosA), r.B, sideScenarios(r.ScenariosB))
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "\n#### %s (%s)\n\n", t.Metric, direction(t.Desc.Better))
		rows := tableCells(r, t)
		for i, row := range rows {
			b.WriteString("|")
			for _, c := range row {
				b.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
			}
			b.WriteString("\n")
			if i == 0 {
				b.WriteString("|")
				for j := range row {
					if j < labelCols(r) {
						b.WriteString(" --- |")
					} else {
						b.WriteString(" ---: |")
					}
				}
				b.WriteString("\n")
			}
		}
	}
	for _, s := range footer(r) {
		if strings.HasPrefix(s, "warning: ") {
			s = "- " + strings.ReplaceAll(s, "\n", "\n- ")
		}
		b.WriteString("\n" + strings.ReplaceAll(s, "\n  ", "\n- ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteVerdict writes the outcome of Check: a line saying all gates
// passed, or one line per failure and per undecided gate after their
// headings; as markdown lists with md.
func WriteVerdict(w io.Writer, v Verdict, md bool) error {
	var b strings.Builder
	item := "  "
	if md {
		item = "- "
	}
	head := func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		if md {
			line = "**" + strings.Replace(line, ":", ":**", 1)
		}
		b.WriteString("\n" + line + "\n")
		if md {
			b.WriteString("\n")
		}
	}
	if v.Passed() {
		line := fmt.Sprintf("--fail-on: %s passed", plural(v.Gates, "gate"))
		if md {
			line = "**" + line + ".**"
		}
		b.WriteString("\n" + line + "\n")
	}
	if len(v.Failures) > 0 {
		head("--fail-on FAILED: %s beyond tolerance", plural(len(v.Failures), "significant regression"))
		for _, f := range v.Failures {
			b.WriteString(item + f.String() + "\n")
		}
	}
	if len(v.Undecided) > 0 {
		head("--fail-on UNDECIDED: %s could not have failed", plural(len(v.Undecided), "gate"))
		for _, u := range v.Undecided {
			b.WriteString(item + u.String() + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sideScenarios(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}

func direction(b metrics.Better) string {
	switch b {
	case metrics.Higher:
		return "higher is better"
	case metrics.Lower:
		return "lower is better"
	}
	return "neither better nor worse"
}

// labelCols is the number of left-aligned label columns of r's tables.
func labelCols(r *Report) int {
	if r.MultiScenario() {
		return 2
	}
	return 1
}

// tableCells is t as strings, header first.
func tableCells(r *Report, t Table) [][]string {
	head := []string{"cell", "A", "B", "delta", "p"}
	if r.MultiScenario() {
		head = append([]string{"scenario"}, head...)
	}
	out := [][]string{head}
	for _, row := range t.Rows {
		d := "~"
		if row.Significant {
			d = formatDelta(row.Delta)
			switch {
			case row.Worse(t.Desc.Better):
				d += " worse"
			case row.Better(t.Desc.Better):
				d += " better"
			}
		}
		cells := []string{row.Cell, formatSummary(t.Metric, row.A), formatSummary(t.Metric, row.B), d, formatP(row)}
		if r.MultiScenario() {
			cells = append([]string{row.Scenario}, cells...)
		}
		out = append(out, cells)
	}
	return out
}

// formatSummary is "10MiB/s ±2%", the median and the half-width of its
// interval relative to it (the median alone without enough repeats for an
// interval).
func formatSummary(metric string, s Summary) string {
	v := metrics.Format(metric, s.Center)
	switch {
	case math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0):
		return v // too few repeats for an interval: the footer says so
	case s.Center == 0 && s.Lo == 0 && s.Hi == 0:
		return v + " ±0%"
	case s.Center == 0 || math.Signbit(s.Lo) != math.Signbit(s.Center) || math.Signbit(s.Hi) != math.Signbit(s.Center):
		return v + " ±?"
	}
	pct := 100 * math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
	return fmt.Sprintf("%s ±%.0f%%", v, pct)
}

// formatDelta is a change as a signed percentage: +12.34%, -5.00%, +∞%.
func formatDelta(d float64) string {
	if math.IsInf(d, 0) {
		if d > 0 {
			return "+∞%"
		}
		return "-∞%"
	}
	if a := math.Abs(100 * d); a > 0 && a < 0.005 {
		// Too small for two decimals: show its digits, never "-0.00%".
		sign := ""
		if d > 0 {
			sign = "+"
		}
		return sign + strconv.FormatFloat(100*d, 'g', 2, 64) + "%"
	}
	return fmt.Sprintf("%+.2f%%", 100*d)
}

// formatP is "p=0.008 n=5", or "n=3+5" style for unequal sizes.
func formatP(row Row) string {
	n := fmt.Sprintf("n=%d", row.A.N)
	if row.A.N != row.B.N {
		n = fmt.Sprintf("n=%d+%d", row.A.N, row.B.N)
	}
	return fmt.Sprintf("p=%.3f %s", row.P, n)
}

// footer lists the one-sided cells and the warnings: input warnings first,
// then every distinct row warning once, with how many rows have it.
func footer(r *Report) []string {
	var out []string
	if len(r.OnlyA) > 0 {
		out = append(out, fmt.Sprintf("only in A (%s):\n  %s", plural(len(r.OnlyA), "cell"), strings.Join(r.OnlyA, "\n  ")))
	}
	if len(r.OnlyB) > 0 {
		out = append(out, fmt.Sprintf("only in B (%s):\n  %s", plural(len(r.OnlyB), "cell"), strings.Join(r.OnlyB, "\n  ")))
	}
	var warns []string
	for _, w := range r.Warnings {
		warns = append(warns, "warning: "+w)
	}
	count := map[string]int{}
	var order []string
	total := 0
	for _, t := range r.Tables {
		total += len(t.Rows)
		for _, row := range t.Rows {
			for _, w := range row.Warnings {
				if count[w] == 0 {
					order = append(order, w)
				}
				count[w]++
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	for _, w := range order {
		warns = append(warns, fmt.Sprintf("warning: %s (%d of %d rows)", w, count[w], total))
	}
	if len(warns) > 0 {
		out = append(out, strings.Join(warns, "\n"))
	}
	return out
}

// writeAligned writes rows as columns two spaces apart: label columns
// left-aligned, the rest right-aligned, with no trailing spaces.
func writeAligned(b *strings.Builder, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	labels := len(rows[0]) - 4
	for _, row := range rows {
		var line strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < labels {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// plural is "1 cell", "2 cells".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
