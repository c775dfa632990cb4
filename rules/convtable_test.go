package rules

import (
	"fmt"
	"hash/maphash"
	"testing"
)

func TestConvTable(t *testing.T) {
	tb := newConvTable()
	for i := 0; i < 3*convChunk; i++ {
		id := []byte(fmt.Sprintf("conv-%d", i))
		if _, ok := tb.lookup(id); ok {
			t.Fatalf("%s found before it was added", id)
		}
		tb.add(id, convState{line: int32(i + 2)})
	}
	for i := 0; i < 3*convChunk; i++ {
		id := fmt.Sprintf("conv-%d", i)
		j, ok := tb.lookup([]byte(id))
		if !ok || string(tb.id(j)) != id || tb.at(j).line != int32(i+2) {
			t.Fatalf("%s: got %v %q", id, ok, tb.id(j))
		}
	}
	long := make([]byte, arenaChunk)
	for i := range long {
		long[i] = 'x'
	}
	j := tb.add(long, convState{})
	if k, ok := tb.lookup(long); !ok || k != j {
		t.Fatal("a 1 MiB id must be stored and found")
	}
}

// A 64-bit hash collision must never merge two conversations.
func TestConvTableCollision(t *testing.T) {
	tb := newConvTable()
	a := tb.add([]byte("A"), convState{line: 1})
	// Pretend "B" hashes like "A" by pointing B's hash slot at A first.
	tb.idx[maphash.Bytes(hashSeed, []byte("B"))] = a
	if _, ok := tb.lookup([]byte("B")); ok {
		t.Fatal("B must not be found as A")
	}
	b := tb.add([]byte("B"), convState{line: 2})
	if got, ok := tb.lookup([]byte("B")); !ok || got != b || tb.at(got).line != 2 {
		t.Fatalf("B after collision: %v %v", got, ok)
	}
	if got, _ := tb.lookup([]byte("A")); got != a {
		t.Fatal("A lost")
	}
}

func TestConvTableSenders(t *testing.T) {
	tb := newConvTable()
	i := tb.add([]byte("c"), convState{})
	for s := uint64(1); s <= 7; s++ {
		if _, _, seen := tb.senderRoleOf(i, s, roleAgent); seen {
			t.Fatalf("sender %d seen before it was added", s)
		}
	}
	for s := uint64(1); s <= 7; s++ {
		prev, slot, seen := tb.senderRoleOf(i, s, roleCustomer)
		if !seen || prev != roleAgent {
			t.Fatalf("sender %d: %v %v", s, prev, seen)
		}
		if tb.markReported(i, slot, s) {
			t.Fatalf("sender %d reported twice", s)
		}
		if !tb.markReported(i, slot, s) {
			t.Fatalf("sender %d: second report not remembered", s)
		}
	}
}

func TestDupFile(t *testing.T) {
	// A million records: every shard outgrows the heap and moves to a slab.
	const n = 1 << 20
	d := newDupFile()
	defer d.free()
	for i := 0; i < n; i++ {
		if _, dup := d.insert(uint64(i+1)*0x9E3779B97F4A7C15, int32(i+2)); dup {
			t.Fatalf("%d: false duplicate", i)
		}
	}
	for i := 0; i < n; i += 999 {
		// A later line is the copy; an earlier one (parts of a file insert
		// in any order) makes the line it displaces the copy.
		h := uint64(i+1) * 0x9E3779B97F4A7C15
		if line, dup := d.insert(h, int32(i+3)); !dup || line != int32(i+3) {
			t.Fatalf("%d: got %d %v, want copy line %d", i, line, dup, i+3)
		}
		if line, dup := d.insert(h, 1); !dup || line != int32(i+2) {
			t.Fatalf("%d: got %d %v, want copy line %d", i, line, dup, i+2)
		}
		if first := d.first(h); first != 1 {
			t.Fatalf("%d: first line %d, want 1", i, first)
		}
	}
	if _, dup := d.insert(0, 5); dup {
		t.Fatal("hash 0 is a value like any other")
	}
	if line, dup := d.insert(0, 6); !dup || line != 6 || d.first(0) != 5 {
		t.Fatal("hash 0 not remembered")
	}
	visited := 0
	d.each(func(uint64, int32) { visited++ })
	if visited != n+1 {
		t.Fatalf("each visited %d, want %d", visited, n+1)
	}
	if d.shards[0].slab == nil {
		t.Error("a large shard should live in a slab")
	}
}
