package report

import (
	"html/template"
	"strings"
)

// htmlPage lays out index.html. html/template escapes every value by
// context; the page has no script and loads nothing but its own plots.
var htmlPage = template.Must(template.New(HTMLName).Funcs(template.FuncMap{
	"dotted": func(s string) []string { return strings.SplitAfter(s, ".") },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · bpbench report</title>
<style>
:root { --fg: #1d2330; --muted: #5b6577; --line: #dde2ea; --bg-alt: #f6f8fb; --accent: #2458c6; --ok: #17803d; --ok-bg: #e9f7ee; --bad: #b42318; --bad-bg: #fdecea; --warn-bg: #fff8e6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.lead { color: var(--muted); font-size: 16px; margin: 0 0 8px; }
.status { background: var(--warn-bg); border: 1px solid #f0d48a; padding: 10px 14px; border-radius: 6px; }
.callout { background: #eef3fd; border: 1px solid #c9d8f5; border-left: 5px solid var(--accent); border-radius: 6px; padding: 14px 18px; margin: 20px 0; }
.callout h2 { margin: 0 0 8px; border: 0; padding: 0; }
.callout ul { margin: 0; padding-left: 20px; }
.callout li { font-size: 16px; margin: 3px 0 10px; }
td .ci { display: block; color: var(--muted); font-size: 12px; }
dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.glossary dt { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; }
dl.glossary dd { margin: 0; }
.callout .trade { color: var(--muted); font-size: 14px; }
.callout pre.code { background: #fff; margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
.verdict { display: inline-block; font-weight: 600; padding: 3px 10px; border-radius: 4px; margin-top: 10px; }
.verdict.pass, td.pass { color: var(--ok); background: var(--ok-bg); }
.verdict.fail, td.fail { color: var(--bad); background: var(--bad-bg); }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 20px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 12px; background: #fff; }
figure img { display: block; width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 8px; }
figcaption strong { color: var(--fg); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; width: 100%; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: right; white-space: normal; }
tr.recommended td { background: #eef3fd; font-weight: 600; }
tr.far td { background: #fdf0e6; }
td.param { white-space: nowrap; }
.tag { color: var(--accent); margin-left: 6px; }
ul.warnings li { background: var(--warn-bg); margin: 4px 0; padding: 4px 8px; border-radius: 4px; list-style: none; }
ul.warnings { padding: 0; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.env dt { color: var(--muted); }
dl.env dd { margin: 0; overflow-wrap: anywhere; }
pre { background: var(--bg-alt); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
a { color: var(--accent); }
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
{{with .Description}}<p class="lead">{{.}}</p>{{end}}
</header>
{{with .Status}}<p class="status">{{.}}</p>{{end}}

<section class="callout" id="recommendation">
<h2>Recommendation</h2>
{{if .Recommendations}}<ul>
{{range .Recommendations}}<li>{{.Text}}.{{with .TradeOff}} <span class="trade">{{.}}</span>{{end}}{{with .Code}}
<pre class="code"><code>{{.}}</code></pre>{{end}}</li>
{{end}}</ul>
<p class="note">{{.RecommendNote}}</p>{{else}}<p>No point has results: nothing to recommend.</p>{{end}}
{{with .Verdict}}<span class="verdict {{if $.VerdictOK}}pass{{else}}fail{{end}}">{{.}}</span>{{end}}
</section>

{{if .Figures}}<section id="plots">
<h2>Plots</h2>
<div class="figures">
{{range .Figures}}<figure>
{{if .Src}}<img src="{{.Src}}" alt="{{.Title}}">{{else}}<a href="plots/{{.Name}}.svg"><img src="plots/{{.Name}}.svg" alt="{{.Title}}"></a>{{end}}
<figcaption><strong>{{.Title}}.</strong> {{.Caption}}{{if not .Src}} <a href="plots/{{.Name}}.png">PNG</a>{{end}}</figcaption>
</figure>
{{end}}</div>
</section>{{end}}

<section id="points">
<h2>Points</h2>
{{if .Rows}}<div class="scroll"><table>
<thead><tr>{{range .Axes}}<th>{{.}}</th>{{end}}<th class="num">runs</th>{{range .Columns}}<th class="num" title="{{.Hint}}">{{range dotted .Head}}{{.}}<wbr>{{end}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}{{$rec := .Recommended}}<tr{{if $rec}} class="recommended"{{end}}>{{range $i, $v := .Params}}<td class="param">{{$v}}{{if and $rec (eq $i 0)}}<span class="tag" title="recommended">★</span>{{end}}</td>{{end}}<td class="num">{{.Repeats}}</td>{{range .Values}}<td class="num">{{.Mean}}{{with .CI}}<span class="ci">± {{.}}</span>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
<p class="note">Mean over the repeats, under it ± half the 95% confidence interval. Highlighted (★): the recommended highWaterMark of each group. What each column means is under <a href="#glossary">What these numbers mean</a>.</p>
{{else}}<p>No point has results.</p>{{end}}
</section>

{{if .ProcessColumns}}<section id="process">
<h2>Process</h2>
<p class="note">What the process running the pipeline used, measured by the wall-clock engines (realtime: the Go process; node: the Node.js process); sim measures none of it.</p>
<div class="scroll"><table>
<thead><tr>{{range .Axes}}<th>{{.}}</th>{{end}}{{range .ProcessColumns}}<th class="num" title="{{.Hint}}">{{range dotted .Head}}{{.}}<wbr>{{end}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}{{if .HasProcess}}<tr>{{range .Params}}<td class="param">{{.}}</td>{{end}}{{range .ProcessValues}}<td class="num">{{.Mean}}{{with .CI}}<span class="ci">± {{.}}</span>{{end}}</td>{{end}}</tr>{{end}}
{{end}}</tbody>
</table></div>
</section>{{end}}

{{if .Glossary}}<section id="glossary">
<h2>What these numbers mean</h2>
<dl class="glossary">
{{range .Glossary}}<dt>{{.Head}}</dt><dd>{{.Hint}}</dd>
{{end}}</dl>
<p class="note">Every figure is a mean over a point's repeats; the ± is half its 95% confidence interval (wide when the repeats disagree or are few). Latency runs from when the producer wanted to send a chunk to when the consumer took it, so time the producer waited upstream counts.</p>
</section>{{end}}

{{with .Engines}}<section id="engines">
<h2>Model against measurement</h2>
<p class="note">The same points on each engine, with the same seeds (mean over repeats): sim is the model's prediction; node is the measurement (a real Node.js process, on the wall clock unless the run's timing is ideal); realtime is the model on the wall clock. The last columns give each engine's difference from sim ± half its 95% confidence interval (Welch); rows more than 5% apart are marked.</p>
<div class="scroll"><table>
<thead><tr><th>point</th><th>metric</th>{{range .Engines}}<th class="num">{{.}}</th>{{end}}{{range .Others}}<th class="num">{{.}} vs sim</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr{{if .Far}} class="far"{{end}}><td class="param">{{.Point}}</td><td>{{.Metric}}</td>{{range .Values}}<td class="num">{{.}}</td>{{end}}{{range .Diffs}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
</section>{{end}}

{{if .Thresholds}}<section id="thresholds">
<h2>Thresholds</h2>
<div class="scroll"><table>
<thead><tr><th>cell</th>{{range .Thresholds}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Verdicts}}<tr><td>{{.Cell}}</td>{{range .Cells}}<td class="{{if .Pass}}pass{{else}}fail{{end}}">{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
<p class="note">Each condition is checked on the mean over a point's repeats.</p>
</section>{{end}}

{{if .Failed}}<section id="failed">
<h2>Failed cells</h2>
<div class="scroll"><table>
<thead><tr><th>cell#repeat</th><th>error</th></tr></thead>
<tbody>
{{range .Failed}}<tr><td>{{.Cell}}</td><td>{{.Error}}</td></tr>
{{end}}</tbody>
</table></div>
</section>{{end}}

{{if .Warnings}}<section id="warnings">
<h2>Warnings</h2>
<ul class="warnings">
{{range .Warnings}}<li>{{.}}</li>
{{end}}</ul>
</section>{{end}}

<section id="environment">
<h2>Environment</h2>
<dl class="env">
{{range .Env}}<dt>{{.Key}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
{{if .Shards}}<h3 id="shards">Shards</h3>
<div class="scroll"><table>
<thead><tr><th>shard</th><th>host</th><th>cells</th><th>machine</th><th>runtime</th><th>ran</th></tr></thead>
<tbody>
{{range .Shards}}<tr><td>{{.Shard}}</td><td>{{.Host}}</td><td>{{.Cells}}</td><td>{{.Machine}}</td><td>{{.Runtime}}</td><td>{{.When}}</td></tr>
{{end}}</tbody>
</table></div>{{end}}
</section>

{{if .Source}}<section id="scenario">
<h2>Scenario{{with .File}} <code>{{.}}</code>{{end}}</h2>
<pre>{{.Source}}</pre>
</section>{{end}}

<footer>
{{if .Single}}One file, its plots inlined, for sharing: the run's other files are beside index.html{{else}}Files: {{range $i, $f := .Files}}{{if $i}} · {{end}}<a href="{{$f}}">{{$f}}</a>{{end}}{{end}} · written by {{.By}}
</footer>
</main>
</body>
</html>
`))
