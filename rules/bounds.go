package rules

import (
	"bytes"
	"io"
)

// Where the parts of a large file start (parts.go). A JSONL record is one
// line, so any line start is a record start. A CSV line start is one only
// outside quotes, which no local look at the bytes can prove (a quoted
// field may hold line breaks, and one stray quote earlier changes what is
// quoted after it); a part starts where a line reads as one whole record
// with the file's field count, and the reading of the part before proves
// it or reads through it.

// boundWindow is how far past each multiple of partSize a part start is
// looked for; none found there, the part before simply runs on.
const boundWindow = 256 << 10

// partBounds splits a file of size bytes into parts of about partSize:
// offset 0, the record starts found at or after each multiple of
// partSize, and size. fields is a record's field count (0: unknown).
func (fc *fileCtx) partBounds(f io.ReaderAt, size int64, fields int) []int64 {
	bounds := []int64{0}
	win := make([]byte, boundWindow)
	for t := partSize; t < size; {
		b, seen := fc.boundAt(f, t, size, fields, win)
		if b > bounds[len(bounds)-1] && b < size {
			bounds = append(bounds, b)
		}
		// The next part starts a part's size on, and past what was seen.
		t = max(t+partSize, b+1, t-1+seen)
	}
	return append(bounds, size)
}

// boundAt is the first record start at or after offset t (t > 0), or -1,
// and how many bytes from t-1 on it looked at.
func (fc *fileCtx) boundAt(f io.ReaderAt, t, size int64, fields int, win []byte) (int64, int64) {
	start := t - 1 // a line feed right before t makes t a line start
	n, _ := f.ReadAt(win[:min(int64(len(win)), size-start)], start)
	w := win[:n]
	comma := fc.plan.delim
	if comma == 0 {
		comma = ','
	}
	for i := 0; ; {
		nl := bytes.IndexByte(w[i:], '\n')
		if nl < 0 {
			return -1, int64(n)
		}
		i += nl + 1
		if fc.format == "jsonl" || csvRecordAt(w[i:], comma, fields) {
			return start + int64(i), int64(i)
		}
	}
}

// csvRecordAt reports whether b starts with one complete, well-formed CSV
// record on one line, ended by a line feed, with fields fields (any number
// when fields is 0).
func csvRecordAt(b []byte, comma byte, fields int) bool {
	if len(b) == 0 || b[0] == '\n' || b[0] == '\r' {
		return false
	}
	n := 1
	for i := 0; ; {
		if i < len(b) && b[i] == '"' {
			if i = closingQuote(b, i+1); i < 0 {
				return false
			}
		} else {
			for i < len(b) && b[i] != comma && b[i] != '\n' && b[i] != '"' {
				i++
			}
		}
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case comma:
			n++
			i++
		case '\n':
			return fields == 0 || n == fields
		case '\r':
			return i+1 < len(b) && b[i+1] == '\n' && (fields == 0 || n == fields)
		default: // a quote inside an unquoted field, or after a closing one
			return false
		}
	}
}

// closingQuote is the offset just past the quote that closes a field whose
// content starts at b[i], or -1 if it is not closed on this line.
func closingQuote(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case '\n':
			return -1
		case '"':
			if i+1 < len(b) && b[i+1] == '"' {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return -1
}
