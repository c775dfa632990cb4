package fix

import "math/bits"

// keySet remembers every record of the run that is not a transcript
// message, by its 128-bit key, with where it first was. A file's records
// go into a set of its own, merged into the run's only once the file is
// repaired whole, so a file that fails halfway makes no later record a
// copy of one that is not written. Open addressing,
// 24 bytes a slot and no pointers, so a few million records cost tens of
// megabytes and nothing for the collector to trace.
type keySet struct {
	slots []keySlot
	n     int
}

type keySlot struct {
	k          [2]uint64 // zero marks an empty slot
	file, line int32
}

func newKeySet() *keySet { return &keySet{slots: make([]keySlot, 1024)} }

// insert adds k, first seen at file and line; for a key already there it
// returns where it was first seen instead.
func (s *keySet) insert(k [2]uint64, file, line int32) (first keySlot, dup bool) {
	if k == ([2]uint64{}) {
		k[0] = 1
	}
	if (s.n+1)*4 > len(s.slots)*3 {
		s.grow()
	}
	if sl, found := s.place(k, file, line); found {
		return sl, true
	}
	s.n++
	return keySlot{}, false
}

// lookup finds k without adding it.
func (s *keySet) lookup(k [2]uint64) (keySlot, bool) {
	if k == ([2]uint64{}) {
		k[0] = 1
	}
	n := uint64(len(s.slots))
	i, _ := bits.Mul64(k[0], n)
	for {
		switch sl := s.slots[i]; sl.k {
		case [2]uint64{}:
			return keySlot{}, false
		case k:
			return sl, true
		}
		if i++; i == n {
			i = 0
		}
	}
}

// merge adds every key of o that s does not hold.
func (s *keySet) merge(o *keySet) {
	for _, sl := range o.slots {
		if sl.k != ([2]uint64{}) {
			s.insert(sl.k, sl.file, sl.line)
		}
	}
}

func (s *keySet) place(k [2]uint64, file, line int32) (keySlot, bool) {
	n := uint64(len(s.slots))
	i, _ := bits.Mul64(k[0], n) // any table size, no modulo
	for {
		sl := &s.slots[i]
		switch sl.k {
		case [2]uint64{}:
			*sl = keySlot{k: k, file: file, line: line}
			return keySlot{}, false
		case k:
			return *sl, true
		}
		if i++; i == n {
			i = 0
		}
	}
}

func (s *keySet) grow() {
	old := s.slots
	s.slots = make([]keySlot, len(old)*2)
	for _, sl := range old {
		if sl.k != ([2]uint64{}) {
			s.place(sl.k, sl.file, sl.line)
		}
	}
}
