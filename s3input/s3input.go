// Package s3input makes s3:// URIs inputs of `preflight check`: a URI
// naming an object is checked as given, a URI naming a prefix is listed and
// every key under it accounted for as a directory walk accounts for files
// (data objects checked, other objects in a partition folder checked as
// strays, everything else listed as skipped). Objects are streamed, never
// downloaded whole: large ones with parallel ranged GETs that all carry the
// ETag the listing saw, so an object overwritten while it is read is an
// error rather than a mix of two versions.
package s3input

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// Scheme prefixes every URI this package reads.
const Scheme = "s3://"

// Defaults for Options.
const (
	DefaultPartSize    = 8 << 20
	DefaultConcurrency = 4
	// maxAttempts bounds how often one range is fetched again after its
	// body broke off; the SDK already retries each request itself.
	maxAttempts = 3
)

// API is the part of *s3.Client the inputs use.
type API interface {
	s3.ListObjectsV2APIClient
	HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Options tune the inputs.
type Options struct {
	// PartSize is the size of one ranged GET; an object up to twice this
	// is read with one GET. Memory per large object read is about
	// Concurrency × PartSize.
	PartSize int64
	// Concurrency is how many ranged GETs of one object are in flight.
	Concurrency int
	// Exclude returns the config glob that excludes a listed URI (an
	// object or a "directory" under the listed prefix), or "".
	Exclude func(uri string) string
	// BeforePart, for fault-injection tests only, is called before each
	// range is fetched, with its offset; an error fails the read.
	BeforePart func(ctx context.Context, uri string, off int64) error
}

// Client lists and opens s3:// inputs.
type Client struct {
	api  API
	o    Options
	bufs sync.Pool // PartSize buffers of ranged reads
}

// New returns a Client reading through api.
func New(api API, o Options) *Client {
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	c := &Client{api: api, o: o}
	c.bufs.New = func() any { b := make([]byte, o.PartSize); return &b }
	return c
}

// IsURI reports whether a command-line argument names S3.
func IsURI(arg string) bool { return strings.HasPrefix(arg, Scheme) }

// Split parses s3://BUCKET[/KEY] into the bucket and the key.
func Split(uri string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(uri, Scheme)
	if !ok {
		return "", "", fmt.Errorf("%s is not an s3:// URI", uri)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%s: no bucket (want s3://BUCKET/PREFIX)", uri)
	}
	return bucket, key, nil
}

// Error is a failed S3 request, with the URI it was about; URI is empty
// for a read of an input, whose path the engine reports beside it.
type Error struct {
	Op, URI string
	Err     error
}

func (e *Error) Error() string {
	if e.URI == "" {
		return fmt.Sprintf("%s: %s", e.Op, Describe(e.Err))
	}
	return fmt.Sprintf("%s %s: %s", e.Op, e.URI, Describe(e.Err))
}

func (e *Error) Unwrap() error { return e.Err }

// Describe is an S3 error in one line: the service's code and message, or
// the network error, without the SDK's request IDs and retry chatter.
func Describe(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	var ne *net.OpError
	if errors.As(err, &ne) {
		return ne.Error()
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

func notFound(err error) bool {
	var nf *types.NotFound
	var nk *types.NoSuchKey
	return errors.As(err, &nf) || errors.As(err, &nk) || httpStatus(err) == http.StatusNotFound
}

func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
