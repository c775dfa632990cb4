package publish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/digest"
)

// Verify says how an object is proven to hold the checked bytes.
type Verify string

const (
	// VerifyChecksum trusts the full-object checksum the server computed
	// and stored (SHA-256 of a single-part upload, CRC64NVME of a multipart
	// one) and reads the object back only when the server has none.
	VerifyChecksum Verify = "checksum"
	// VerifyReadBack always reads the object back and hashes it: for
	// servers whose stored checksums are not to be trusted.
	VerifyReadBack Verify = "readback"
)

// stored is what the server says about an object.
type stored struct {
	exists bool
	size   int64
	// sha256 and crc64 are the server's full-object checksums ("" when it
	// has none of that kind).
	sha256, crc64 string
}

// head reads an object's size and full-object checksums. A composite
// checksum ("...-N", a checksum of part checksums) cannot be compared with
// a local hash, so it counts as none.
func head(ctx context.Context, api API, bucket, key string) (stored, error) {
	h, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key, ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		if notFound(err) {
			return stored{}, nil
		}
		return stored{}, err
	}
	st := stored{exists: true, size: aws.ToInt64(h.ContentLength)}
	if h.ChecksumType == types.ChecksumTypeComposite {
		return st, nil
	}
	full := func(c *string) string {
		if v := aws.ToString(c); !strings.Contains(v, "-") {
			return v
		}
		return ""
	}
	st.sha256, st.crc64 = full(h.ChecksumSHA256), full(h.ChecksumCRC64NVME)
	return st, nil
}

// verdict compares what the server stored with the checked digest: same,
// different, or unknown (the server computed no full-object checksum).
type verdict int

const (
	unknown verdict = iota
	same
	different
)

func (st stored) against(d digest.Digest) verdict {
	switch {
	case !st.exists || st.size != d.Size:
		return different
	case st.crc64 != "":
		return cmpVerdict(st.crc64 == d.CRC64NVMEBase64())
	case st.sha256 != "":
		return cmpVerdict(st.sha256 == d.SHA256Base64())
	}
	return unknown
}

func cmpVerdict(eq bool) verdict {
	if eq {
		return same
	}
	return different
}

// readBack downloads an object and hashes it.
func readBack(ctx context.Context, api API, bucket, key string) (digest.Digest, error) {
	out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return digest.Digest{}, err
	}
	defer out.Body.Close()
	return digest.Reader(out.Body)
}

// errNotVerified is a verification that found the object different.
var errNotVerified = errors.New("the stored object differs from the checked file (size or checksum computed by the server)")

// verifyItem proves that the object holds exactly the checked bytes.
func verifyItem(ctx context.Context, api API, bucket string, it *Item, mode Verify) error {
	key := it.Key()
	if mode != VerifyReadBack {
		st, err := head(ctx, api, bucket, key)
		if err != nil {
			return err
		}
		switch st.against(it.Checked) {
		case same:
			return nil
		case different:
			return errNotVerified
		}
	}
	d, err := readBack(ctx, api, bucket, key)
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if d != it.Checked {
		return errNotVerified
	}
	return nil
}

// noSuchUpload reports S3's NoSuchUpload (or a 404 for it).
func noSuchUpload(err error) bool {
	var nu *types.NoSuchUpload
	return errors.As(err, &nu) || notFound(err)
}

func notFound(err error) bool {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound {
		return true
	}
	var nf *types.NotFound
	var nk *types.NoSuchKey
	return errors.As(err, &nf) || errors.As(err, &nk)
}
