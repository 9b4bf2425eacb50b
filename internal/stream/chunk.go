package stream

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ChunkKind says what a chunk is in JavaScript terms.
type ChunkKind uint8

// Chunk kinds.
const (
	// Bytes is a Buffer: its length is its byte count.
	Bytes ChunkKind = iota
	// String is a JavaScript string: its length is in UTF-16 code units.
	String
	// Object is an object-mode value: it counts 1 wherever Node counts
	// objects, and Size is its own notion of size (reported in traces and
	// counted by the harness as bytes moved).
	Object
)

// Chunk is one unit of data moving through streams. A byte chunk may carry
// no data at all, only a size: simulating 10 GB allocates nothing. Chunks
// are small values (24 bytes); content, when there is any, is shared and
// never modified once the chunk exists.
type Chunk struct {
	// Size is the length Node would see: bytes for Bytes, UTF-16 code units
	// for String, the object's own size for Object.
	Size int
	// Kind is Bytes, String or Object.
	Kind ChunkKind
	body *chunkBody
}

type chunkBody struct {
	data []byte
	text string
}

// Sized returns a size-only byte chunk of n bytes.
func Sized(n int) Chunk { return Chunk{Size: n} }

// BytesChunk returns a byte chunk holding b.
func BytesChunk(b []byte) Chunk { return Chunk{Size: len(b), body: &chunkBody{data: b}} }

// Text returns a string chunk (its Size in UTF-16 code units, as JS counts).
func Text(s string) Chunk {
	return Chunk{Size: utf16Len(s), Kind: String, body: &chunkBody{text: s}}
}

// Obj returns an object-mode chunk that carries the given size.
func Obj(size int) Chunk { return Chunk{Size: size, Kind: Object} }

// Data returns a byte chunk's content, or nil for a size-only chunk.
func (c Chunk) Data() []byte {
	if c.body == nil {
		return nil
	}
	return c.body.data
}

// Text returns a string chunk's content.
func (c Chunk) Text() string {
	if c.body == nil {
		return ""
	}
	return c.body.text
}

// bytes returns the chunk's content, materialising size-only chunks as the
// byte 'a' (what the conformance harness writes).
func (c Chunk) bytes() []byte {
	if d := c.Data(); d != nil || c.Size == 0 {
		return d
	}
	b := make([]byte, c.Size)
	for i := range b {
		b[i] = 'a'
	}
	return b
}

// slice returns units [i, j) of a byte or string chunk.
func (c Chunk) slice(i, j int) Chunk {
	switch c.Kind {
	case String:
		u := utf16.Encode([]rune(c.Text()))
		return Text(string(utf16.Decode(u[i:j])))
	default:
		if c.Data() == nil {
			return Chunk{Size: j - i}
		}
		return BytesChunk(c.Data()[i:j])
	}
}

// concat joins byte or string chunks into one of total units.
func concat(cs []Chunk, total int) Chunk {
	if len(cs) > 0 && cs[0].Kind == String {
		s := ""
		for _, c := range cs {
			s += c.Text()
		}
		return Text(s)
	}
	data := false
	for _, c := range cs {
		if c.Data() != nil {
			data = true
		}
	}
	if !data {
		return Chunk{Size: total}
	}
	b := make([]byte, 0, total)
	for _, c := range cs {
		b = append(b, c.bytes()...)
	}
	return BytesChunk(b)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// normEncoding returns Node's canonical name for an encoding, or "".
func normEncoding(enc string) string {
	switch enc {
	case "utf8", "utf-8", "UTF8", "UTF-8", "":
		return "utf8"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	case "hex":
		return "hex"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return "utf16le"
	case "buffer":
		return "buffer"
	}
	// Node's normalizeEncoding: the names above in any case ("Hex",
	// "UCS-2"), but "buffer" only as written.
	if l := strings.ToLower(enc); l != enc && l != "buffer" {
		return normEncoding(l)
	}
	return ""
}

// IsEncoding is Buffer.isEncoding: whether Node knows enc as a text
// encoding (utf8, hex, latin1... in any case; not "buffer").
func IsEncoding(enc string) bool {
	n := normEncoding(enc)
	return enc != "" && n != "" && n != "buffer"
}

// encodeString is Buffer.from(s, enc).
func encodeString(s, enc string) []byte {
	switch normEncoding(enc) {
	case "latin1", "ascii":
		u := utf16.Encode([]rune(s))
		b := make([]byte, len(u))
		for i, x := range u {
			b[i] = byte(x)
		}
		return b
	case "hex":
		n := len(s) / 2 * 2
		out := make([]byte, 0, n/2)
		for i := 0; i+1 < len(s); i += 2 {
			x, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				break
			}
			out = append(out, x...)
		}
		return out
	case "base64", "base64url":
		for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := e.DecodeString(s); err == nil {
				return b
			}
		}
		return nil
	case "utf16le":
		u := utf16.Encode([]rune(s))
		b := make([]byte, 2*len(u))
		for i, x := range u {
			b[2*i] = byte(x)
			b[2*i+1] = byte(x >> 8)
		}
		return b
	default:
		if utf8.ValidString(s) {
			return []byte(s)
		}
		return []byte(string([]rune(s)))
	}
}
