package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/digest"
)

// ChangedError says a file's bytes, read again to upload, are not the bytes
// that were checked: it changed in between or while it was being sent.
type ChangedError struct{ Local string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed while publishing (its bytes differ from the checked ones); its upload was aborted; re-run", e.Local)
}

// maxParts is S3's limit on the parts of one multipart upload.
const maxParts = 10000

// sender streams files to S3. It reads each file once, in order, into part
// buffers, hashing the bytes as they are read: those very buffers are sent,
// so the hash is of exactly the bytes uploaded (retries resend the same
// buffer). A file whose hash differs from the checked digest is never
// completed: its multipart upload is aborted.
type sender struct {
	api      API
	bucket   string
	partSize int64
	bufs     chan []byte // a pool bounding the bytes in memory
	parts    int         // concurrent part uploads per file
	progress func(n int64)
	// pause is Options.PauseBeforePart.
	pause func(ctx context.Context, local string, off int64) error
}

func newSender(api API, bucket string, o Options) *sender {
	s := &sender{api: api, bucket: bucket, partSize: o.PartSize, parts: o.Concurrency,
		bufs: make(chan []byte, o.Concurrency+1), pause: o.PauseBeforePart}
	for range cap(s.bufs) {
		s.bufs <- nil // allocated on first use
	}
	return s
}

func (s *sender) take(ctx context.Context, n int64) ([]byte, error) {
	select {
	case b := <-s.bufs:
		if int64(cap(b)) < n {
			b = make([]byte, n)
		}
		return b[:n], nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *sender) give(b []byte) {
	if b != nil {
		s.bufs <- b
	}
}

// send uploads one item: one PutObject (carrying its SHA-256, which the
// server checks and stores) when it fits in a part, else a multipart upload
// whose full-object CRC64NVME the server checks on completion.
func (s *sender) send(ctx context.Context, it *Item) error {
	f, err := os.Open(it.Local)
	if err != nil {
		return err
	}
	defer f.Close()
	if it.Size() <= s.partSize {
		err = s.single(ctx, f, it)
	} else {
		err = s.multipart(ctx, f, it)
	}
	if errors.Is(err, errShort) {
		return &ChangedError{Local: it.Local}
	}
	return err
}

func (s *sender) single(ctx context.Context, f *os.File, it *Item) error {
	if err := s.at(ctx, it, 0); err != nil {
		return err
	}
	buf, err := s.take(ctx, it.Size())
	if err != nil {
		return err
	}
	defer s.give(buf)
	if err := readPart(f, buf); err != nil {
		return err
	}
	if err := sameBytes(f, digest.CRC64(buf), it); err != nil {
		return err
	}
	key := it.Key()
	_, err = s.api.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &s.bucket, Key: &key, Body: bytes.NewReader(buf),
		ContentLength:        aws.Int64(int64(len(buf))),
		ChecksumSHA256:       aws.String(it.Checked.SHA256Base64()),
		ServerSideEncryption: types.ServerSideEncryptionAes256,
		ContentType:          aws.String(contentType(it.Target.FileFormat(), it.Target.File)),
	})
	if err == nil && s.progress != nil {
		s.progress(int64(len(buf)))
	}
	return err
}

// sameBytes makes sure the file ended where the checked one did and that
// the bytes read (as many as were checked) have the checked CRC64NVME. A
// CRC is enough here: it catches any accidental change, and the server
// checks the checked SHA-256 or CRC once more.
func sameBytes(f io.Reader, crc uint64, it *Item) error {
	var extra [1]byte
	if n, _ := f.Read(extra[:]); n > 0 || crc != it.Checked.CRC64 {
		return &ChangedError{Local: it.Local}
	}
	return nil
}

// readPart fills buf; a file that ends early has changed.
func readPart(r io.Reader, buf []byte) error {
	_, err := io.ReadFull(r, buf)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errShort
	}
	return err
}

var errShort = errors.New("the file is shorter than when it was checked")

func (s *sender) multipart(ctx context.Context, f *os.File, it *Item) (err error) {
	key := it.Key()
	cm, err := s.api.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &s.bucket, Key: &key,
		ChecksumAlgorithm:    types.ChecksumAlgorithmCrc64nvme,
		ChecksumType:         types.ChecksumTypeFullObject,
		ServerSideEncryption: types.ServerSideEncryptionAes256,
		ContentType:          aws.String(contentType(it.Target.FileFormat(), it.Target.File)),
	})
	if err != nil {
		return err
	}
	up := &partUpload{sender: s, key: key, id: aws.ToString(cm.UploadId)}
	defer func() {
		if err != nil {
			// Nothing of a failed or interrupted upload may linger as
			// parts: abort, even after Ctrl-C.
			actx, cancel := detached(ctx)
			defer cancel()
			_ = up.abort(actx)
		}
	}()
	parts, err := up.sendParts(ctx, f, it)
	if err != nil {
		return err
	}
	_, err = s.api.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: &s.bucket, Key: &key, UploadId: cm.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		// The server computes the CRC of what it received and refuses to
		// complete unless it equals the CRC of the checked bytes.
		ChecksumType:      types.ChecksumTypeFullObject,
		ChecksumCRC64NVME: aws.String(it.Checked.CRC64NVMEBase64()),
	})
	return err
}

type partUpload struct {
	*sender
	key, id string
}

// abort aborts the upload until the server no longer knows it. One abort
// is not always enough: a part the server was still writing can bring the
// upload back (S3 documents this; versitygw does it too), so abort is
// repeated until ListParts says NoSuchUpload.
func (u *partUpload) abort(ctx context.Context) error {
	return abortUpload(ctx, u.api, u.bucket, u.key, u.id)
}

