package records

import (
	"bytes"
	"io"
	"strconv"
)

// CSVReader reads RFC 4180 CSV: comma-separated, double-quoted fields with ""
// as the escaped quote, LF or CRLF line ends. It is written by hand rather
// than on encoding/csv because the spec gives meaning to what that package
// hides: unquoted NULL is null while "NULL" is a string, and an empty field
// differs from "".
//
// Completely empty lines are skipped, as encoding/csv and most consumers do.
type CSVReader struct {
	s     source
	comma byte
	stop  [256]bool // bytes that end unquoted content: comma, LF, quote
	rec   Record
	arena []byte  // undoubled content of quoted fields that held ""
	fixes []fixup // values whose Raw lives in arena
	// scanned counts the bytes parse looked at, rescans included: the
	// work a test can bound without a clock.
	scanned int64
}

// fixup points a value at its undoubled content once the record is parsed:
// the arena may move while it grows, so slices into it are taken last.
type fixup struct{ val, start, end int }

// NewCSV returns a reader of the CSV in r.
func NewCSV(r io.Reader, opt Options) *CSVReader {
	c := &CSVReader{comma: ',', stop: csvStop}
	if opt.Comma != 0 && opt.Comma != ',' && opt.Comma != '"' && opt.Comma != '\r' && opt.Comma != '\n' {
		c.comma = opt.Comma
		c.stop[','] = false
		c.stop[opt.Comma] = true
	}
	c.s.init(r, opt)
	c.s.bomHarm = "some consumers read it as part of the first column name"
	return c
}

// BytesRead is how many input bytes have been consumed so far.
func (c *CSVReader) BytesRead() int64 { return c.s.bytesRead() }

// SetStop moves Options.Stop: after Next returned io.EOF at the stop, a
// later stop lets it read on.
func (c *CSVReader) SetStop(off int64) { c.s.stop = off }

type parseStatus uint8

const (
	parsed   parseStatus = iota
	needMore             // the record runs past the buffered bytes
	broken               // a syntax error was reported; resynchronise
)

// csvStop marks the bytes that end a run of unquoted field content, for
// the comma every well-formed file uses.
var csvStop = [256]bool{',': true, '\n': true, '"': true}

// Next returns the next well-formed record.
func (c *CSVReader) Next() (*Record, error) {
	s := &c.s
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
		switch s.buf[s.pos] {
		case '\n':
			s.pos++
			s.line++
			continue
		case '\r':
			if s.pos+1 == s.end && s.err == nil {
				s.fill()
				continue
			}
			if s.pos+1 < s.end && s.buf[s.pos+1] == '\n' {
				s.pos += 2
				s.line++
				continue
			}
		}
		c.rec.Line = s.line
		c.rec.Offset = s.base + int64(s.pos)
		st, n, quote := c.parse()
		c.scanned += int64(n)
		switch st {
		case parsed:
			raw := c.rec.Raw
			s.pos += n
			if len(raw) > s.limit {
				s.line += bytes.Count(raw, []byte{'\n'})
				c.tooLarge()
			} else {
				s.line += c.check(raw)
			}
			if n > len(raw) {
				s.line++
			}
			if len(raw) <= s.limit {
				return &c.rec, nil
			}
		case needMore:
			if s.end-s.pos > s.limit+1 {
				c.overflow(quote)
				continue
			}
			s.fill()
		case broken:
			// Resynchronise at the line after the one the record started
			// on. This cannot go quadratic: a quoted field ends at the first
			// odd-length run of quotes, so once a scan from one opening quote
			// has found none up to EOF or the limit, every field opened
			// inside that stretch closes within its own run of quotes.
			s.skipLine()
		}
	}
}

func (c *CSVReader) tooLarge() {
	c.s.emit(Problem{Kind: TooLarge, Line: c.rec.Line, Col: 1, Offset: c.rec.Offset,
		Msg: "record is longer than the " + strconv.Itoa(c.s.limit) + "-byte limit; it was skipped"})
}

// overflow handles a record that has filled the limit without ending. quote
// is the offset of the opening quote of an unclosed field, or -1.
func (c *CSVReader) overflow(quote int) {
	s := &c.s
	window := s.buf[s.pos:s.end]
	if quote >= 0 && bytes.IndexByte(window, '\n') >= 0 {
		// Most likely a missing closing quote swallowing the lines after it.
		c.rec.Raw = window
		s.problemAt(&c.rec, Syntax, quote, "",
			"quoted field is not closed within the "+strconv.Itoa(s.limit)+"-byte record limit; a closing quote is probably missing")
		s.skipLine()
		return
	}
	c.tooLarge()
	s.line += bytes.Count(window, []byte{'\n'})
	s.pos = s.end
	s.skipLine()
}

