package records

import (
	"bytes"
	"hash/maphash"
	"io"
	"strconv"
	"unicode/utf8"
)

// JSONLReader reads one JSON object per line. Its scanner is hand-written
// because encoding/json is several times slower, keeps only the last of
// duplicate keys and reports no positions. Nesting is validated with an
// explicit stack, never recursion, so no line can exhaust the goroutine stack.
type JSONLReader struct {
	s        source
	rec      Record
	maxDepth int
	arena    []byte  // decoded keys and strings that held escapes
	stack    []byte  // open containers while skipping a nested value
	keyOff   []int32 // offset of each member's key, for duplicate reports
	slots    []int32 // open-addressing table for duplicate detection
	seed     maphash.Seed

	// Problems of the current line, held back so they are reported in
	// position order.
	badUTF8 int // -1 if none
	ctlOff  int // first raw control byte inside a string, -1 if none
	errOff  int // syntax or depth error, -1 if none
	errKind ProblemKind
	errMsg  string
	dupIdx  []int32
	lastOff int // column cache: rune column of byte lastOff
	lastCol int
}

// NewJSONL returns a reader of the JSON Lines in r.
func NewJSONL(r io.Reader, opt Options) *JSONLReader {
	j := &JSONLReader{maxDepth: opt.MaxDepth, seed: maphash.MakeSeed()}
	if j.maxDepth <= 0 {
		j.maxDepth = DefaultMaxDepth
	}
	j.s.init(r, opt)
	j.s.bomHarm = "strict JSON parsers reject the first line because of it"
	return j
}

// BytesRead is how many input bytes have been consumed so far.
func (j *JSONLReader) BytesRead() int64 { return j.s.bytesRead() }

// SetStop moves Options.Stop: after Next returned io.EOF at the stop, a
// later stop lets it read on.
func (j *JSONLReader) SetStop(off int64) { j.s.stop = off }

// Next returns the next line that holds a well-formed JSON object.
func (j *JSONLReader) Next() (*Record, error) {
	s := &j.s
	for {
		if s.stopped() {
			return nil, io.EOF
		}
		ok, err := s.more()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, io.EOF
		}
		b := s.buf[s.pos:s.end]
		n := bytes.IndexByte(b, '\n')
		next := n + 1
		if n < 0 {
			if s.err == nil {
				if len(b) > s.limit+1 {
					j.rec.Line, j.rec.Offset = s.line, s.base+int64(s.pos)
					j.tooLarge()
					s.pos = s.end
					s.skipLine()
					continue
				}
				s.fill()
				continue
			}
			n, next = len(b), len(b)
		}
		line := b[:n]
		if n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		j.rec.Line, j.rec.Offset, j.rec.Raw = s.line, s.base+int64(s.pos), line
		s.pos += next
		s.line++
		if len(line) > s.limit {
			j.tooLarge()
			continue
		}
		if j.parseLine() {
			return &j.rec, nil
		}
	}
}

func (j *JSONLReader) tooLarge() {
	j.s.emit(Problem{Kind: TooLarge, Line: j.rec.Line, Col: 1, Offset: j.rec.Offset,
		Msg: "line is longer than the " + strconv.Itoa(j.s.limit) + "-byte limit; it was skipped"})
}

// parseLine parses j.rec.Raw into j.rec.Values, reports the line's problems
// and says whether the line is a usable object.
func (j *JSONLReader) parseLine() bool {
	b := j.rec.Raw
	j.rec.Values = j.rec.Values[:0]
	j.keyOff = j.keyOff[:0]
	j.dupIdx = j.dupIdx[:0]
	j.arena = j.arena[:0]
	j.ctlOff, j.errOff = -1, -1
	j.badUTF8 = firstInvalidUTF8(b)
	ok := j.parseObject(b)
	if ok {
		j.findDups()
	}
	if j.s.onProblem != nil {
		j.flush()
	}
	return ok
}

// fail records the line's one fatal problem and returns false for chaining.
func (j *JSONLReader) fail(kind ProblemKind, off int, msg string) bool {
	j.errKind, j.errOff, j.errMsg = kind, off, msg
	return false
}

