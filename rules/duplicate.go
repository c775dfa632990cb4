package rules

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"unsafe"
)

// dupFile remembers every record of a non-transcript file as a 64-bit hash
// and the line it first appeared on. Go maps took 75 bytes a record here;
// this takes about 17: open addressing with 12-byte slots and no pointers,
// a high load factor, growth by half instead of doubling, and 64 shards
// that grow one at a time, so a resize never holds two copies of the whole
// table. Two different records share a hash with odds of n²/2⁶⁵, about one
// in ten million for a billion records. Shards are allocated at their first
// record, so a one-record file costs one small shard, not 64; once a small
// file is read its table is compacted to a list (see compactMax).
//
// The parts of a large file are read at once and insert into one table,
// each shard behind its own lock. A hash keeps the smallest line it was
// inserted with, so the table ends the same whatever order the parts
// inserted in, and the copies found on the way (dupCopies) are exactly
// the records a front-to-back read finds repeated.
type dupFile struct {
	shards [dupShards]dupShard
}

const dupShards = 64

type dupShard struct {
	mu    sync.Mutex
	keys  []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	lines []int32
	slab  []byte // keys and lines live here, off the Go heap when large
	n     int
}

// slabMin is the table size from which a shard is mapped outside the heap.
const slabMin = 64 << 10

// shardMin is a shard's size at its first record.
const shardMin = 8

func newDupFile() *dupFile { return &dupFile{} }

func (s *dupShard) alloc(size int) {
	if size*12 < slabMin {
		s.keys, s.lines, s.slab = make([]uint64, size), make([]int32, size), nil
		return
	}
	s.slab = allocSlab(size * 12)
	s.keys = unsafe.Slice((*uint64)(unsafe.Pointer(&s.slab[0])), size)
	s.lines = unsafe.Slice((*int32)(unsafe.Pointer(&s.slab[8*size])), size)
}

// free returns the tables' memory; the dupFile is unusable afterwards.
func (d *dupFile) free() {
	for i := range d.shards {
		s := &d.shards[i]
		freeSlab(s.slab)
		s.keys, s.lines, s.slab = nil, nil, nil
	}
}

// insert records a record with hash h on line. When the hash was there
// already, one of the two lines is a copy of the other: copyLine is the
// later of them (line itself, or the line it displaced).
func (d *dupFile) insert(h uint64, line int32) (copyLine int32, dup bool) {
	if h == 0 {
		h = 1
	}
	s := &d.shards[h%dupShards]
	s.mu.Lock()
	copyLine, dup = s.add(h, line)
	s.mu.Unlock()
	return copyLine, dup
}

// insertAll inserts many records, shard by shard (one lock each), and
// calls copied for each copy found; scratch is reused memory, returned.
func (d *dupFile) insertAll(hs, scratch []hashLine, copied func(h uint64, line int32)) []hashLine {
	var at [dupShards + 1]int
	for _, e := range hs {
		at[shardOf(e.h)+1]++
	}
	for i := 1; i <= dupShards; i++ {
		at[i] += at[i-1]
	}
	scratch = slices.Grow(scratch[:0], len(hs))[:len(hs)]
	next := at
	for _, e := range hs {
		i := shardOf(e.h)
		scratch[next[i]] = e
		next[i]++
	}
	for i := range d.shards {
		if at[i] == at[i+1] {
			continue
		}
		s := &d.shards[i]
		s.mu.Lock()
		for _, e := range scratch[at[i]:at[i+1]] {
			h := max(e.h, 1)
			if line, dup := s.add(h, e.line); dup {
				copied(h, line)
			}
		}
		s.mu.Unlock()
	}
	return scratch
}

func shardOf(h uint64) uint64 { return max(h, 1) % dupShards }

// reserve sizes an empty table for about n records, so it does not grow
// (and copy itself) as they come.
func (d *dupFile) reserve(n int) {
	size := (n/dupShards)*20/17*9/8 + shardMin // and an eighth to spare
	for i := range d.shards {
		if s := &d.shards[i]; len(s.keys) == 0 {
			s.alloc(size)
		}
	}
}

// add is insert on a shard, under its lock.
func (s *dupShard) add(h uint64, line int32) (int32, bool) {
	if len(s.keys) == 0 {
		s.alloc(shardMin)
	} else if (s.n+1)*20 > len(s.keys)*17 { // load factor 0.85
		s.grow()
	}
	return s.insert(h, line)
}

func (s *dupShard) insert(h uint64, line int32) (int32, bool) {
	i := s.find(h)
	switch {
	case s.keys[i] == 0:
		s.keys[i], s.lines[i] = h, line
		s.n++
		return 0, false
	case line < s.lines[i]:
		s.lines[i], line = line, s.lines[i]
	}
	return line, true
}

