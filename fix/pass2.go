package fix

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
)

// Pass 2 runs on a transcript file's copy only when the run's decisions
// need it: conversations to drop (exact copies of earlier ones) and
// conversations to gather (spread over the file and out of order). The
// copy is read back; the records of conversations to gather are first
// sorted through the spill, then the copy is written anew with each such
// conversation whole, in timestamp order, at its first line.

// copyRecord is a record of a copy, with what pass 2 needs of it.
type copyRecord struct {
	ev   event
	conv []byte
	ts   int64
	tsOK bool
	line int32 // in the input; 0 if not known
}

// copyReader reads a copy back.
type copyReader struct {
	s       *stream
	csv     bool
	started bool
	convCol int
	tsCol   int
	feed    *schemas.Feed
	lines   *bufio.Reader
	entry   [12]byte
	have    bool
}

func newCopyReader(r io.Reader, j *job) (*copyReader, error) {
	if _, err := j.lines.Seek(0, 0); err != nil {
		return nil, err
	}
	csv := j.to == "csv"
	return &copyReader{s: newStream(r, csv, ','), csv: csv, feed: j.sniff.Feed, convCol: -1, tsCol: -1,
		lines: bufio.NewReaderSize(j.lines, 64<<10)}, nil
}

// next is the copy's next event; for a record, its conversation and time.
func (c *copyReader) next() (copyRecord, error) {
	ev, err := c.s.next()
	if err != nil {
		return copyRecord{}, err
	}
	cr := copyRecord{ev: ev}
	rec := ev.rec
	if rec == nil {
		return cr, nil
	}
	if c.csv && !c.started {
		c.started = true
		if rules.IsCSVHeader(c.feed, rec) {
			for i := range rec.Values {
				switch string(rec.Values[i].Raw) {
				case "conversation_externalId":
					c.convCol = i
				case "timestamp":
					c.tsCol = i
				}
			}
			cr.ev.rec = nil // the header: written as it is, like a gap
			cr.ev.gap = append(append([]byte(nil), rec.Raw...), ev.term...)
			return cr, nil
		}
	}
	conv, ts := c.values(rec)
	if conv != nil && conv.Kind != records.Null {
		cr.conv = conv.Raw
	}
	if ts != nil && ts.Kind == records.String {
		ns, st := schemas.ParseTimestamp(ts.Raw)
		cr.ts, cr.tsOK = ns, st == schemas.TimeOK || st == schemas.TimeNoZone || st == schemas.TimeNotUTC
	}
	cr.line = c.lineAt(rec.Offset)
	return cr, nil
}

func (c *copyReader) values(rec *records.Record) (conv, ts *records.Value) {
	if c.csv {
		if c.convCol >= 0 && c.convCol < len(rec.Values) {
			conv = &rec.Values[c.convCol]
		}
		if c.tsCol >= 0 && c.tsCol < len(rec.Values) {
			ts = &rec.Values[c.tsCol]
		}
		return conv, ts
	}
	for i := range rec.Values {
		v := &rec.Values[i]
		switch {
		case conv == nil && string(v.Key) == "conversation_externalId":
			conv = v
		case ts == nil && string(v.Key) == "timestamp":
			ts = v
		}
	}
	return conv, ts
}

// lineAt is the input line of the copy's record at offset off, from the
// (offset, line) pairs pass 1 wrote in order.
func (c *copyReader) lineAt(off int64) int32 {
	for {
		if !c.have {
			if _, err := io.ReadFull(c.lines, c.entry[:]); err != nil {
				return 0
			}
			c.have = true
		}
		at := int64(binary.LittleEndian.Uint64(c.entry[:8]))
		switch {
		case at < off:
			c.have = false
		case at == off:
			c.have = false
			return int32(binary.LittleEndian.Uint32(c.entry[8:]))
		default:
			return 0
		}
	}
}

// pass2 rewrites a transcript file's copy as decide said.
func (r *runner) pass2(j *job) error {
	old := j.tgt
	in, err := os.Open(old.TempName())
	if err != nil {
		return err
	}
	defer in.Close()
	var sp *spill
	for _, a := range j.actions {
		if a == actRegroup {
			sp = &spill{dir: r.tmp}
			break
		}
	}
	var g *gathering
	if sp != nil {
		defer sp.close()
		if g, err = r.extract(j, in, sp); err != nil {
			return err
		}
		if _, err := in.Seek(0, 0); err != nil {
			return err
		}
	}
	tgt, err := newTarget(j, r.tmp, r.opt.Stdout)
	if err != nil {
		return err
	}
	if err := r.rewrite(j, in, tgt, sp, g); err != nil {
		tgt.Discard()
		return err
	}
	old.Discard()
	j.tgt = tgt
	return nil
}

