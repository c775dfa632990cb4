package fix

import (
	"bytes"

	"github.com/preflight-data/preflight/records"
)

var nullWord = []byte("NULL")

// csvNeedsQuote reports content that must be quoted in a field separated
// by comma: the separator, a quote or a line break.
func csvNeedsQuote(b []byte, comma byte) bool {
	for _, c := range b {
		if c == comma || c == '"' || c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

// appendCSV writes one CSV field: NULL for a null, else the content,
// quoted (with quotes doubled) when asked or needed.
func appendCSV(dst []byte, kind records.Kind, b []byte, quote bool, comma byte) []byte {
	if kind == records.Null {
		return append(dst, nullWord...)
	}
	if !quote && !csvNeedsQuote(b, comma) {
		return append(dst, b...)
	}
	dst = append(dst, '"')
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			break
		}
		dst = append(dst, b[:i+1]...)
		dst = append(dst, '"')
		b = b[i+1:]
	}
	dst = append(dst, b...)
	return append(dst, '"')
}

// csvEnd is the offset in raw just past CSV field v as written.
func csvEnd(raw []byte, v *records.Value) int {
	if !v.Quoted {
		return v.Off + len(v.Raw)
	}
	for i := v.Off + 1; i < len(raw); i++ {
		if raw[i] == '"' {
			if i+1 < len(raw) && raw[i+1] == '"' {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(raw)
}

// jsonEnd is the offset in raw just past JSON value v as written.
func jsonEnd(raw []byte, v *records.Value) int {
	if v.Kind != records.String {
		return v.Off + len(v.Raw)
	}
	for i := v.Off + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(raw)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes b as a JSON string: quotes, backslashes and
// control characters (DEL too, which check flags raw) escaped; every other
// byte, invalid UTF-8 included, as it is, so nothing is lost in the
// conversion and encoding/utf8 still sees what it must.
func appendJSONString(dst, b []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		dst = append(dst, b[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	dst = append(dst, b[start:]...)
	return append(dst, '"')
}

// hasControl reports a control character check would flag.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}

// appendJSONValue writes a value of the given kind: raw is a string's
// content, or the literal of a number, boolean, object or array.
func appendJSONValue(dst []byte, kind records.Kind, raw []byte) []byte {
	switch kind {
	case records.Null:
		return append(dst, "null"...)
	case records.String:
		return appendJSONString(dst, raw)
	}
	return append(dst, raw...)
}
