// Package digest fingerprints file contents the way S3 checks them: SHA-256
// (single-part uploads) and CRC64NVME (the full-object checksum of
// multipart uploads), with the byte count, in one pass.
package digest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"hash/crc64"
	"io"
	"os"
)

// crc64NVME is the polynomial S3 calls CRC64NVME, in the reversed form
// hash/crc64 wants (the same table the AWS SDK builds).
var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// Digest is what is known of a byte stream once it was read through.
type Digest struct {
	Size   int64
	SHA256 [sha256.Size]byte
	CRC64  uint64
}

// SHA256Hex is the SHA-256 as people and receipts show it.
func (d Digest) SHA256Hex() string { return hex.EncodeToString(d.SHA256[:]) }

// SHA256Base64 is the SHA-256 as the x-amz-checksum-sha256 header carries it.
func (d Digest) SHA256Base64() string { return base64.StdEncoding.EncodeToString(d.SHA256[:]) }

// CRC64NVMEBase64 is the CRC as the x-amz-checksum-crc64nvme header carries it.
func (d Digest) CRC64NVMEBase64() string { return CRC64Base64(d.CRC64) }

// Hasher accumulates a Digest; it is an io.Writer, so it can sit behind an
// io.TeeReader on the path that already reads the bytes.
type Hasher struct {
	n   int64
	sha hash.Hash
	crc uint64
}

// New returns an empty Hasher.
func New() *Hasher { return &Hasher{sha: sha256.New()} }

// Write never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	h.n += int64(len(p))
	h.sha.Write(p)
	h.crc = crc64.Update(h.crc, crc64NVME, p)
	return len(p), nil
}

// Sum is the digest of everything written so far.
func (h *Hasher) Sum() Digest {
	d := Digest{Size: h.n, CRC64: h.crc}
	h.sha.Sum(d.SHA256[:0])
	return d
}

// Reader hashes everything read through r.
func Reader(r io.Reader) (Digest, error) {
	h := New()
	_, err := io.Copy(h, r)
	return h.Sum(), err
}

// File hashes a whole file.
func File(path string) (Digest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Digest{}, err
	}
	defer f.Close()
	return Reader(f)
}

// CombineCRC64 is the CRC64NVME of a||b from crc(a), crc(b) and len(b),
// without reading a or b again: zlib's crc32_combine (GF(2) matrices that
// shift a CRC over len(b) zero bytes), for this polynomial. The uploader
// computes each part's CRC, which S3 wants per part anyway, and derives
// the whole file's from them.
func CombineCRC64(crcA, crcB uint64, lenB int64) uint64 {
	if lenB <= 0 {
		return crcA
	}
	var odd, even [64]uint64
	odd[0] = 0x9a6c9329ac4bc9b5 // the operator for one zero bit
	row := uint64(1)
	for i := 1; i < 64; i++ {
		odd[i] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four zero bits
	for {
		// Apply len(b) zero bytes to crc(a), one bit of lenB at a time.
		gf2Square(&even, &odd)
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[64]uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[64]uint64) {
	for n := range mat {
		square[n] = gf2Times(mat, mat[n])
	}
}

// CRC64 is the CRC64NVME of b alone.
func CRC64(b []byte) uint64 { return crc64.Checksum(b, crc64NVME) }

// CRC64Base64 is a CRC64NVME as the x-amz-checksum-crc64nvme header
// carries it.
func CRC64Base64(c uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], c)
	return base64.StdEncoding.EncodeToString(b[:])
}
