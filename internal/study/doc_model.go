package study

// The page is built once as blocks, then rendered twice: HTML
// (index.html) and Markdown (README.md, which GitHub renders).

// inline is a run of text: plain, code, or a link.
type inline struct {
	text, href string
	code       bool
}

func txt(s string) inline        { return inline{text: s} }
func code(s string) inline       { return inline{text: s, code: true} }
func link(s, href string) inline { return inline{text: s, href: href} }

// block is a heading, a paragraph, a list, a table or an image.
type block struct {
	kind   blockKind
	level  int        // heading level
	id     string     // heading anchor
	line   []inline   // heading, paragraph
	items  [][]inline // list items
	header []string   // table
	rows   [][][]inline
	src    string // image
	alt    string
}

type blockKind int

const (
	heading blockKind = iota
	para
	list
	table
	image
)

func h(level int, id, text string) block {
	return block{kind: heading, level: level, id: id, line: []inline{txt(text)}}
}
func p(in ...inline) block      { return block{kind: para, line: in} }
func img(src, alt string) block { return block{kind: image, src: src, alt: alt} }
