package stream

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decoder is Node's StringDecoder: it turns bytes into strings, holding
// back an incomplete multi-byte sequence until the next write.
type decoder struct {
	enc  string
	held []byte
}

// newDecoder panics with ERR_UNKNOWN_ENCODING for an encoding Node lacks.
func newDecoder(enc string) *decoder {
	n := normEncoding(enc)
	if n == "" || n == "buffer" {
		panic(newErr(ErrUnknownEncoding, enc))
	}
	return &decoder{enc: n}
}

// write decodes b (with any bytes held back) and returns the string.
func (d *decoder) write(b []byte) string {
	buf := append(d.held, b...)
	d.held = nil
	switch d.enc {
	case "utf8":
		end := len(buf)
		// Hold back an incomplete sequence at the end (at most 3 bytes).
		for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
			c := buf[i]
			if c&0xC0 == 0x80 {
				continue
			}
			if c >= 0xC0 {
				need := 2
				if c >= 0xF0 {
					need = 4
				} else if c >= 0xE0 {
					need = 3
				}
				if len(buf)-i < need {
					end = i
				}
			}
			break
		}
		d.held = append([]byte(nil), buf[end:]...)
		return toValidUTF8(buf[:end])
	case "utf16le":
		end := len(buf) &^ 1
		u := make([]uint16, end/2)
		for i := range u {
			u[i] = uint16(buf[2*i]) | uint16(buf[2*i+1])<<8
		}
		if n := len(u); n > 0 && u[n-1] >= 0xD800 && u[n-1] <= 0xDBFF {
			end -= 2
			u = u[:n-1]
		}
		d.held = append([]byte(nil), buf[end:]...)
		return string(utf16.Decode(u))
	case "base64", "base64url":
		end := len(buf) / 3 * 3
		d.held = append([]byte(nil), buf[end:]...)
		if d.enc == "base64url" {
			return base64.RawURLEncoding.EncodeToString(buf[:end])
		}
		return base64.StdEncoding.EncodeToString(buf[:end])
	case "hex":
		return hex.EncodeToString(buf)
	case "ascii":
		var sb strings.Builder
		for _, c := range buf {
			sb.WriteRune(rune(c & 0x7f))
		}
		return sb.String()
	default: // latin1
		var sb strings.Builder
		for _, c := range buf {
			sb.WriteRune(rune(c))
		}
		return sb.String()
	}
}

// end flushes what is held back.
func (d *decoder) end() string {
	held := d.held
	d.held = nil
	if len(held) == 0 {
		return ""
	}
	switch d.enc {
	case "utf8":
		return "\ufffd"
	case "base64":
		return base64.StdEncoding.EncodeToString(held)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(held)
	case "utf16le":
		u := make([]uint16, len(held)/2)
		for i := range u {
			u[i] = uint16(held[2*i]) | uint16(held[2*i+1])<<8
		}
		return string(utf16.Decode(u))
	}
	return ""
}

func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\ufffd")
}