func (j *JSONLReader) syntax(b []byte, off int, msg string) bool {
	return j.fail(Syntax, off, msg+describe(b, off))
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipWS(b []byte, i int) int {
	for i < len(b) && isWS(b[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c-'0' < 10 }

func (j *JSONLReader) parseObject(b []byte) bool {
	i := skipWS(b, 0)
	if i == len(b) {
		j.fail(BlankLine, 0, "blank line; every line must hold one JSON object")
		return false
	}
	if b[i] != '{' {
		end, ok := j.skipValue(b, i, 0)
		if !ok {
			return false
		}
		if k := skipWS(b, end); k < len(b) {
			return j.syntax(b, k, "trailing data after the JSON value: found ")
		}
		return j.fail(NotObject, i, "line holds a JSON "+jsonKind(b[i]).String()+", not an object; each line must be one JSON object")
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return j.syntax(b, i, "expected '\"' to begin an object key, found ")
			}
			koff := i
			key, k, ok := j.str(b, i, true)
			if !ok {
				return false
			}
			i = skipWS(b, k)
			if i >= len(b) || b[i] != ':' {
				return j.syntax(b, i, "expected ':' after object key, found ")
			}
			i = skipWS(b, i+1)
			v := Value{Key: key, Off: i}
			if i >= len(b) {
				return j.syntax(b, i, "expected a value after ':', found ")
			}
			switch c := b[i]; {
			case c == '"':
				v.Raw, i, ok = j.str(b, i, true)
			case c == '{' || c == '[':
				v.Kind = jsonKind(c)
				i, ok = j.skipValue(b, i, 1)
				v.Raw = b[v.Off:i:i]
			case c == 't' || c == 'f' || c == 'n':
				v.Kind = jsonKind(c)
				i, ok = j.literal(b, i)
				v.Raw = b[v.Off:i:i]
			case c == '-' || isDigit(c):
				v.Kind = Number
				i, ok = j.number(b, i)
				v.Raw = b[v.Off:i:i]
			default:
				return j.syntax(b, i, "expected a value after ':', found ")
			}
			if !ok {
				return false
			}
			j.rec.Values = append(j.rec.Values, v)
			j.keyOff = append(j.keyOff, int32(koff))
			i = skipWS(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return j.syntax(b, i, "expected ',' or '}' after object member, found ")
		}
	}
	if k := skipWS(b, i); k < len(b) {
		return j.syntax(b, k, "trailing data after the JSON object: found ")
	}
	return true
}

func jsonKind(c byte) Kind {
	switch c {
	case '"':
		return String
	case '{':
		return Object
	case '[':
		return Array
	case 't', 'f':
		return Bool
	case 'n':
		return Null
	}
	return Number
}

// findDups records the members whose key appeared earlier in the object.
func (j *JSONLReader) findDups() {
	vals := j.rec.Values
	n := len(vals)
	if n < 2 {
		return
	}
	if n <= 8 {
		for a := 1; a < n; a++ {
			for p := 0; p < a; p++ {
				if string(vals[a].Key) == string(vals[p].Key) {
					j.dupIdx = append(j.dupIdx, int32(a))
					break
				}
			}
		}
		return
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(j.slots) < size {
		j.slots = make([]int32, size)
	}
	slots := j.slots[:size]
	clear(slots)
	mask := size - 1
	for a := range vals {
		h := int(maphash.Bytes(j.seed, vals[a].Key)) & mask
		for {
			p := slots[h]
			if p == 0 {
				slots[h] = int32(a + 1)
				break
			}
			if string(vals[p-1].Key) == string(vals[a].Key) {
				j.dupIdx = append(j.dupIdx, int32(a))
				break
			}
			h = (h + 1) & mask
		}
	}
}

// flush reports the line's problems in position order.
func (j *JSONLReader) flush() {
	j.lastOff, j.lastCol = 0, 1
	type pending struct {
		off  int
		kind ProblemKind
	}
	var fixed [3]pending
	nf := 0
	if j.badUTF8 >= 0 {
		fixed[nf] = pending{j.badUTF8, InvalidUTF8}
		nf++
	}
	if j.ctlOff >= 0 {
		fixed[nf] = pending{j.ctlOff, ControlChar}
		nf++
	}
	if j.errOff >= 0 {
		fixed[nf] = pending{j.errOff, j.errKind}
		nf++
	}
	for a := 1; a < nf; a++ {
		for p := a; p > 0 && fixed[p].off < fixed[p-1].off; p-- {
			fixed[p], fixed[p-1] = fixed[p-1], fixed[p]
		}
	}
	f := 0
	for _, d := range j.dupIdx {
		off := int(j.keyOff[d])
		for ; f < nf && fixed[f].off <= off; f++ {
			j.report(fixed[f].kind, fixed[f].off)
		}
		key := string(j.rec.Values[d].Key)
		j.emitAt(DuplicateKey, off, key, "duplicate key "+strconv.Quote(key)+
			": it already appears earlier in this object, and consumers disagree on which value wins")
	}
	for ; f < nf; f++ {
		j.report(fixed[f].kind, fixed[f].off)
	}
}

func (j *JSONLReader) report(kind ProblemKind, off int) {
	b := j.rec.Raw
	switch kind {
	case InvalidUTF8:
		j.emitAt(kind, off, "", "invalid UTF-8 byte 0x"+hex2(b[off])+"; the file must be encoded in UTF-8")
	case ControlChar:
		j.emitAt(kind, off, j.keyAt(off), "raw "+ctlName(b[off])+" inside a JSON string; JSON requires control characters to be escaped (e.g. \\n, \\t, \\u0000)")
	default:
		j.emitAt(kind, off, "", j.errMsg)
	}
}

// emitAt reports a problem at byte off of the line. Columns are counted
// incrementally because a line may report many problems (duplicate keys) and
// recounting from the line start each time would be quadratic.
func (j *JSONLReader) emitAt(kind ProblemKind, off int, key, msg string) {
	b := j.rec.Raw
	off = min(off, len(b))
	if off < j.lastOff {
		j.lastOff, j.lastCol = 0, 1
	}
	j.lastCol += utf8.RuneCount(b[j.lastOff:off])
	j.lastOff = off
	j.s.emit(Problem{Kind: kind, Line: j.rec.Line, Col: j.lastCol, Offset: j.rec.Offset + int64(off), Key: key, Msg: msg})
}

// keyAt is the key of the member holding byte off, if the line got that far.
func (j *JSONLReader) keyAt(off int) string {
	for a := len(j.keyOff) - 1; a >= 0; a-- {
		if int(j.keyOff[a]) <= off {
			return string(j.rec.Values[a].Key)
		}
	}
	return ""
}
