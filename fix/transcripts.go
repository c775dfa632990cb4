package fix

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/preflight-data/preflight/rules"
)

// A transcript export usually holds each conversation's messages together.
// fix collects such a run of messages in a window, sorts it stably by
// timestamp, drops exact copies of a message (which carry its timestamp,
// so they meet in the sort) and writes it. A window is bounded: a longer
// run is written in parts, like a conversation whose messages are spread
// over the file. Such a conversation is written as it comes, and if a later
// part goes back in time (or may repeat a message), the second pass
// gathers it at its first line in timestamp order (pass2.go).

// windowBytes bounds a window (a variable so tests can force parts).
var windowBytes = 8 << 20

type trFile struct {
	win   window
	order []int
	keys  [][2]uint64
	table convTable
	lines *bufio.Writer // (copy offset, input line) of every record written
	entry [12]byte
}

func newTrFile() *trFile { return &trFile{table: convTable{idx: map[string]int32{}}} }

// window is one conversation's run of messages, as written by fix.
type window struct {
	id      []byte
	line    int32
	arena   []byte
	items   []item
	minTS   int64
	maxTS   int64
	anyTS   bool
	sorted  bool
	dups    bool // a message shares a timestamp with an earlier one
	broken  bool // a row or line in it could not be read
	lastKey int64
	changes []Change // the messages' changes, logged once they are written
}

// item is a record (or an unreadable line, raw) in a window's arena: n
// bytes of record, then its line end.
type item struct {
	off, n, tn int32
	line       int32
	c0, c1     int32 // its changes in the window's list
	dropped    bool  // an exact copy of a message before it
	key        int64 // sort key: its instant, or its predecessor's for one without
	tsOK       bool
	raw        bool
	msg        [2]uint64
}

func (w *window) start(id []byte, line int) {
	w.id = append(w.id[:0], id...)
	w.line = int32(line)
	w.arena, w.items, w.changes = w.arena[:0], w.items[:0], w.changes[:0]
	w.anyTS, w.sorted, w.dups, w.broken = false, true, false, false
	w.lastKey = math.MinInt64
}

func (w *window) push(b, term []byte, it item) {
	it.off, it.n, it.tn = int32(len(w.arena)), int32(len(b)), int32(len(term))
	w.arena = append(w.arena, b...)
	w.arena = append(w.arena, term...)
	w.items = append(w.items, it)
}

func (w *window) addRecord(b, term []byte, line int, m *message) {
	it := item{line: int32(line), key: w.lastKey, msg: m.hash}
	if m.broken {
		w.broken = true
	} else if m.tsOK {
		it.key, it.tsOK = m.ts, true
		switch {
		case !w.anyTS:
			w.anyTS, w.minTS, w.maxTS = true, m.ts, m.ts
		case m.ts <= w.maxTS:
			w.dups = true
			w.sorted = w.sorted && m.ts == w.maxTS
			w.minTS = min(w.minTS, m.ts)
		default:
			w.maxTS = m.ts
		}
		w.lastKey = m.ts
	}
	w.push(b, term, it)
}

// add takes a record of a transcript file.
func (t *trFile) add(p *pass, out, term []byte, line int, m *message) {
	w := &t.win
	if m.conv == nil {
		// No conversation: written where it is, between conversations.
		t.flush(p)
		p.out.raw(p.gap)
		p.gap = p.gap[:0]
		p.keep()
		t.write(p, out, term, line)
		return
	}
	if len(w.items) > 0 && !bytes.Equal(w.id, m.conv) {
		t.flush(p)
	}
	if len(p.gap) > 0 {
		if len(w.items) > 0 {
			// Lines that could not be read, inside a conversation: they
			// stay with the message before them.
			w.push(p.gap, nil, item{key: w.lastKey, raw: true})
			w.broken = true
		} else {
			p.out.raw(p.gap)
		}
		p.gap = p.gap[:0]
	}
	if len(w.items) == 0 {
		w.start(m.conv, line)
	}
	w.addRecord(out, term, line, m)
	it := &w.items[len(w.items)-1]
	it.c0 = int32(len(w.changes))
	w.changes = append(w.changes, p.held...)
	it.c1 = int32(len(w.changes))
	p.held = p.held[:0]
	if len(w.arena) > windowBytes {
		t.flush(p)
	}
}

// write writes one record and remembers where it went.
func (t *trFile) write(p *pass, b, term []byte, line int) {
	off := p.out.record(b, term)
	e := t.entry[:]
	binary.LittleEndian.PutUint64(e[:8], uint64(off))
	binary.LittleEndian.PutUint32(e[8:], uint32(line))
	_, _ = t.lines.Write(e) // a bufio error is sticky: Flush returns it
	p.j.recOut++
}