// extract puts the records of the conversations to gather through the
// spill: numbered by first appearance, keyed by their instant (a record
// without one keeps to the record before it), in file order otherwise.
// It reports the conversations that are in order after all (only a
// message at the same instant as one before it, which may be a copy):
// those stay where they are.
func (r *runner) extract(j *job, in io.Reader, sp *spill) (*gathering, error) {
	cr, err := newCopyReader(in, j)
	if err != nil {
		return nil, err
	}
	g := &gathering{ord: map[string]uint32{}}
	for seq := uint64(0); ; seq++ {
		c, err := cr.next()
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		if c.ev.rec == nil || j.actions[string(c.conv)] != actRegroup {
			continue
		}
		ord, ok := g.ord[string(c.conv)]
		if !ok {
			ord = uint32(len(g.last))
			g.ord[string(c.conv)] = ord
			g.last = append(g.last, math.MinInt64)
			g.inOrder = append(g.inOrder, true)
		}
		key := g.last[ord]
		if c.tsOK {
			if c.ts < key {
				g.inOrder[ord] = false
			}
			key = c.ts
			g.last[ord] = key
		}
		if err := sp.add(spillEntry{ord: ord, key: key, seq: seq, line: c.line, tsOK: c.tsOK}, c.ev.rec.Raw, c.ev.term); err != nil {
			return nil, err
		}
	}
}

// gathering is pass 2's view of the conversations to gather, numbered by
// first appearance: one map from id to number, the rest by number.
type gathering struct {
	ord     map[string]uint32
	last    []int64 // the latest instant read, while extracting
	inOrder []bool  // in order after all: stays in place
}

// rewrite copies the copy into tgt, dropping and gathering conversations.
func (r *runner) rewrite(j *job, in io.Reader, tgt target, sp *spill, g *gathering) error {
	cr, err := newCopyReader(in, j)
	if err != nil {
		return err
	}
	var m *merged
	var st []sameInstant // by conversation number; started once its first record is met
	if sp != nil {
		if m, err = sp.merge(); err != nil {
			return err
		}
		st = make([]sameInstant, len(g.last))
	}
	out := newOutput(tgt)
	termSet := false
	j.recOut = 0
	for n := 0; ; n++ {
		if n&1023 == 0 && r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		c, err := cr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		out.raw(c.ev.gap)
		if c.ev.rec == nil {
			continue
		}
		if !termSet && len(c.ev.term) > 0 {
			out.defTerm, termSet = append([]byte(nil), c.ev.term...), true
		}
		switch j.actions[string(c.conv)] {
		case actDrop:
		case actRegroup:
			ord := g.ord[string(c.conv)]
			if !st[ord].started {
				st[ord].started = true
				if err := r.gather(j, out, m, c.conv, !g.inOrder[ord]); err != nil {
					return err
				}
			}
			if g.inOrder[ord] {
				r.inPlace(j, out, &st[ord], &c)
			}
		default:
			out.record(c.ev.rec.Raw, c.ev.term)
			j.recOut++
		}
	}
	return out.flush()
}

// sameInstant is the messages of a conversation at its latest instant.
type sameInstant struct {
	started bool
	ts      int64
	keys    [][2]uint64
}

// inPlace writes a record of a conversation that is in order where it
// is, unless it is an exact copy of a message at the same instant.
func (r *runner) inPlace(j *job, out *output, st *sameInstant, c *copyRecord) {
	if c.tsOK {
		if c.ts != st.ts {
			st.ts, st.keys = c.ts, st.keys[:0]
		}
		k := recordKey(c.ev.rec.Raw)
		if containsKey(st.keys, k) {
			r.log.add(j, Change{Rule: rules.RecordDuplicate, Line: int(c.line), Conversation: show(c.conv), Action: "remove",
				Before: show(c.ev.rec.Raw), After: "removed: the same message at the same instant"})
			return
		}
		st.keys = append(st.keys, k)
	}
	out.record(c.ev.rec.Raw, c.ev.term)
	j.recOut++
}

// gather takes the next conversation of the merged spill and, when
// write, writes every record, in timestamp order, an exact copy of a
// message at the same instant dropped.
func (r *runner) gather(j *job, out *output, m *merged, conv []byte, write bool) error {
	var ord uint32
	first := true
	var keys [][2]uint64
	var group int64
	after := ""
	n := 0
	firstLine := int32(0)
	for {
		e, ok, err := m.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if first {
			ord, first = e.ord, false
		} else if e.ord != ord {
			m.unread()
			break
		}
		if !write {
			continue
		}
		rec := e.data[:e.n]
		if e.line > 0 && (firstLine == 0 || e.line < firstLine) {
			firstLine = e.line
		}
		if e.key != group || n == 0 {
			group, keys = e.key, keys[:0]
		}
		if e.tsOK {
			k := recordKey(rec)
			if containsKey(keys, k) {
				r.log.add(j, Change{Rule: rules.RecordDuplicate, Line: int(e.line), Conversation: show(conv), Action: "remove",
					Before: show(rec), After: "removed: the same message at the same instant"})
				continue
			}
			keys = append(keys, k)
		}
		out.record(rec, e.data[e.n:])
		j.recOut++
		if n < 12 {
			after += fmt.Sprintf("%s%d", sepIf(n), e.line)
		} else if n == 12 {
			after += ", …"
		}
		n++
	}
	if !write {
		return nil
	}
	r.log.add(j, Change{Rule: rules.TranscriptOrder, Line: int(firstLine), Field: "timestamp", Conversation: show(conv), Action: "reorder",
		Before: "messages spread over the file, out of order", After: "together, in timestamp order: lines " + after})
	return nil
}

func containsKey(keys [][2]uint64, k [2]uint64) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

func sepIf(n int) string {
	if n == 0 {
		return ""
	}
	return ", "
}
