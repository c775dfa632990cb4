package rules

import (
	"bytes"
	"hash/maphash"
)

// A run remembers every conversation it has seen, so this table is what
// bounds memory on transcripts: about 110 bytes per conversation, with no Go
// string or pointer per conversation for the collector to trace. Ids live in
// a byte arena, state in fixed-size chunks (no doubling slack, no copying
// once a chunk is full), and the index is keyed by a 64-bit hash of the id,
// checked against the stored bytes so a hash collision can never merge two
// conversations. The first chunk and the arena blocks start small and
// double up to their full size, so a file with three conversations holds a
// few hundred bytes until the end of the run, not a full chunk.

const (
	convChunk  = 4096
	arenaChunk = 1 << 20
	maxSenders = 4

	convChunkMin  = 16
	arenaChunkMin = 512
)

// convState is what a run remembers of one conversation: a few words, never
// its text.
type convState struct {
	lastTS, minTS int64
	seq           uint64 // order-sensitive hash of (role, text) of every message
	content       uint64 // sum of hashes of (role, text, timestamp) of every message
	lastHash      uint64 // hash of a message at lastTS, for record/duplicate
	senders       [maxSenders]uint64
	file, line    int32 // first appearance
	msgs          int32
	lastLine      int32
	id            idRef
	senderRole    [maxSenders]uint8
	nSenders      uint8
	roles         uint8 // roleAgent | roleCustomer | roleBot seen
	flags         uint8
	reported      uint8 // sender conflicts already reported, by sender slot
}

const (
	hasLast uint8 = 1 << iota
	hasMin
	// unknownParty: a message whose sender_role is missing, null or not
	// recognisable, so who took part cannot be judged (single-party).
	unknownParty
	// brokenMessage: a row with the wrong field count, whose values were
	// not read, so the conversation's content is not known in full.
	brokenMessage
	// selfRepeated: the conversation was its own messages several times
	// over, reported once; its state now counts one copy.
	selfRepeated
	// duplicated: reported as the same transcript as an earlier one.
	duplicated
)

// convExtra holds the rare overflow: more than maxSenders senders, several
// messages sharing the last timestamp, appearances in later files, and the
// findings held back until the file's end shows whether the conversation
// was exported again under its own id (see repeats.go).
type convExtra struct {
	senders []sender
	// senderAt indexes senders by hash once they are many, so a
	// conversation of a million senders (a constant id column) is not
	// searched end to end for each of them.
	senderAt map[uint64]int
	sameTS   []uint64
	// sameSet holds sameTS once the run is long, for the same reason.
	sameSet  map[uint64]struct{}
	split    []loc
	reported map[uint64]bool
	repeat   *selfRepeat
}

// indexFrom is the length from which a list in convExtra is indexed.
const indexFrom = 32

type sender struct {
	h    uint64
	role uint8
}

type loc struct{ file, line int32 }

type idRef struct{ chunk, off, n int32 }

type convTable struct {
	idx    map[uint64]int32
	byID   map[string]int32 // ids whose hash another id already holds
	chunks [][]convState
	arena  [][]byte
	extra  map[int32]*convExtra
	n      int32
	// last is the conversation found last, and lastH its id's hash: rows
	// of one conversation mostly follow each other, and this spares them
	// the map.
	last  int32
	lastH uint64
}

func newConvTable() *convTable {
	return &convTable{idx: map[uint64]int32{}, extra: map[int32]*convExtra{}}
}

func (t *convTable) at(i int32) *convState { return &t.chunks[i/convChunk][i%convChunk] }

func (t *convTable) id(i int32) []byte {
	r := t.at(i).id
	return t.arena[r.chunk][r.off : r.off+r.n]
}

func (t *convTable) lookup(id []byte) (int32, bool) {
	return t.find(maphash.Bytes(hashSeed, id), id)
}

// find is lookup for an id whose hash h is known.
func (t *convTable) find(h uint64, id []byte) (int32, bool) {
	if t.n > 0 && t.lastH == h && bytes.Equal(t.id(t.last), id) {
		return t.last, true
	}
	i, ok := t.idx[h]
	if !ok {
		return 0, false
	}
	if !bytes.Equal(t.id(i), id) {
		if i, ok = t.byID[string(id)]; !ok {
			return 0, false
		}
	}
	t.last, t.lastH = i, h
	return i, true
}

// add stores a new conversation (the caller checked lookup first).
func (t *convTable) add(id []byte, st convState) int32 {
	return t.addHashed(maphash.Bytes(hashSeed, id), id, st)
}

