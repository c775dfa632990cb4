package rules

import (
	"math/bits"
	"sort"
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
type dupFile struct {
	shards [dupShards]dupShard
	n      int
}

const dupShards = 64

type dupShard struct {
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

// insert records h at line, or returns the line h was first seen on.
func (d *dupFile) insert(h uint64, line int32) (first int32, dup bool) {
	if h == 0 {
		h = 1
	}
	s := &d.shards[h%dupShards]
	if len(s.keys) == 0 {
		s.alloc(shardMin)
	} else if (s.n+1)*20 > len(s.keys)*17 { // load factor 0.85
		s.grow()
	}
	first, dup = s.insert(h, line)
	if !dup {
		d.n++
	}
	return first, dup
}

func (s *dupShard) insert(h uint64, line int32) (int32, bool) {
	n := uint64(len(s.keys))
	// Lemire's multiply-shift maps the hash onto any table size.
	hi, _ := bits.Mul64(h, n)
	for i := hi; ; {
		switch s.keys[i] {
		case 0:
			s.keys[i], s.lines[i] = h, line
			s.n++
			return 0, false
		case h:
			return s.lines[i], true
		}
		if i++; i == n {
			i = 0
		}
	}
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
		list = make([]hashLine, 0, r.table.n)
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
	out := make([]hashLine, 0, d.n)
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
	if line, dup := fc.dup.insert(fc.recordHash(row), int32(row.Rec.Line)); dup {
		fc.duplicate(row, int(line))
	}
}