// parse splits the record at the read position into c.rec. It returns the
// bytes consumed (terminator included; for needMore and broken, the bytes
// looked at) and, for needMore, the offset of the opening quote of a field
// still open (-1 if none).
func (c *CSVReader) parse() (st parseStatus, n, quote int) {
	s := &c.s
	b := s.buf[s.pos:s.end]
	atEOF := s.err != nil
	comma := c.comma
	vals := c.rec.Values[:0]
	defer func() {
		c.rec.Values = vals
		c.fixValues(vals)
	}()
	arena := c.arena[:0]
	c.fixes = c.fixes[:0]
	i := 0
	for {
		if i < len(b) && b[i] == '"' {
			start := i
			j := i + 1
			seg := j // start of content not yet copied to arena
			esc := false
			mark := 0
			var content []byte
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					if !atEOF {
						return needMore, len(b), start
					}
					c.rec.Raw = b
					s.problemAt(&c.rec, Syntax, start, "", "unterminated quoted field: the file ends before its closing quote")
					return broken, len(b), 0
				}
				k += j
				if k+1 == len(b) && !atEOF {
					return needMore, len(b), start // is it "" or the close? see the next byte
				}
				if k+1 < len(b) && b[k+1] == '"' {
					if !esc {
						esc = true
						mark = len(arena)
					}
					arena = append(arena, b[seg:k+1]...)
					j = k + 2
					seg = j
					continue
				}
				if esc {
					arena = append(arena, b[seg:k]...)
					c.fixes = append(c.fixes, fixup{len(vals), mark, len(arena)})
				} else {
					content = b[start+1 : k]
				}
				i = k + 1
				break
			}
			c.arena = arena
			vals = append(vals, Value{Raw: content, Quoted: true, Off: start})
			if i == len(b) {
				return c.finish(b, len(b), len(b))
			}
			switch b[i] {
			case comma:
				i++
				continue
			case '\n':
				return c.finish(b, i, i+1)
			case '\r':
				if i+1 < len(b) && b[i+1] == '\n' {
					return c.finish(b, i, i+2)
				}
				if i+1 == len(b) && !atEOF {
					return needMore, len(b), -1
				}
			}
			c.rec.Raw = b
			c.afterQuote(b, start, i)
			return broken, i, 0
		}
		start := i
		for i < len(b) && !c.stop[b[i]] {
			i++
		}
		if i == len(b) {
			if !atEOF {
				return needMore, len(b), -1
			}
			vals = append(vals, unquoted(b, start, i))
			return c.finish(b, i, i)
		}
		switch b[i] {
		case comma:
			vals = append(vals, unquoted(b, start, i))
			i++
		case '\n':
			end := i
			if end > start && b[end-1] == '\r' {
				end--
			}
			vals = append(vals, unquoted(b, start, end))
			return c.finish(b, end, i+1)
		default: // '"'
			c.rec.Raw = b
			s.problemAt(&c.rec, Syntax, i, "",
				"bare quote (\") in an unquoted field; enclose the whole field in double quotes and write each quote inside it as \"\"")
			return broken, i, 0
		}
	}
}

// afterQuote reports data at b[i] right after the quote that closed the
// field opened at b[start]. When that field ran over line breaks, the quote
// that "closed" it was almost always the next field's opening quote, lines
// later: the mistake is an unterminated quote where the field opened, so
// that is where it is reported.
func (c *CSVReader) afterQuote(b []byte, start, i int) {
	s := &c.s
	if bytes.IndexByte(b[start:i], '\n') < 0 {
		s.problemAt(&c.rec, Syntax, i, "", "unexpected "+describe(b, i)+
			" after the closing quote of a field; a quoted field must be followed by a comma or the end of the line (write a quote inside a quoted field as \"\")")
		return
	}
	line, _ := c.rec.Pos(i)
	s.problemAt(&c.rec, Syntax, start, "", "quoted field opened here is not closed on its line: the next quote, on line "+
		strconv.Itoa(line)+", is followed by "+describe(b, i)+"; a closing quote is probably missing")
}

func (c *CSVReader) finish(b []byte, rawEnd, n int) (parseStatus, int, int) {
	c.rec.Raw = b[:rawEnd]
	return parsed, n, -1
}

func (c *CSVReader) fixValues(vals []Value) {
	for _, f := range c.fixes {
		vals[f.val].Raw = c.arena[f.start:f.end:f.end]
	}
}

func unquoted(b []byte, start, end int) Value {
	v := Value{Raw: b[start:end:end], Off: start}
	if end-start == 4 && string(v.Raw) == "NULL" {
		v.Kind = Null
	}
	return v
}

// check reports encoding problems in a complete record and returns how many
// line feeds it holds (all inside quoted fields).
func (c *CSVReader) check(raw []byte) (lfs int) {
	ctl, high := firstControl(raw)
	if ctl >= 0 {
		lfs = bytes.Count(raw, []byte{'\n'})
	}
	s := &c.s
	if s.onProblem == nil {
		return lfs
	}
	bad := -1
	if high {
		bad = firstInvalidUTF8(raw)
	}
	if bad >= 0 && (ctl < 0 || bad < ctl) {
		s.problemAt(&c.rec, InvalidUTF8, bad, "", "invalid UTF-8 byte 0x"+hex2(raw[bad])+"; the file must be encoded in UTF-8")
	}
	if ctl >= 0 {
		s.problemAt(&c.rec, ControlChar, ctl, "", c.ctlMsg(raw, ctl))
	}
	if bad >= 0 && ctl >= 0 && bad > ctl {
		s.problemAt(&c.rec, InvalidUTF8, bad, "", "invalid UTF-8 byte 0x"+hex2(raw[bad])+"; the file must be encoded in UTF-8")
	}
	return lfs
}

func (c *CSVReader) ctlMsg(raw []byte, off int) string {
	ch := raw[off]
	vals := c.rec.Values
	quoted := false
	for i := len(vals) - 1; i >= 0; i-- {
		if vals[i].Off <= off {
			quoted = vals[i].Quoted
			break
		}
	}
	if quoted {
		return "raw " + ctlName(ch) + " inside a quoted value; escape it or remove it"
	}
	if ch == '\r' {
		return "raw carriage return (U+000D) not followed by a line feed; end lines with LF or CRLF"
	}
	return "raw " + ctlName(ch) + " inside a value; escape it or remove it"
}
