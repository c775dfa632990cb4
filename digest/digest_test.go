package digest

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
)

// The expected values are what versitygw v1.8.0 (and S3) return for the
// same bytes: "hello world" stored with x-amz-checksum-crc64nvme and -sha256.
func TestKnownValues(t *testing.T) {
	d, err := Reader(strings.NewReader("hello world"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Size != 11 {
		t.Errorf("size = %d", d.Size)
	}
	if got, want := d.SHA256Base64(), "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="; got != want {
		t.Errorf("sha256 = %s, want %s", got, want)
	}
	if got, want := d.CRC64NVMEBase64(), "jSnVw/bqjr4="; got != want {
		t.Errorf("crc64nvme = %s, want %s", got, want)
	}
	if got, want := d.SHA256Hex(), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"; got != want {
		t.Errorf("hex = %s", got)
	}
}

// Hashing in pieces is hashing the whole: the uploader feeds parts one by one.
func TestPiecesEqualWhole(t *testing.T) {
	buf := make([]byte, 1<<20+7)
	rand.Read(buf)
	whole, _ := Reader(bytes.NewReader(buf))
	h := New()
	for off := 0; off < len(buf); off += 4093 {
		h.Write(buf[off:min(off+4093, len(buf))])
	}
	if h.Sum() != whole {
		t.Fatal("digest of pieces differs from digest of the whole")
	}
}

func BenchmarkHasher(b *testing.B) {
	buf := make([]byte, 1<<20)
	rand.Read(buf)
	h := New()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		h.Write(buf)
	}
}

// Combining part CRCs gives the CRC of the whole, for any split.
func TestCombineCRC64(t *testing.T) {
	buf := make([]byte, 3<<20+13)
	rand.Read(buf)
	whole := CRC64(buf)
	for _, cuts := range [][]int{{0}, {1}, {len(buf) - 1}, {5 << 20 / 4}, {1 << 20, 2 << 20}, {7, 8, 9, 3 << 20}} {
		var crc uint64
		prev := 0
		for _, c := range append(cuts, len(buf)) {
			crc = CombineCRC64(crc, CRC64(buf[prev:c]), int64(c-prev))
			prev = c
		}
		if crc != whole {
			t.Errorf("cuts %v: combined %x, whole %x", cuts, crc, whole)
		}
	}
	if d, _ := Reader(bytes.NewReader(buf)); d.CRC64 != whole {
		t.Errorf("Hasher CRC %x, CRC64 %x", d.CRC64, whole)
	}
}