// flush sorts, deduplicates and writes the window.
func (t *trFile) flush(p *pass) {
	w := &t.win
	if len(w.items) == 0 {
		return
	}
	order := t.order[:0]
	for i := range w.items {
		order = append(order, i)
	}
	if !w.sorted {
		sort.SliceStable(order, func(a, b int) bool { return w.items[order[a]].key < w.items[order[b]].key })
		p.change(Change{Rule: rules.TranscriptOrder, Line: int(w.line), Field: "timestamp", Conversation: show(w.id),
			Action: "reorder", Before: "lines " + lineList(w.items, nil), After: "lines " + lineList(w.items, order)})
	}
	if w.dups {
		order = t.dedup(p, order)
	}
	var msgs int32
	var sum [2]uint64
	for _, i := range order {
		if it := &w.items[i]; !it.raw {
			msgs++
			sum[0] += it.msg[0]
			sum[1] += it.msg[1]
		}
	}
	t.table.run(w, msgs, sum)
	for i := range w.items {
		if it := &w.items[i]; !it.dropped {
			for _, c := range w.changes[it.c0:it.c1] {
				p.change(c)
			}
		}
	}
	for _, i := range order {
		it := &w.items[i]
		b := w.arena[it.off : it.off+it.n+it.tn]
		if it.raw {
			p.out.raw(b)
		} else {
			t.write(p, b[:it.n], b[it.n:], int(it.line))
		}
	}
	t.order = order[:0]
	w.items = w.items[:0]
}

// dedup drops, from a window in timestamp order, each message that is
// byte for byte a message before it at the same instant.
func (t *trFile) dedup(p *pass, order []int) []int {
	w := &t.win
	kept := order[:0]
	keys := t.keys[:0]
	group := 0 // where the kept messages of the current instant begin
	for _, i := range order {
		it := &w.items[i]
		if len(kept) > 0 && w.items[kept[len(kept)-1]].key != it.key {
			group = len(kept)
		}
		var k [2]uint64
		if it.tsOK {
			k = recordKey(w.arena[it.off : it.off+it.n])
			if j := sameKey(w, kept[group:], keys[group:], k); j >= 0 {
				it.dropped = true
				p.change(Change{Rule: rules.RecordDuplicate, Line: int(it.line), Conversation: show(w.id), Action: "remove",
					Before: show(w.arena[it.off : it.off+it.n]), After: fmt.Sprintf("removed: the same message as line %d", w.items[j].line)})
				continue
			}
		}
		kept = append(kept, i)
		keys = append(keys, k)
	}
	t.keys = keys[:0]
	return kept
}

func sameKey(w *window, kept []int, keys [][2]uint64, k [2]uint64) int {
	for n, i := range kept {
		if w.items[i].tsOK && keys[n] == k {
			return i
		}
	}
	return -1
}

// lineList names the input lines of a window's messages, in order (nil:
// as read), shortened for display.
func lineList(items []item, order []int) string {
	var sb strings.Builder
	n := 0
	for k := range items {
		i := k
		if order != nil {
			i = order[k]
		}
		if items[i].raw {
			continue
		}
		if n == 12 {
			sb.WriteString(", …")
			break
		}
		if n > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(int(items[i].line)))
		n++
	}
	return sb.String()
}

// convTable is what a file leaves of its conversations for the run's
// decisions: a few words each, never its messages.
type convTable struct {
	idx  map[string]int32
	ents []convEntry
}

type convEntry struct {
	id    string
	sum   [2]uint64 // of its messages' hashes
	maxTS int64
	line  int32 // first input line
	msgs  int32
	flags uint8
}

const (
	convHasTS   uint8 = 1 << iota
	convBroken        // holds a line or row fix could not read: never judged a copy
	convSpread        // its messages are in more than one run
	convRegroup       // a later run goes back in time: pass 2 gathers it
)

// run records a window's messages under their conversation.
func (c *convTable) run(w *window, msgs int32, sum [2]uint64) {
	var flags uint8
	if w.anyTS {
		flags |= convHasTS
	}
	if w.broken {
		flags |= convBroken
	}
	i, ok := c.idx[string(w.id)]
	if !ok {
		id := string(w.id)
		c.idx[id] = int32(len(c.ents))
		c.ents = append(c.ents, convEntry{id: id, sum: sum, maxTS: w.maxTS, line: w.line, msgs: msgs, flags: flags})
		return
	}
	e := &c.ents[i]
	had := e.flags&convHasTS != 0
	if w.anyTS && had && w.minTS <= e.maxTS {
		e.flags |= convRegroup
	}
	if w.anyTS && (!had || e.maxTS < w.maxTS) {
		e.maxTS = w.maxTS
	}
	e.flags |= flags | convSpread
	e.msgs += msgs
	e.sum[0] += sum[0]
	e.sum[1] += sum[1]
}
