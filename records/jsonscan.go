package records

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// skipValue validates the value at b[i] (not whitespace) inside depth
// enclosing containers and returns the offset just past it.
func (j *JSONLReader) skipValue(b []byte, i, depth int) (int, bool) {
	stack := j.stack[:0]
	defer func() { j.stack = stack[:0] }()
	ok := true
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return i, j.syntax(b, i, "expected a value, found ")
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if depth+len(stack)+1 > j.maxDepth {
				return i, j.fail(TooDeep, i, "JSON nested deeper than "+strconv.Itoa(j.maxDepth)+" levels; the line was skipped")
			}
			i = skipWS(b, i+1)
			if i < len(b) && b[i] == c+2 { // '{'+2 is '}', '['+2 is ']'
				i++
				break
			}
			stack = append(stack, c)
			if c == '{' {
				if i, ok = j.keyColon(b, i); !ok {
					return i, false
				}
			}
			continue
		case c == '"':
			_, i, ok = j.str(b, i, false)
		case c == 't' || c == 'f' || c == 'n':
			i, ok = j.literal(b, i)
		case c == '-' || isDigit(c):
			i, ok = j.number(b, i)
		default:
			return i, j.syntax(b, i, "expected a value, found ")
		}
		if !ok {
			return i, false
		}
		// After a value: close finished containers, or step to the next element.
		for {
			if len(stack) == 0 {
				return i, true
			}
			i = skipWS(b, i)
			top := stack[len(stack)-1]
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				if top == '{' {
					if i, ok = j.keyColon(b, i); !ok {
						return i, false
					}
				}
				break
			}
			if i < len(b) && b[i] == top+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if top == '{' {
				return i, j.syntax(b, i, "expected ',' or '}' after object member, found ")
			}
			return i, j.syntax(b, i, "expected ',' or ']' after array element, found ")
		}
	}
}

// keyColon skips `"key" :` and the whitespace after it.
func (j *JSONLReader) keyColon(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, j.syntax(b, i, "expected '\"' to begin an object key, found ")
	}
	_, i, ok := j.str(b, i, false)
	if !ok {
		return i, false
	}
	i = skipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return i, j.syntax(b, i, "expected ':' after object key, found ")
	}
	return skipWS(b, i+1), true
}

// str scans the string whose opening quote is b[i] and returns the offset
// after its closing quote. With decode it also returns the content, sliced
// from b when there are no escapes and from the arena otherwise.
func (j *JSONLReader) str(b []byte, i int, decode bool) ([]byte, int, bool) {
	start := i + 1
	k := start
	seg := start // start of content not yet copied to the arena
	esc := false
	mark := 0
	for {
		k = scanString(b, k)
		if k >= len(b) {
			return nil, k, j.fail(Syntax, k, "unterminated string: the line ends before its closing quote")
		}
		switch c := b[k]; c {
		case '"':
			if !esc {
				return b[start:k:k], k + 1, true
			}
			j.arena = append(j.arena, b[seg:k]...)
			return j.arena[mark:len(j.arena):len(j.arena)], k + 1, true
		case '\\':
			if decode {
				if !esc {
					esc = true
					// Decoded text is never longer than the line, so with this
					// capacity appends cannot move strings decoded earlier.
					if cap(j.arena) < len(b) {
						j.arena = make([]byte, 0, len(b))
					}
					mark = len(j.arena)
				}
				j.arena = append(j.arena, b[seg:k]...)
			}
			var ok bool
			if k, ok = j.escape(b, k, decode); !ok {
				return nil, k, false
			}
			seg = k
		default: // a raw control byte: JSON forbids it, but the text is still readable
			if j.ctlOff < 0 {
				j.ctlOff = k
			}
			k++
		}
	}
}

// escape handles the escape sequence at b[k] ('\\') and returns the offset after it.
func (j *JSONLReader) escape(b []byte, k int, decode bool) (int, bool) {
	if k+1 >= len(b) {
		return k, j.fail(Syntax, k, "unterminated string: the line ends inside an escape sequence")
	}
	var out byte
	switch b[k+1] {
	case '"', '\\', '/':
		out = b[k+1]
	case 'b':
		out = '\b'
	case 'f':
		out = '\f'
	case 'n':
		out = '\n'
	case 'r':
		out = '\r'
	case 't':
		out = '\t'
	case 'u':
		r, ok := hex4(b, k+2)
		if !ok {
			return k, j.fail(Syntax, k, "invalid \\u escape: expected four hex digits")
		}
		n := k + 6
		if utf16.IsSurrogate(r) {
			// Like encoding/json: a valid pair decodes to one rune, a lone
			// surrogate becomes U+FFFD.
			r2, ok := rune(-1), false
			if n+1 < len(b) && b[n] == '\\' && b[n+1] == 'u' {
				r2, ok = hex4(b, n+2)
			}
			if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
				r = d
				n += 6
			} else {
				r = utf8.RuneError
			}
		}
		if decode {
			j.arena = utf8.AppendRune(j.arena, r)
		}
		return n, true
	default:
		return k, j.fail(Syntax, k, "invalid escape sequence \\"+describeEsc(b, k+1)+" in string")
	}
	if decode {
		j.arena = append(j.arena, out)
	}
	return k + 2, true
}

func describeEsc(b []byte, i int) string {
	if c := b[i]; c >= 0x20 && c < 0x7f {
		return string(rune(c))
	}
	return "followed by " + describe(b, i)
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return -1, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case isDigit(c):
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

func (j *JSONLReader) literal(b []byte, i int) (int, bool) {
	var lit string
	switch b[i] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	default:
		lit = "null"
	}
	for k := 0; k < len(lit); k++ {
		if i+k >= len(b) || b[i+k] != lit[k] {
			return i + k, j.syntax(b, i+k, "invalid literal (expected "+lit+"): found ")
		}
	}
	return i + len(lit), true
}

// number validates a number per the JSON grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (j *JSONLReader) number(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	if i >= len(b) || !isDigit(b[i]) {
		return i, j.syntax(b, i, "invalid number: expected a digit, found ")
	}
	if b[i] == '0' {
		i++
		if i < len(b) && isDigit(b[i]) {
			return i, j.fail(Syntax, i, "invalid number: leading zeros are not allowed")
		}
	} else {
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return i, j.syntax(b, i, "invalid number: expected a digit after the decimal point, found ")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return i, j.syntax(b, i, "invalid number: expected a digit in the exponent, found ")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i, true
}
