package records

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// bufSize is the initial read buffer. It is a variable so tests can shrink it
// and drive every record across refill boundaries.
var bufSize = 1 << 20

// maxLimit keeps limit+slack arithmetic from overflowing on absurd options.
const maxLimit = 1 << 40

// minHintBuf is the smallest buffer a SizeHint may ask for.
const minHintBuf = 512

// source is the buffered input shared by both readers. Records are parsed in
// place inside buf, so a record must fit in it; buf grows up to the record
// limit (plus room for a CRLF), never with the file.
type source struct {
	r         io.Reader
	buf       []byte
	pos, end  int   // buf[pos:end] is read but not yet consumed
	base      int64 // file offset of buf[0]
	line      int   // physical line number of buf[pos]
	limit     int
	max       int
	err       error // sticky: io.EOF or the I/O error that ended the input
	onProblem ProblemFunc
	started   bool
	stop      int64 // Options.Stop
	borrowed  bool  // buf is Options.Buffer: read, never written
	// bomHarm says what a byte-order mark breaks in this format.
	bomHarm string
}

func (s *source) init(r io.Reader, opt Options) {
	limit := opt.MaxRecordBytes
	if limit <= 0 {
		limit = DefaultMaxRecordBytes
	}
	limit = min(limit, maxLimit)
	size := max(bufSize, 4)
	if opt.SizeHint > 0 && opt.SizeHint < int64(size) {
		// One byte more than the input, so the first fill also sees EOF.
		size = max(int(opt.SizeHint)+1, minHintBuf)
	}
	s.r = r
	s.limit = limit
	s.max = max(size, limit+2)
	if len(opt.Buffer) > 0 {
		s.buf, s.end, s.borrowed = opt.Buffer[:len(opt.Buffer):len(opt.Buffer)], len(opt.Buffer), true
	} else {
		s.buf = make([]byte, min(size, s.max))
	}
	s.base = opt.Start
	s.line = max(opt.Line, 1)
	s.started = opt.Start > 0 // a byte-order mark only starts a file
	s.stop = opt.Stop
	s.onProblem = opt.OnProblem
}

// stopped reports that the next record starts at or past Options.Stop.
func (s *source) stopped() bool {
	return s.stop > 0 && s.base+int64(s.pos) >= s.stop
}

// fill reads more input after buf[pos:end], first sliding the unconsumed
// bytes to the front and, if that frees nothing, doubling the buffer up to
// max. It reads until the buffer is full so that a parser restarted from the
// record start does work proportional to the buffer, not to the read size.
func (s *source) fill() {
	if s.err != nil {
		return
	}
	if s.borrowed {
		// What is left of Options.Buffer moves to a buffer of the reader's.
		rest := s.end - s.pos
		nb := make([]byte, min(max(bufSize, 2*rest), max(s.max, rest+1)))
		s.end = copy(nb, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.buf, s.pos, s.borrowed = nb, 0, false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.max {
			return
		}
		nb := make([]byte, min(2*len(s.buf), s.max))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for zero := 0; s.end < len(s.buf); {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
			return
		}
		if n == 0 {
			if zero++; zero > 100 {
				s.err = io.ErrNoProgress
				return
			}
		}
	}
}

// ioErr is the error that must end reading now: a real I/O failure.
func (s *source) ioErr() error {
	if s.err != nil && !errors.Is(s.err, io.EOF) {
		return s.err
	}
	return nil
}

// more makes sure unread input is buffered. It reports false at the end of
// the input, and an I/O error as soon as one happens.
func (s *source) more() (bool, error) {
	if !s.started {
		s.start()
	}
	for {
		if err := s.ioErr(); err != nil {
			return false, err
		}
		if s.pos < s.end {
			return true, nil
		}
		if s.err != nil {
			return false, nil
		}
		s.fill()
	}
}

// start strips a leading byte-order mark.
func (s *source) start() {
	s.started = true
	for s.end < 3 && s.err == nil {
		s.fill()
	}
	if s.end >= 3 && s.buf[0] == 0xEF && s.buf[1] == 0xBB && s.buf[2] == 0xBF {
		s.pos = 3
		s.emit(Problem{Kind: BOM, Line: 1, Col: 1, Offset: 0,
			Msg: "UTF-8 byte-order mark at the start of the file; it was stripped, but " + s.bomHarm})
	}
}

// skipLine discards input through the next line feed, streaming, so that a
// huge line is never held in memory.
func (s *source) skipLine() {
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '\n'); i >= 0 {
			s.pos += i + 1
			s.line++
			return
		}
		s.pos = s.end
		if s.err != nil {
			return
		}
		s.fill()
	}
}

func (s *source) bytesRead() int64 { return s.base + int64(s.pos) }

func (s *source) emit(p Problem) {
	if s.onProblem != nil {
		s.onProblem(p)
	}
}

// problemAt reports a problem at byte off of rec.Raw.
func (s *source) problemAt(rec *Record, kind ProblemKind, off int, key, msg string) {
	if s.onProblem == nil {
		return
	}
	line, col := rec.Pos(off)
	s.onProblem(Problem{Kind: kind, Line: line, Col: col, Offset: rec.Offset + int64(off), Key: key, Msg: msg})
}

// describe names the byte at b[i] for a message: 'x', U+0000, or end of line.
func describe(b []byte, i int) string {
	if i >= len(b) {
		return "end of line"
	}
	c := b[i]
	switch {
	case c < 0x20 || c == 0x7f:
		return "control character " + hexRune(rune(c))
	case c < 0x80:
		return "'" + string(rune(c)) + "'"
	}
	r, n := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError && n == 1 {
		return "invalid UTF-8 byte 0x" + hex2(c)
	}
	return "'" + string(r) + "'"
}

func hex2(c byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func hexRune(r rune) string {
	return "U+00" + hex2(byte(r))
}

// ctlName names a control byte the way the catalogue does.
func ctlName(c byte) string {
	switch c {
	case 0:
		return "NUL (U+0000)"
	case '\t':
		return "tab (U+0009)"
	case '\n':
		return "line feed (U+000A)"
	case '\r':
		return "carriage return (U+000D)"
	case 0x1b:
		return "escape (U+001B)"
	case 0x7f:
		return "delete (U+007F)"
	}
	return "control character " + hexRune(rune(c))
}
