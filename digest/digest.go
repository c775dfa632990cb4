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
func (d Digest) CRC64NVMEBase64() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], d.CRC64)
	return base64.StdEncoding.EncodeToString(b[:])
}

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
