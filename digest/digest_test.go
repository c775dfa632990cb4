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
