package study

import (
	"html"
	"strings"
)

// renderMarkdown renders blocks as GitHub Markdown.
func renderMarkdown(title string, blocks []block) string {
	var b strings.Builder
	b.WriteString("# " + mdEscape(title) + "\n\n")
	for _, bl := range blocks {
		switch bl.kind {
		case heading:
			b.WriteString(strings.Repeat("#", bl.level) + " " + mdLine(bl.line) + "\n\n")
		case para:
			b.WriteString(mdLine(bl.line) + "\n\n")
		case list:
			for _, it := range bl.items {
				b.WriteString("- " + mdLine(it) + "\n")
			}
			b.WriteString("\n")
		case table:
			b.WriteString("| " + strings.Join(escapeAll(bl.header), " | ") + " |\n|")
			for range bl.header {
				b.WriteString("---|")
			}
			b.WriteString("\n")
			for _, r := range bl.rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = strings.ReplaceAll(mdLine(c), "|", `\|`)
				}
				b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			}
			b.WriteString("\n")
		case image:
			b.WriteString("![" + mdEscape(bl.alt) + "](" + bl.src + ")\n\n")
		}
	}
	return b.String()
}

func mdLine(in []inline) string {
	var b strings.Builder
	for _, x := range in {
		switch {
		case x.code:
			b.WriteString("`" + strings.ReplaceAll(x.text, "`", "'") + "`")
		case x.href != "":
			// A scenario's report: its Markdown page, which GitHub renders.
			href := x.href
			if h, ok := strings.CutSuffix(href, "/index.html"); ok {
				href = h + "/index.md"
			}
			b.WriteString("[" + mdEscape(x.text) + "](" + href + ")")
		default:
			b.WriteString(mdEscape(x.text))
		}
	}
	return b.String()
}

// mdEscape keeps text literal in Markdown.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "`", "'", "#", `\#`)
	return r.Replace(s)
}

func escapeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdEscape(s)
	}
	return out
}

// renderHTML renders blocks as one HTML page.
func renderHTML(title string, blocks []block) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) + "</title>\n")
	b.WriteString(`<style>body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em;line-height:1.45}table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}img{max-width:100%}code{background:#f4f4f4}</style>` + "\n</head><body>\n")
	b.WriteString("<h1>" + html.EscapeString(title) + "</h1>\n")
	for _, bl := range blocks {
		switch bl.kind {
		case heading:
			tag := "h" + string(rune('0'+bl.level))
			id := ""
			if bl.id != "" {
				id = ` id="` + html.EscapeString(bl.id) + `"`
			}
			b.WriteString("<" + tag + id + ">" + htmlLine(bl.line) + "</" + tag + ">\n")
		case para:
			b.WriteString("<p>" + htmlLine(bl.line) + "</p>\n")
		case list:
			b.WriteString("<ul>\n")
			for _, it := range bl.items {
				b.WriteString("<li>" + htmlLine(it) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case table:
			b.WriteString("<table><tr>")
			for _, c := range bl.header {
				b.WriteString("<th>" + html.EscapeString(c) + "</th>")
			}
			b.WriteString("</tr>\n")
			for _, r := range bl.rows {
				b.WriteString("<tr>")
				for _, c := range r {
					b.WriteString("<td>" + htmlLine(c) + "</td>")
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		case image:
			b.WriteString(`<p><img src="` + html.EscapeString(bl.src) + `" alt="` + html.EscapeString(bl.alt) + `"></p>` + "\n")
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func htmlLine(in []inline) string {
	var b strings.Builder
	for _, x := range in {
		t := html.EscapeString(x.text)
		switch {
		case x.code:
			b.WriteString("<code>" + t + "</code>")
		case x.href != "":
			b.WriteString(`<a href="` + html.EscapeString(x.href) + `">` + t + "</a>")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}