// addHashed is add for an id whose hash h is known.
func (t *convTable) addHashed(h uint64, id []byte, st convState) int32 {
	i := t.n
	t.n++
	c, off := int(i/convChunk), int(i%convChunk)
	switch {
	case c == 0 && len(t.chunks) == 0:
		t.chunks = append(t.chunks, make([]convState, convChunkMin))
	case c == len(t.chunks):
		// Past the first chunk the table is large: full chunks, no copies.
		t.chunks = append(t.chunks, make([]convState, convChunk))
	case off == len(t.chunks[c]):
		// Only the first chunk grows, and only in add: callers hold a
		// *convState across nothing that adds.
		grown := make([]convState, min(2*off, convChunk))
		copy(grown, t.chunks[c])
		t.chunks[c] = grown
	}
	st.id = t.storeID(id)
	*t.at(i) = st
	t.last, t.lastH = i, h
	if _, taken := t.idx[h]; taken {
		if t.byID == nil {
			t.byID = map[string]int32{}
		}
		t.byID[string(id)] = i
	} else {
		t.idx[h] = i
	}
	return i
}

func (t *convTable) storeID(id []byte) idRef {
	if len(id) > arenaChunk/4 {
		t.arena = append(t.arena, append([]byte(nil), id...))
		return idRef{int32(len(t.arena) - 1), 0, int32(len(id))}
	}
	last := len(t.arena) - 1
	if last < 0 || len(t.arena[last])+len(id) > cap(t.arena[last]) {
		size := arenaChunkMin
		if last >= 0 {
			size = min(2*cap(t.arena[last]), arenaChunk)
		}
		t.arena = append(t.arena, make([]byte, 0, max(size, len(id))))
		last++
	}
	off := len(t.arena[last])
	t.arena[last] = append(t.arena[last], id...)
	return idRef{int32(last), int32(off), int32(len(id))}
}

func (t *convTable) more(i int32) *convExtra {
	e := t.extra[i]
	if e == nil {
		e = &convExtra{}
		t.extra[i] = e
	}
	return e
}

// senderRoleOf finds the role a sender had in this conversation; ok is false
// for a sender not seen before, which it then records with role.
func (t *convTable) senderRoleOf(i int32, h uint64, role uint8) (prev uint8, slot int, ok bool) {
	c := t.at(i)
	for k := 0; k < int(c.nSenders); k++ {
		if c.senders[k] == h {
			return c.senderRole[k], k, true
		}
	}
	if e := t.extra[i]; e != nil {
		if k, ok := e.findSender(h); ok {
			return e.senders[k].role, maxSenders + k, true
		}
	}
	if c.nSenders < maxSenders {
		c.senders[c.nSenders], c.senderRole[c.nSenders] = h, role
		c.nSenders++
	} else {
		t.more(i).addSender(sender{h, role})
	}
	return 0, 0, false
}

func (e *convExtra) findSender(h uint64) (int, bool) {
	if e.senderAt != nil {
		k, ok := e.senderAt[h]
		return k, ok
	}
	for k, s := range e.senders {
		if s.h == h {
			return k, true
		}
	}
	return 0, false
}

func (e *convExtra) addSender(s sender) {
	e.senders = append(e.senders, s)
	if e.senderAt == nil && len(e.senders) >= indexFrom {
		e.senderAt = make(map[uint64]int, 2*len(e.senders))
		for k, s := range e.senders {
			e.senderAt[s.h] = k
		}
	} else if e.senderAt != nil {
		e.senderAt[s.h] = len(e.senders) - 1
	}
}

// sameRun reports whether h is in the run of message hashes sharing the
// last timestamp, and adds it.
func (e *convExtra) sameRun(h uint64) bool {
	var seen bool
	if e.sameSet != nil {
		_, seen = e.sameSet[h]
	} else {
		for _, x := range e.sameTS {
			seen = seen || x == h
		}
	}
	e.sameTS = append(e.sameTS, h)
	if e.sameSet == nil && len(e.sameTS) >= indexFrom {
		e.sameSet = make(map[uint64]struct{}, 2*len(e.sameTS))
		for _, x := range e.sameTS {
			e.sameSet[x] = struct{}{}
		}
	} else if e.sameSet != nil {
		e.sameSet[h] = struct{}{}
	}
	return seen
}

// endRun forgets the run of messages sharing the last timestamp.
func (e *convExtra) endRun() {
	e.sameTS, e.sameSet = e.sameTS[:0], nil
}

// markReported records that a sender's conflict was reported, so it is
// reported once per conversation; it says whether it was already.
func (t *convTable) markReported(i int32, slot int, h uint64) bool {
	c := t.at(i)
	if slot < maxSenders {
		bit := uint8(1) << slot
		was := c.reported&bit != 0
		c.reported |= bit
		return was
	}
	e := t.more(i)
	if e.reported == nil {
		e.reported = map[uint64]bool{}
	}
	was := e.reported[h]
	e.reported[h] = true
	return was
}

// dropScratch releases what is only needed while a file is read.
func (t *convTable) dropScratch() {
	for i, e := range t.extra {
		e.senders, e.senderAt, e.sameTS, e.sameSet, e.reported, e.repeat = nil, nil, nil, nil, nil, nil
		if len(e.split) == 0 {
			delete(t.extra, i)
		}
	}
}