// find is the slot holding h, or the empty slot where it goes.
func (s *dupShard) find(h uint64) uint64 {
	n := uint64(len(s.keys))
	// Lemire's multiply-shift maps the hash onto any table size.
	i, _ := bits.Mul64(h, n)
	for s.keys[i] != 0 && s.keys[i] != h {
		if i++; i == n {
			i = 0
		}
	}
	return i
}

// first is the line a hash was first seen on (0 when it was not).
func (d *dupFile) first(h uint64) int32 {
	if h == 0 {
		h = 1
	}
	s := &d.shards[h%dupShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.keys) == 0 {
		return 0
	}
	return s.lines[s.find(h)]
}

// count is how many distinct records the table holds.
func (d *dupFile) count() int {
	n := 0
	for i := range d.shards {
		n += d.shards[i].n
	}
	return n
}

func (s *dupShard) grow() {
	keys, lines, slab := s.keys, s.lines, s.slab
	s.alloc(len(keys) + len(keys)/2)
	s.n = 0
	for i, k := range keys {
		if k != 0 {
			s.insert(k, lines[i])
		}
	}
	freeSlab(slab)
}

// each visits every stored hash with its first line.
func (d *dupFile) each(fn func(h uint64, line int32)) {
	for si := range d.shards {
		s := &d.shards[si]
		for i, k := range s.keys {
			if k != 0 {
				fn(k, s.lines[i])
			}
		}
	}
}

// hashLine is one record of a file that has been read: its hash and line.
type hashLine struct {
	h    uint64
	line int32
}

// compactMax is the record count up to which a file's table is compacted
// once the file is read. A table has a fixed cost (64 shards, about 5 KB)
// that dominates a small file; a large file keeps its table, which is
// already proportional to it and costs no copy.
const compactMax = 1 << 14

// fileRecords is what a read file leaves for the run's cross-file check:
// its table, or for a small file an exactly-sized list.
type fileRecords struct {
	table *dupFile
	list  []hashLine
}

// sorted returns the records in line order, freeing the table.
func (r *fileRecords) sorted() []hashLine {
	list := r.list
	if r.table != nil {
		list = make([]hashLine, 0, r.table.count())
		r.table.each(func(h uint64, line int32) { list = append(list, hashLine{h, line}) })
		r.table.free()
	}
	sort.Slice(list, func(i, j int) bool { return list[i].line < list[j].line })
	return list
}

func (r *fileRecords) free() {
	if r.table != nil {
		r.table.free()
	}
}

// compact turns the table into an exactly-sized list, freeing each shard
// as soon as it is copied. The dupFile is unusable afterwards.
func (d *dupFile) compact() []hashLine {
	out := make([]hashLine, 0, d.count())
	for si := range d.shards {
		s := &d.shards[si]
		for i, k := range s.keys {
			if k != 0 {
				out = append(out, hashLine{k, s.lines[i]})
			}
		}
		freeSlab(s.slab)
		s.keys, s.lines, s.slab = nil, nil, nil
	}
	return out
}

func (fc *fileCtx) checkDuplicate(row *Row) {
	h, line := fc.recordHash(row), int32(row.Rec.Line)
	if fc.part != nil {
		// Inserted once the part is known to start at a record (parts.go).
		fc.part.hashes = append(fc.part.hashes, hashLine{h, line})
		return
	}
	if line, dup := fc.dup.insert(h, line); dup {
		fc.copies.add(h, line)
	}
}

// dupCopies are a file's records that repeat an earlier record of the
// file: how many, and the hashes and lines of the first of them, as many
// as the findings kept per rule (all when that is 0).
type dupCopies struct {
	n    int64
	max  int
	list []hashLine
}

func (c *dupCopies) add(h uint64, line int32) {
	c.n++
	if c.max > 0 && len(c.list) >= 2*c.max {
		c.prune()
	}
	c.list = append(c.list, hashLine{h, line})
}

// prune sorts the list by line and keeps its first max.
func (c *dupCopies) prune() {
	sort.Slice(c.list, func(i, j int) bool { return c.list[i].line < c.list[j].line })
	if c.max > 0 && len(c.list) > c.max {
		c.list = c.list[:c.max]
	}
}

func (c *dupCopies) merge(o *dupCopies) {
	for _, e := range o.list {
		c.add(e.h, e.line)
	}
	c.n += o.n - int64(len(o.list))
}

// finishDuplicates reports the file's copies, in line order, each against
// the first line its record was seen on.
func (fc *fileCtx) finishDuplicates() {
	c := &fc.copies
	kept := fc.coll.wantN(RecordDuplicate, c.n)
	if kept == 0 {
		return
	}
	c.prune()
	for _, e := range c.list[:min(int64(len(c.list)), kept)] {
		fc.coll.add(Finding{Rule: RecordDuplicate, File: fc.plan.display, Line: int(e.line), Col: 1,
			Message: fmt.Sprintf("record is identical to line %d", fc.dup.first(e.h)),
			Fix:     "Remove duplicate records: deduplicate the export (SELECT DISTINCT, or fix the join that repeats rows)."})
	}
	c.list = nil
}
