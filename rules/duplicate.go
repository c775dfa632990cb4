package rules

// dupFile remembers a hash and first line per record of a non-transcript
// file: 12 bytes of payload per record, no text.
type dupFile struct {
	first map[uint64]int32
}

func newDupFile() *dupFile { return &dupFile{first: map[uint64]int32{}} }

func (fc *fileCtx) checkDuplicate(row *Row) {
	h := fc.recordHash(row)
	if line, ok := fc.dup.first[h]; ok {
		fc.duplicate(row, int(line))
		return
	}
	fc.dup.first[h] = int32(row.Rec.Line)
}
