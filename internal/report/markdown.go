package report

import (
	"strings"
	"text/template"
)

// mdPage lays out index.md, the page in Markdown (for a repository or a
// pull request). Values go through md (inline text) or fence (the
// scenario's source), so that no scenario text can change the layout.
var mdPage = template.Must(template.New(MarkdownName).Funcs(template.FuncMap{
	"md":      mdEscape,
	"fence":   fence,
	"fenceJS": func(s string) string { return strings.Replace(fence(s), "yaml\n", "js\n", 1) },
	"heads":   mdHeads,
}).Parse(`# {{md .Title}}
{{with .Description}}
{{md .}}
{{end}}{{with .Status}}
> **{{md .}}**
{{end}}
## Recommendation
{{if .Recommendations}}
{{range .Recommendations}}- {{md .Text}}.{{with .TradeOff}} {{md .}}{{end}}{{with .Code}}

{{fenceJS .}}{{end}}
{{end}}
_{{md .RecommendNote}}_
{{else}}
No point has results: nothing to recommend.
{{end}}{{with .Verdict}}
**{{.}}**
{{end}}{{if .Figures}}
## Plots
{{range .Figures}}
![{{md .Title}}](plots/{{.Name}}.svg)

**{{md .Title}}.** {{md .Caption}} ([PNG](plots/{{.Name}}.png))
{{end}}{{end}}
## Points
{{if .Rows}}
| {{range .Axes}}{{md .}} | {{end}}runs |{{range .Columns}} {{md .Head}} |{{end}}
|{{heads (len .Axes) (len .Columns)}}
{{range .Rows}}{{$rec := .Recommended}}|{{range $i, $v := .Params}} {{if $rec}}**{{md $v}}**{{else}}{{md $v}}{{end}} |{{end}} {{.Repeats}} |{{range .Values}} {{if $rec}}**{{md .String}}**{{else}}{{md .String}}{{end}} |{{end}}
{{end}}
Mean over the repeats ± half the 95% confidence interval. In bold: the recommended highWaterMark of each group.
{{else}}
No point has results.
{{end}}{{if .ProcessColumns}}
## Process

| {{range .Axes}}{{md .}} | {{end}}{{range .ProcessColumns}}{{md .Head}} | {{end}}
|{{range .Axes}}---|{{end}}{{range .ProcessColumns}}---:|{{end}}
{{range .Rows}}{{if .HasProcess}}|{{range .Params}} {{md .}} |{{end}}{{range .ProcessValues}} {{md .String}} |{{end}}
{{end}}{{end}}
Measured by the wall-clock engines (realtime: the Go process; node: the Node.js process).
{{end}}{{if .Glossary}}
## What these numbers mean
{{range .Glossary}}
- **{{md .Head}}**: {{md .Hint}}{{end}}
{{end}}{{with .Engines}}
## Model against measurement

| point | metric |{{range .Engines}} {{md .}} |{{end}}{{range .Others}} {{md .}} vs sim |{{end}}
|---|---|{{range .Engines}}---:|{{end}}{{range .Others}}---:|{{end}}
{{range .Rows}}| {{md .Point}} | {{md .Metric}}{{if .Far}} ⚠{{end}} |{{range .Values}} {{md .}} |{{end}}{{range .Diffs}} {{md .}} |{{end}}
{{end}}
The same points on each engine, with the same seeds: sim is the model's prediction; node is the measurement (a real Node.js process, on the wall clock unless the run's timing is ideal); realtime is the model on the wall clock. Differences from sim ± half their 95% confidence interval (Welch); ⚠ marks rows more than 5% apart.
{{end}}{{if .Thresholds}}
## Thresholds

| cell |{{range .Thresholds}} {{md .}} |{{end}}
|---|{{range .Thresholds}}---|{{end}}
{{range .Verdicts}}| {{md .Cell}} |{{range .Cells}} {{md .Text}} |{{end}}
{{end}}
Each condition is checked on the mean over a point's repeats.
{{end}}{{if .Failed}}
## Failed cells

| cell#repeat | error |
|---|---|
{{range .Failed}}| {{md .Cell}} | {{md .Error}} |
{{end}}{{end}}{{if .Warnings}}
## Warnings

{{range .Warnings}}- {{md .}}
{{end}}{{end}}
## Environment

| | |
|---|---|
{{range .Env}}| {{md .Key}} | {{md .Value}} |
{{end}}{{if .Shards}}
### Shards

| shard | host | cells | machine | runtime | ran |
|---|---|---|---|---|---|
{{range .Shards}}| {{md .Shard}} | {{md .Host}} | {{md .Cells}} | {{md .Machine}} | {{md .Runtime}} | {{md .When}} |
{{end}}{{end}}{{if .Source}}
## Scenario{{with .File}} ` + "`{{md .}}`" + `{{end}}

{{fence .Source}}
{{end}}
Files: {{range $i, $f := .Files}}{{if $i}} · {{end}}[{{$f}}]({{$f}}){{end}}
`))

// mdEscape makes s inline Markdown text: the characters that start
// emphasis, links, code, HTML or table cells (\\ ` * _ [ ] < | ~) are escaped with a backslash,
// and line breaks become spaces.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fence returns s as a fenced code block whose fence is longer than any run
// of backticks in s.
func fence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return f + "yaml\n" + strings.TrimRight(s, "\n") + "\n" + f
}

// mdHeads is the separator row of the points table: text columns left,
// runs and metrics right-aligned.
func mdHeads(axes, cols int) string {
	return strings.Repeat("---|", axes) + strings.Repeat("---:|", 1+cols)
}
