package records

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Word-at-a-time byte classification. Each mask has the high bit of a byte
// set where the byte matches; bits above the lowest match may be false
// positives (borrows), so only the lowest set bit is trusted.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

func hasZero(x uint64) uint64         { return (x - lsb) & ^x & msb }
func hasLess(x uint64, n byte) uint64 { return (x - lsb*uint64(n)) & ^x & msb }

func isCtl(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }

// firstControl returns the offset of the first control byte (0x00-0x1F
// except TAB, or 0x7F) in p, or -1, and whether p has any non-ASCII byte
// before that point (so UTF-8 validation can be skipped for ASCII records).
func firstControl(p []byte) (ctl int, high bool) {
	var h uint64
	i := 0
	for ; i+8 <= len(p); i += 8 {
		x := binary.LittleEndian.Uint64(p[i:])
		h |= x
		if hasLess(x, 0x20)|hasZero(x^(lsb*0x7f)) == 0 {
			continue
		}
		// Tabs land here too; look at the word byte by byte.
		for j := i; j < i+8; j++ {
			if isCtl(p[j]) {
				return j, true // the caller validates the rest anyway
			}
		}
	}
	for ; i < len(p); i++ {
		h |= uint64(p[i])
		if isCtl(p[i]) {
			return i, true
		}
	}
	return -1, h&msb != 0
}

// firstInvalidUTF8 returns the offset of the first byte that does not start
// a valid UTF-8 sequence, or -1. utf8.Valid is the fast path: most input is
// valid and it skips ASCII a word at a time.
func firstInvalidUTF8(p []byte) int {
	if utf8.Valid(p) {
		return -1
	}
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// scanString returns the index of the first byte at or after j that ends the
// plain run of a JSON string: a quote, a backslash or a control byte
// (including TAB and DEL, which must be reported); len(b) if none.
func scanString(b []byte, j int) int {
	for ; j+8 <= len(b); j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		m := hasZero(x^(lsb*'"')) | hasZero(x^(lsb*'\\')) | hasLess(x, 0x20) | hasZero(x^(lsb*0x7f))
		if m != 0 {
			return j + bits.TrailingZeros64(m)>>3
		}
	}
	for ; j < len(b); j++ {
		if c := b[j]; c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			return j
		}
	}
	return j
}
