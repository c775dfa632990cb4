package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/preflight-data/preflight/records"
)

// A reader yields records and silently steps over what it cannot read (a
// broken line, a blank JSONL line, a byte-order mark). fix must not lose
// those bytes, so it reads through a recorder that keeps everything not
// yet accounted for, and hands each stretch between two records on as a
// gap: written as it was, unless it is something fix removes.

// maxGap bounds the unreadable stretch fix carries through in memory: past
// it a file is given up rather than the machine's memory (a variable so
// tests can lower it).
var maxGap = 4 * records.DefaultMaxRecordBytes

var errGapTooLarge = errors.New("an unreadable stretch is too long to carry through")

// recorder keeps the bytes its reader has read from offset base on.
type recorder struct {
	r     io.Reader
	buf   []byte
	start int   // buf[start:] holds the bytes from base on
	base  int64 // offset of buf[start]
}

func (c *recorder) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		if len(c.buf)-c.start+n > maxGap {
			return 0, fmt.Errorf("%w (more than %d MiB without a record fix can read); repair it by hand", errGapTooLarge, maxGap>>20)
		}
		c.buf = append(c.buf, p[:n]...)
	}
	return n, err
}

// slice is the input from offset from to offset to (both kept).
func (c *recorder) slice(from, to int64) []byte {
	return c.buf[c.start+int(from-c.base) : c.start+int(to-c.base)]
}

// release forgets the input before offset to.
func (c *recorder) release(to int64) {
	c.start += int(to - c.base)
	c.base = to
	if c.start > 1<<16 && c.start > len(c.buf)/2 {
		n := copy(c.buf, c.buf[c.start:])
		c.buf = c.buf[:n]
		c.start = 0
	}
}

// stream is a file as records and the gaps between them, in file order.
type stream struct {
	rd      records.Reader
	rec     *recorder
	prevEnd int64 // offset just past the last record and its line end
	line    int   // line number at prevEnd
	done    bool
}

// event is the next piece of a stream: a gap (bytes that are no record,
// starting at gapStart on line gapLine), a record with its line end, or both
// (the gap comes first).
type event struct {
	gap      []byte
	gapStart int64
	gapLine  int
	rec      *records.Record
	term     []byte // "\n", "\r\n" or none (the last line)
}

var (
	lf   = []byte("\n")
	crlf = []byte("\r\n")
)

func newStream(r io.Reader, csv bool, comma byte) *stream {
	rec := &recorder{r: r}
	s := &stream{rec: rec, line: 1}
	opt := records.Options{Comma: comma}
	if csv {
		s.rd = records.NewCSV(rec, opt)
	} else {
		s.rd = records.NewJSONL(rec, opt)
	}
	return s
}

// next returns the next event; io.EOF once everything was handed on. The
// slices in it are valid until the following call.
func (s *stream) next() (event, error) {
	if s.done {
		return event{}, io.EOF
	}
	s.rec.release(s.prevEnd)
	rec, err := s.rd.Next()
	if err != nil && !errors.Is(err, io.EOF) {
		return event{}, err
	}
	var ev event
	end := s.rd.BytesRead()
	if rec != nil {
		end = rec.Offset
	}
	if end > s.prevEnd {
		ev.gap, ev.gapStart, ev.gapLine = s.rec.slice(s.prevEnd, end), s.prevEnd, s.line
		s.line += bytes.Count(ev.gap, lf)
	}
	if rec == nil {
		s.done = true
		if ev.gap == nil {
			return event{}, io.EOF
		}
		return ev, nil
	}
	s.prevEnd = s.rd.BytesRead()
	switch s.prevEnd - rec.Offset - int64(len(rec.Raw)) {
	case 1:
		ev.term = lf
	case 2:
		ev.term = crlf
	}
	ev.rec = rec
	s.line = rec.Line + bytes.Count(rec.Raw, lf)
	if ev.term != nil {
		s.line++
	}
	return ev, nil
}
