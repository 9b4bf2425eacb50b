package study

// where says, per kind of part, which stream and which option sets its
// highWaterMark. Each was checked on Node 20, 22 and 24, Bun 1.4.5 and
// Deno 2.9.6 by creating the stream and reading its
// writableHighWaterMark / readableHighWaterMark back.
var where = map[string][]inline{
	"net": {txt("the socket's write buffer: "), code("net.connect({ host, port, writableHighWaterMark })"),
		txt(" or "), code("new net.Socket({ writableHighWaterMark })"), txt(" ("), code("highWaterMark"), txt(" sets both sides)")},
	"http": {txt("the upload's source stream, e.g. "), code("fs.createReadStream(path, { highWaterMark })"),
		txt(" (what this scenario sweeps); the request's own socket takes "), code("http.request({ ..., highWaterMark })"),
		txt(" (both sides of its socket; not swept here: the request keeps the runtime's default), a server's "),
		code("http.createServer({ highWaterMark })"), txt(" (Deno 2.9.6 ignores it for responses)")},
	"fs": {code("fs.createWriteStream(path, { highWaterMark })"), txt(" for the file written and "),
		code("fs.createReadStream(path, { highWaterMark })"), txt(" for the file read")},
	"gzip": {code("zlib.createGzip({ highWaterMark })"), txt(" (both sides) or "),
		code("zlib.createGzip({ readableHighWaterMark, writableHighWaterMark })"), txt(", and the source's own")},
	"gunzip": {code("zlib.createGunzip({ highWaterMark })"), txt(" (both sides), and the source's own")},
	"module": {txt("the parser's byte side: "), code("new Transform({ writableHighWaterMark, readableObjectMode: true })"),
		txt(" — with readableObjectMode its "), code("readableHighWaterMark"), txt(" counts objects (16 by default), not bytes; and the byte source's "),
		code("highWaterMark")},
	"": {code("new Readable({ highWaterMark })"), txt(" and "), code("new Writable({ highWaterMark })"),
		txt(" on your own streams; "), code("pipe()"), txt(" and "), code("pipeline()"), txt(" take each stream's own")},
}

// whereFor is the advice for a scenario's real parts, the consumer's
// first (the last part listed).
func whereFor(parts []string) []inline {
	for i := len(parts) - 1; i >= 0; i-- {
		if w, ok := where[parts[i]]; ok {
			return w
		}
	}
	return where[""]
}