func abortUpload(ctx context.Context, api API, bucket, key, id string) error {
	var err error
	for i := range 6 {
		_, err = api.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &bucket, Key: &key, UploadId: &id})
		if err != nil && !noSuchUpload(err) {
			return err
		}
		_, err = api.ListParts(ctx, &s3.ListPartsInput{Bucket: &bucket, Key: &key, UploadId: &id})
		if noSuchUpload(err) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(25<<i) * time.Millisecond):
		}
	}
	return fmt.Errorf("upload %s still listed after 6 aborts: %w", id, err)
}

// partGrace is how long parts already being sent may take to finish once
// the upload is given up (Ctrl-C, an error): a part that completes is
// cleanly removed by the abort, one cut off mid-write may not be.
const partGrace = 10 * time.Second

// partContext is the context a part is sent under: not cancelled with the
// upload at once, but partGrace after it.
func partContext(ctx context.Context) (context.Context, context.CancelFunc) {
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(partGrace, cancel) })
	return pctx, func() { stop(); cancel() }
}

// sendParts reads the file part by part, hashing as it reads, and uploads
// the parts concurrently. It returns the completed parts in order, or the
// first error; a hash that differs from the checked one is a *ChangedError,
// found before the upload could be completed.
func (u *partUpload) sendParts(ctx context.Context, f *os.File, it *Item) ([]types.CompletedPart, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	pctx, pcancel := partContext(ctx)
	defer pcancel()
	size := partSizeFor(it.Size(), u.partSize)
	n := int((it.Size() + size - 1) / size)
	parts := make([]types.CompletedPart, n)
	crcs := make([]uint64, n)
	var (
		wg      sync.WaitGroup
		sem     = make(chan struct{}, u.parts)
		readErr error
	)
	for i := range n {
		off := int64(i) * size
		buf, err := u.next(ctx, f, it, off, min(size, it.Size()-off))
		if err == nil {
			err = acquire(ctx, sem)
		}
		if err != nil {
			u.give(buf)
			readErr = err
			break
		}
		wg.Add(1)
		go func(i int, buf []byte) {
			defer func() { u.give(buf); <-sem; wg.Done() }()
			crcs[i] = digest.CRC64(buf)
			p, err := u.part(pctx, int32(i+1), buf, crcs[i])
			if err != nil {
				cancel(err)
			}
			parts[i] = p
		}(i, buf)
	}
	wg.Wait()
	if readErr == nil && ctx.Err() == nil {
		readErr = sameBytes(f, combine(crcs, size, it.Size()), it)
	}
	if readErr != nil {
		cancel(readErr)
	}
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return parts, nil
}

// next reads the part at off into a pooled buffer.
func (u *partUpload) next(ctx context.Context, f *os.File, it *Item, off, n int64) ([]byte, error) {
	if err := u.at(ctx, it, off); err != nil {
		return nil, err
	}
	buf, err := u.take(ctx, n)
	if err != nil {
		return nil, err
	}
	if err := readPart(f, buf); err != nil {
		u.give(buf)
		return nil, err
	}
	return buf, nil
}

func acquire(ctx context.Context, sem chan struct{}) error {
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// combine is the whole file's CRC from its parts' (all size bytes but the
// last), in order.
func combine(crcs []uint64, size, total int64) uint64 {
	var crc uint64
	for i, c := range crcs {
		crc = digest.CombineCRC64(crc, c, min(size, total-int64(i)*size))
	}
	return crc
}

func (u *partUpload) part(ctx context.Context, num int32, buf []byte, crc uint64) (types.CompletedPart, error) {
	out, err := u.api.UploadPart(ctx, &s3.UploadPartInput{
		Bucket: &u.bucket, Key: &u.key, UploadId: &u.id, PartNumber: aws.Int32(num),
		Body: bytes.NewReader(buf), ContentLength: aws.Int64(int64(len(buf))),
		// Given, so the SDK does not hash the part once more.
		ChecksumCRC64NVME: aws.String(digest.CRC64Base64(crc)),
	})
	if err != nil {
		return types.CompletedPart{}, fmt.Errorf("part %d: %w", num, err)
	}
	if u.progress != nil {
		u.progress(int64(len(buf)))
	}
	return types.CompletedPart{PartNumber: aws.Int32(num), ETag: out.ETag, ChecksumCRC64NVME: out.ChecksumCRC64NVME}, nil
}

// at calls the fault-injection hook.
func (s *sender) at(ctx context.Context, it *Item, off int64) error {
	if s.pause == nil {
		return nil
	}
	return s.pause(ctx, it.Local, off)
}

// partSizeFor grows the part size for files that would need more than
// S3's 10,000 parts, in whole MiB.
func partSizeFor(size, partSize int64) int64 {
	if need := (size + maxParts - 1) / maxParts; need > partSize {
		return (need + 1<<20 - 1) &^ (1<<20 - 1)
	}
	return partSize
}

// contentType is an object's Content-Type: by its format= segment, or
// for recordings by the file's own extension (format=audio holds several).
func contentType(format, file string) string {
	switch format {
	case "jsonl":
		return "application/x-ndjson"
	case "csv":
		return "text/csv"
	}
	switch strings.ToLower(path.Ext(file)) {
	case ".wav":
		return "audio/wav"
	case ".mp3":
		return "audio/mpeg"
	case ".flac":
		return "audio/flac"
	case ".ogg", ".opus":
		return "audio/ogg"
	case ".m4a":
		return "audio/mp4"
	}
	return "application/octet-stream"
}
