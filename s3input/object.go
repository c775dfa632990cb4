package s3input

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// object is one S3 object as a check input (a rules.Source).
type object struct {
	c           *Client
	bucket, key string
	size        int64
	// etag pins every read to the version that was listed: a ranged read
	// must not splice two versions of an object together.
	etag string
}

func (c *Client) object(bucket, key string, size int64, etag string) *object {
	return &object{c: c, bucket: bucket, key: key, size: size, etag: etag}
}

func (ob *object) uri() string { return Scheme + ob.bucket + "/" + ob.key }

// ChangedError says an object was overwritten or deleted while it was
// being read. Its message leaves the URI to the engine, which reports the
// input's path beside it.
type ChangedError struct{ URI string }

func (e *ChangedError) Error() string {
	return "changed while it was being read (its ETag is no longer the one listed); check it again"
}

// Open streams the object: one GET for a small one, parallel ranged GETs,
// reassembled in order, for a large one.
func (ob *object) Open(ctx context.Context) (io.ReadCloser, int64, error) {
	if ob.size > 2*ob.c.o.PartSize {
		return newRanged(ctx, ob), ob.size, nil
	}
	return &streamReader{ctx: ctx, ob: ob}, ob.size, nil
}

// get starts a GET of bytes [from, to] of the listed version.
func (ob *object) get(ctx context.Context, from, to int64) (io.ReadCloser, error) {
	if hook := ob.c.o.BeforePart; hook != nil {
		if err := hook(ctx, ob.uri(), from); err != nil {
			return nil, err
		}
	}
	in := &s3.GetObjectInput{Bucket: &ob.bucket, Key: &ob.key, Range: aws.String(fmt.Sprintf("bytes=%d-%d", from, to))}
	if ob.etag != "" {
		in.IfMatch = &ob.etag
	}
	out, err := ob.c.api.GetObject(ctx, in, quietChecksums)
	switch {
	case err == nil:
		return out.Body, nil
	case httpStatus(err) == http.StatusPreconditionFailed || notFound(err):
		return nil, &ChangedError{URI: ob.uri()}
	}
	return nil, &Error{Op: "read", Err: err}
}

// quietChecksums keeps the SDK from logging, on stderr, each ranged GET
// whose bytes carry no checksum of their own (most: a range's bytes have
// none); it still validates the ones that do.
func quietChecksums(o *s3.Options) { o.DisableLogOutputChecksumValidationSkipped = true }

// retryable says a broken-off body is worth fetching again: not when the
// run was cancelled or the object changed.
func retryable(ctx context.Context, err error) bool {
	var ch *ChangedError
	var se *Error
	return ctx.Err() == nil && !errors.As(err, &ch) && !errors.As(err, &se)
}

// streamReader reads a small object with one GET; when the body breaks off,
// it resumes from the byte it reached.
type streamReader struct {
	ctx      context.Context
	ob       *object
	off      int64
	body     io.ReadCloser
	attempts int
	err      error
}

func (s *streamReader) Read(p []byte) (int, error) {
	for {
		if s.err != nil {
			return 0, s.err
		}
		if s.off >= s.ob.size {
			return 0, io.EOF
		}
		if s.body == nil {
			if s.body, s.err = s.ob.get(s.ctx, s.off, s.ob.size-1); s.err != nil {
				return 0, s.err
			}
			s.attempts++
		}
		n, err := s.body.Read(p)
		s.off += int64(n)
		if err != nil {
			s.fail(err)
		}
		if n > 0 {
			return n, nil
		}
	}
}

// fail ends the current body; a broken one is fetched again from where it
// stopped, up to maxAttempts.
func (s *streamReader) fail(err error) {
	_ = s.body.Close()
	s.body = nil
	if errors.Is(err, io.EOF) && s.off == s.ob.size {
		return
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if s.attempts >= maxAttempts || !retryable(s.ctx, err) {
		s.err = &Error{Op: "read", Err: fmt.Errorf("at byte %d of %d: %w", s.off, s.ob.size, err)}
	}
}

func (s *streamReader) Close() error {
	if s.body != nil {
		return s.body.Close()
	}
	return nil
}
