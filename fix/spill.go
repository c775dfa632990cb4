package fix

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
)

// spill sorts the records of the conversations pass 2 gathers, however
// many: they are sorted in memory in chunks of up to spillBytes (the
// records and their index together), each chunk is written to a file in
// the run's temporary directory, and the chunks are merged as they are
// read back.
type spill struct {
	dir   string
	mem   []memEntry
	arena []byte
	files []*os.File
}

// spillBytes bounds the memory the sort takes (a variable so tests can
// force chunks to disk).
var spillBytes = 32 << 20

// spillEntry is one record: its conversation (numbered by first
// appearance), sort key and position in the file, input line, and bytes:
// the record's n, then its line end's tn.
type spillEntry struct {
	ord   uint32
	key   int64
	seq   uint64
	line  int32
	tsOK  bool
	n, tn int32
	data  []byte // n+tn bytes, as merged
}

// memEntry is a spillEntry held in memory, its bytes at off in the arena:
// 40 bytes and no pointer.
type memEntry struct {
	key        int64
	seq        uint64
	ord        uint32
	line       int32
	off, n, tn int32
	tsOK       bool
}

// memEntrySize is what a memEntry costs, for the memory bound.
const memEntrySize = 40

const spillHeader = 4 + 8 + 8 + 4 + 1 + 4 + 4

func (e *spillEntry) less(o *spillEntry) bool {
	return lessKey(e.ord, e.key, e.seq, o.ord, o.key, o.seq)
}

func lessKey(ord uint32, key int64, seq uint64, ord2 uint32, key2 int64, seq2 uint64) bool {
	if ord != ord2 {
		return ord < ord2
	}
	if key != key2 {
		return key < key2
	}
	return seq < seq2
}

// add takes a record (b) and its line end (term).
func (s *spill) add(e spillEntry, b, term []byte) error {
	if s.arena == nil {
		s.arena = make([]byte, 0, spillBytes)
	}
	s.mem = append(s.mem, memEntry{key: e.key, seq: e.seq, ord: e.ord, line: e.line, tsOK: e.tsOK,
		off: int32(len(s.arena)), n: int32(len(b)), tn: int32(len(term))})
	s.arena = append(s.arena, b...)
	s.arena = append(s.arena, term...)
	if len(s.arena)+memEntrySize*len(s.mem) >= spillBytes {
		return s.flushChunk()
	}
	return nil
}

func (s *spill) sortMem() {
	sort.Slice(s.mem, func(i, k int) bool {
		a, b := &s.mem[i], &s.mem[k]
		return lessKey(a.ord, a.key, a.seq, b.ord, b.key, b.seq)
	})
}

// entry is in-memory entry m as a spillEntry.
func (s *spill) entry(m *memEntry) spillEntry {
	return spillEntry{ord: m.ord, key: m.key, seq: m.seq, line: m.line, tsOK: m.tsOK, n: m.n, tn: m.tn,
		data: s.arena[m.off : m.off+m.n+m.tn]}
}

func (s *spill) flushChunk() error {
	s.sortMem()
	f, err := os.CreateTemp(s.dir, "spill-*")
	if err != nil {
		return err
	}
	s.files = append(s.files, f)
	w := bufio.NewWriterSize(f, 1<<20)
	var h [spillHeader]byte
	for i := range s.mem {
		e := s.entry(&s.mem[i])
		binary.LittleEndian.PutUint32(h[0:], e.ord)
		binary.LittleEndian.PutUint64(h[4:], uint64(e.key))
		binary.LittleEndian.PutUint64(h[12:], e.seq)
		binary.LittleEndian.PutUint32(h[20:], uint32(e.line))
		h[24] = 0
		if e.tsOK {
			h[24] = 1
		}
		binary.LittleEndian.PutUint32(h[25:], uint32(e.n))
		binary.LittleEndian.PutUint32(h[29:], uint32(e.tn))
		_, _ = w.Write(h[:]) // a bufio error is sticky: Flush returns it
		_, _ = w.Write(e.data)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	s.mem, s.arena = s.mem[:0], s.arena[:0]
	return nil
}

// close removes the chunk files.
func (s *spill) close() {
	for _, f := range s.files {
		f.Close()
		os.Remove(f.Name())
	}
	s.files = nil
}

// source is one sorted run being merged: a chunk file or the memory.
type source struct {
	cur  spillEntry
	r    *bufio.Reader
	sp   *spill // the memory's entries, when r is nil
	next int
	buf  []byte
	done bool
}

func (src *source) advance() error {
	if src.r == nil {
		if src.next == len(src.sp.mem) {
			src.done = true
			return nil
		}
		src.cur = src.sp.entry(&src.sp.mem[src.next])
		src.next++
		return nil
	}
	var h [spillHeader]byte
	if _, err := io.ReadFull(src.r, h[:]); err != nil {
		if errors.Is(err, io.EOF) {
			src.done = true
			return nil
		}
		return fmt.Errorf("reading back a sort chunk: %w", err)
	}
	e := spillEntry{
		ord: binary.LittleEndian.Uint32(h[0:]), key: int64(binary.LittleEndian.Uint64(h[4:])),
		seq: binary.LittleEndian.Uint64(h[12:]), line: int32(binary.LittleEndian.Uint32(h[20:])), tsOK: h[24] == 1,
		n: int32(binary.LittleEndian.Uint32(h[25:])), tn: int32(binary.LittleEndian.Uint32(h[29:])),
	}
	need := int(e.n + e.tn)
	if cap(src.buf) < need {
		src.buf = make([]byte, need)
	}
	e.data = src.buf[:need]
	if _, err := io.ReadFull(src.r, e.data); err != nil {
		return fmt.Errorf("reading back a sort chunk: %w", err)
	}
	src.cur = e
	return nil
}

type sources []*source

func (h sources) Len() int           { return len(h) }
func (h sources) Less(i, k int) bool { return h[i].cur.less(&h[k].cur) }
func (h sources) Swap(i, k int)      { h[i], h[k] = h[k], h[i] }
func (h *sources) Push(x any)        { *h = append(*h, x.(*source)) }
func (h *sources) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// merged reads every record back in order. The entry it returns is valid
// until the next call.
type merged struct {
	h     sources
	last  *source
	again bool
}

func (s *spill) merge() (*merged, error) {
	s.sortMem()
	m := &merged{}
	for _, f := range s.files {
		if _, err := f.Seek(0, 0); err != nil {
			return nil, err
		}
		m.h = append(m.h, &source{r: bufio.NewReaderSize(f, 256<<10)})
	}
	m.h = append(m.h, &source{sp: s})
	live := m.h[:0]
	for _, src := range m.h {
		if err := src.advance(); err != nil {
			return nil, err
		}
		if !src.done {
			live = append(live, src)
		}
	}
	m.h = live
	heap.Init(&m.h)
	return m, nil
}

// next is the next record; ok is false at the end.
func (m *merged) next() (e *spillEntry, ok bool, err error) {
	if m.again && m.last != nil {
		m.again = false
		return &m.last.cur, true, nil
	}
	if m.last != nil {
		if err := m.last.advance(); err != nil {
			return nil, false, err
		}
		if m.last.done {
			heap.Pop(&m.h)
		} else {
			heap.Fix(&m.h, 0)
		}
		m.last = nil
	}
	if len(m.h) == 0 {
		return nil, false, nil
	}
	m.last = m.h[0]
	return &m.last.cur, true, nil
}

// unread makes next return the entry it returned last once more.
func (m *merged) unread() { m.again = true }
