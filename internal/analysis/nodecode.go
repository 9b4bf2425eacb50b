package analysis

import (
	"fmt"
	"strconv"
	"strings"
)

// NodeCode writes a point's highWaterMark as the Node.js code that sets it,
// one line per stream the swept path reaches: the producer (a Readable:
// fs.createReadStream for data read on demand, a push Readable for a live
// producer), the stages (Transforms) and the consumer (a Writable). A path
// of highWaterMark reaches every stream; producer.highWaterMark only the
// Readable, and so on. A profile name resolves to the producer's size.
func NodeCode(p *Point, opt Options) string {
	objectMode, live := opt.ObjectMode, opt.Live
	var lines []string
	seen := map[string]bool{}
	add := func(line string) {
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	opts := func(n int64) string {
		if objectMode {
			return fmt.Sprintf("objectMode: true, highWaterMark: %d", n)
		}
		return "highWaterMark: " + strconv.FormatInt(n, 10)
	}
	comment := func(n int64) string { return " // " + FormatHWM(n, objectMode) }
	readable := func(n int64) {
		switch {
		case live:
			add("const source = new Readable({ " + opts(n) + ", read() { /* resume the producer */ } });" + comment(n) + "; push() as data comes, hold off while it returns false")
		case objectMode:
			add("const source = new Readable({ " + opts(n) + ", read() { /* fetch the next objects, push() them */ } });" + comment(n))
		default:
			add("const source = fs.createReadStream(path, { " + opts(n) + " });" + comment(n))
		}
	}
	transform := func(n int64, i int) {
		name := "stage" + strconv.Itoa(i+1)
		if i < len(opt.Stages) && jsName(opt.Stages[i]) {
			name = opt.Stages[i]
		}
		add("const " + name + " = new Transform({ " + opts(n) + ", transform(chunk, encoding, callback) { /* … */ } });" + comment(n))
	}
	writable := func(n int64) {
		add("const sink = new Writable({ " + opts(n) + ", write(chunk, encoding, callback) { /* … */ } });" + comment(n))
	}
	for _, q := range p.Params {
		if !IsHWMPath(q.Path) {
			continue
		}
		n, ok := parseSize(q.Value)
		if !ok {
			n = p.HWM // a profile: the size it resolved to
		}
		parts := strings.Split(q.Path, ".")
		switch {
		case len(parts) == 1: // every stream
			readable(n)
			for i := range opt.Stages {
				transform(n, i)
			}
			writable(n)
		case parts[0] == "producer":
			readable(n)
		case parts[0] == "stages" && len(parts) == 3:
			i, _ := strconv.Atoi(parts[1])
			transform(n, i)
		case parts[0] == "consumer" || parts[0] == "consumers":
			writable(n)
		}
	}
	if len(lines) == 0 && p.HWM > 0 {
		readable(p.HWM)
	}
	return strings.Join(lines, "\n")
}

// jsName reports whether s can name a JavaScript constant as it is.
func jsName(s string) bool {
	for i, c := range s {
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
