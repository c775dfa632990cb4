// Package publish uploads checked data files to ASAPP's S3 layout: the
// credentials file ASAPP sends, the S3 client, and the gated upload whose
// _SUCCESS marker covers exactly the bytes that were checked.
//
// The guarantee, and how each part of it is kept:
//   - the bytes uploaded are the bytes checked: each file is hashed as it is
//     sent and compared with the digest the checks took (upload.go);
//   - the server stored those bytes: verification reads the checksum the
//     server computed, never metadata preflight wrote (verify.go);
//   - one publisher per prefix: a lease object taken and renewed with
//     conditional writes, and _SUCCESS written only if absent (lease.go);
//   - an interrupted or failed run leaves no _SUCCESS and no multipart
//     parts, and the next run cleans up what a crash left (this file).
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/schollz/progressbar/v3"

	"github.com/preflight-data/preflight/rules"
)

// Defaults for Options.
const (
	DefaultConcurrency = 4
	DefaultPartSize    = 16 << 20
)

// API is the part of *s3.Client that Publish uses.
type API interface {
	s3.ListObjectsV2APIClient
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	DeleteObject(context.Context, *s3.DeleteObjectInput, ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput, ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPart(context.Context, *s3.UploadPartInput, ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput, ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
	ListMultipartUploads(context.Context, *s3.ListMultipartUploadsInput, ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error)
	ListParts(context.Context, *s3.ListPartsInput, ...func(*s3.Options)) (*s3.ListPartsOutput, error)
}

// Options tune Publish.
type Options struct {
	// Replace overwrites a published prefix: its _SUCCESS is deleted before
	// any data is written, and objects the new upload does not have are
	// deleted before the new _SUCCESS, so the prefix holds exactly the new
	// set.
	Replace bool
	// DryRun prints the plan and sends only read requests, best effort: a
	// server that cannot be reached leaves the prefix's state unknown.
	DryRun bool
	// Concurrency is how many files, and parts of one file, upload at once.
	Concurrency int
	// PartSize is the multipart part size; a file up to it goes in one PUT.
	PartSize int64
	// Verify is how objects are proven (VerifyChecksum).
	Verify Verify
	// Lease tunes the lease on the prefix.
	Lease LeaseOptions
	// Out receives the plan and a summary, one line per file; nil discards.
	Out io.Writer
	// Progress receives a progress bar; nil for none.
	Progress io.Writer
	// PauseBeforePart, for fault-injection tests only, is called before
	// each part of a file is read, with the part's offset; an error stops
	// the upload.
	PauseBeforePart func(ctx context.Context, local string, off int64) error
}

// Outcome is what Publish did.
type Outcome struct {
	// Findings holds the target rules the prefix's state breaks
	// (target/already-complete, target/stray-object); then nothing was
	// written. The caller reports them through the engine's door.
	Findings []rules.Finding
	// Uploaded and Skipped count files; Deleted lists objects --replace
	// removed; Aborted counts multipart uploads left by earlier runs.
	Uploaded, Skipped int
	Deleted           []string
	Aborted           int
	// Complete is true once _SUCCESS was written.
	Complete bool
	// StateErr says why a dry run could not read the prefix's state.
	StateErr error
}

// TransferError is a failure after the checks passed: data may be partly
// uploaded but this run wrote no _SUCCESS, so ASAPP will not import it and a
// re-run resumes.
type TransferError struct {
	Op          string // "lease", "list", "delete", "upload", "verify", "mark complete", ...
	Bucket, Key string
	Err         error
}

func (e *TransferError) Error() string {
	return fmt.Sprintf("%s s3://%s/%s: %s (no _SUCCESS was written; re-run to resume)", e.Op, e.Bucket, e.Key, cause(e.Err))
}

func (e *TransferError) Unwrap() error { return e.Err }

// Publish runs the gate and the upload for a plan whose files passed the
// checks; see the package comment for what it guarantees. It sets each
// item's Action.
func Publish(ctx context.Context, api API, p *Plan, o Options) (*Outcome, error) {
	r := &run{api: api, p: p, o: o.withDefaults(), bucket: p.Base.Bucket, out: &Outcome{}}
	if r.o.DryRun {
		return r.out, r.dryRun(ctx)
	}
	return r.out, r.publish(ctx)
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Verify == "" {
		o.Verify = VerifyChecksum
	}
	return o
}

type run struct {
	api    API
	p      *Plan
	o      Options
	bucket string
	out    *Outcome
	st     *prefixState
	mu     sync.Mutex // guards out's counts
}

func (r *run) fail(op, key string, err error) error {
	if _, ok := errors.AsType[*ChangedError](err); ok {
		return err
	}
	return &TransferError{Op: op, Bucket: r.bucket, Key: key, Err: err}
}

// publish is the real run, in the order that keeps the guarantee.
func (r *run) publish(parent context.Context) error {
	// A read-only look first: a prefix the target rules refuse is refused
	// without one write, not even the lease.
	if refused, err := r.refuse(parent); refused || err != nil {
		return err
	}
	lease, err := Acquire(parent, r.api, r.bucket, r.p.LeaseKey(), r.o.Lease)
	if err != nil {
		if _, held := errors.AsType[*LeaseHeldError](err); held {
			return err
		}
		return r.fail("lease", r.p.LeaseKey(), err)
	}
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	go lease.Keep(ctx, cancel)
	defer func() { _ = lease.Release(ctx) }()

	err = r.steps(ctx, lease)
	if ctx.Err() != nil && !r.out.Complete {
		// Ctrl-C, or the lease was lost: say which, not "context canceled".
		return r.fail("publish", r.p.Base.Prefix(), context.Cause(ctx))
	}
	return err
}

// refuse reads the prefix's state and applies the target rules to it.
func (r *run) refuse(ctx context.Context) (bool, error) {
	var err error
	if r.st, err = readState(ctx, r.api, r.p); err != nil {
		return false, r.fail("list", r.p.Base.Prefix(), err)
	}
	r.out.Findings = r.gate()
	if r.st.complete && r.st.leased {
		r.dropFinishedLease(ctx)
	}
	return len(r.out.Findings) > 0, nil
}

// dropFinishedLease removes a lease left in a completed prefix by a run
// that died between writing _SUCCESS and deleting its lease (its state is
// "completing"). The delete is conditional on the lease read, so a lease a
// live run holds is never touched; failing, it is left for the next run.
func (r *run) dropFinishedLease(ctx context.Context) {
	l := &Lease{api: r.api, bucket: r.bucket, key: r.p.LeaseKey()}
	held, etag, err := l.current(ctx)
	if err != nil || held.Holder.State != "completing" {
		return
	}
	_, _ = r.api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &r.bucket, Key: &l.key, IfMatch: &etag})
}

// steps runs under the lease. The state is read again: only what is seen
// under the lease is sure not to change.
func (r *run) steps(ctx context.Context, lease *Lease) error {
	if refused, err := r.refuse(ctx); refused || err != nil {
		return err
	}
	if err := r.abortPending(ctx); err != nil {
		return err
	}
	if err := r.decide(ctx); err != nil {
		return err
	}
	r.printPlan()
	for _, step := range []func(context.Context) error{r.unmark, r.upload, r.verify, r.deleteStrays} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return r.mark(ctx, lease)
}

// gate applies the target rules that need the prefix's state.
func (r *run) gate() []rules.Finding {
	var fs []rules.Finding
	if r.st.complete && !r.o.Replace {
		fs = append(fs, alreadyComplete(r.p))
	}
	if !r.o.Replace {
		for _, s := range r.st.strays(r.p) {
			fs = append(fs, strayObject(r.p, s))
		}
	}
	return fs
}

// abortPending aborts multipart uploads that earlier runs left: with the
// lease held, no live run can own them.
func (r *run) abortPending(ctx context.Context) error {
	for _, u := range r.st.pending {
		if err := abortUpload(ctx, r.api, r.bucket, u.key, u.id); err != nil {
			return r.fail("abort earlier upload", u.key, err)
		}
		r.out.Aborted++
	}
	return nil
}

// decide skips the objects whose server-computed checksum already equals
// the checked file's.
func (r *run) decide(ctx context.Context) error {
	return forEach(ctx, r.o.Concurrency, r.p.Items, func(ctx context.Context, it *Item) error {
		it.Action = Upload
		if _, there := r.st.objects[it.Key()]; !there {
			return nil
		}
		st, err := head(ctx, r.api, r.bucket, it.Key())
		if err != nil {
			return r.fail("head", it.Key(), err)
		}
		if st.against(it.Checked) == same {
			it.Action = Skip
			r.count(&r.out.Skipped)
		}
		return nil
	})
}

func (r *run) count(n *int) {
	r.mu.Lock()
	*n++
	r.mu.Unlock()
}

// unmark deletes the old _SUCCESS of a prefix being replaced, before any
// data changes: from here until the new one, the prefix reads as "upload
// in progress".
func (r *run) unmark(ctx context.Context) error {
	if !r.st.complete {
		return nil
	}
	key := r.p.SuccessKey()
	if _, err := r.api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &r.bucket, Key: &key}); err != nil {
		return r.fail("delete", key, err)
	}
	return nil
}

func (r *run) upload(ctx context.Context) error {
	s := newSender(r.api, r.bucket, r.o)
	if bar := r.progressBar(); bar != nil {
		defer func() { _ = bar.Exit() }()
		s.progress = func(n int64) { _ = bar.Add64(n) }
	}
	return forEach(ctx, r.o.Concurrency, r.p.Items, func(ctx context.Context, it *Item) error {
		if it.Action != Upload {
			return nil
		}
		if err := s.send(ctx, it); err != nil {
			return r.fail("upload", it.Key(), err)
		}
		r.count(&r.out.Uploaded)
		return nil
	})
}

// verify proves every object, skipped ones included: _SUCCESS vouches for
// the whole prefix.
func (r *run) verify(ctx context.Context) error {
	return forEach(ctx, r.o.Concurrency, r.p.Items, func(ctx context.Context, it *Item) error {
		if err := verifyItem(ctx, r.api, r.bucket, it, r.o.Verify); err != nil {
			return r.fail("verify", it.Key(), err)
		}
		return nil
	})
}

// deleteStrays removes, with --replace, the objects of the old upload that
// the new one does not have, after the new ones are verified.
func (r *run) deleteStrays(ctx context.Context) error {
	for _, uri := range r.st.strays(r.p) {
		key := keyOf(r.bucket, uri)
		if _, err := r.api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &r.bucket, Key: &key}); err != nil {
			return r.fail("delete", key, err)
		}
		r.out.Deleted = append(r.out.Deleted, uri)
	}
	return nil
}

// mark proves the lease is still this run's, then writes _SUCCESS only if
// no other run wrote one meanwhile, then releases the lease. The lease goes
// after the marker, never before: released first, another run could take
// the prefix and start writing under a marker about to appear.
func (r *run) mark(ctx context.Context, lease *Lease) error {
	if err := lease.Renew(ctx, "completing"); err != nil {
		return r.fail("renew lease", r.p.LeaseKey(), err)
	}
	key := r.p.SuccessKey()
	_, err := r.api.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &r.bucket, Key: &key, Body: strings.NewReader(""), ContentLength: aws.Int64(0),
		ServerSideEncryption: types.ServerSideEncryptionAes256,
		IfNoneMatch:          aws.String("*"),
	})
	if preconditionFailed(err) {
		err = errors.New("another run wrote _SUCCESS while this one was uploading")
	}
	if err != nil {
		return r.fail("mark complete", key, err)
	}
	r.out.Complete = true
	_ = lease.Release(ctx)
	if r.o.Out != nil {
		fmt.Fprintf(r.o.Out, "published %s (%d uploaded, %d already there); wrote %s\n",
			count(int64(len(r.p.Items)), "file"), r.out.Uploaded, r.out.Skipped, r.p.SuccessURI())
	}
	return nil
}

func (r *run) progressBar() *progressbar.ProgressBar {
	if r.o.Progress == nil {
		return nil
	}
	var total int64
	for _, it := range r.p.Items {
		if it.Action == Upload {
			total += it.Size()
		}
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(r.o.Progress),
		progressbar.OptionSetDescription("uploading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth(),
	)
}

// forEach runs fn on every item, n at a time, and returns the first error;
// the first error cancels the others so a broken connection fails fast.
func forEach(parent context.Context, n int, items []Item, fn func(context.Context, *Item) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		sem   = make(chan struct{}, n)
	)
	for i := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(it *Item) {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, it); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}(&items[i])
	}
	wg.Wait()
	if first == nil && parent.Err() != nil {
		// The caller's context ended (Ctrl-C) before every item started.
		return context.Cause(parent)
	}
	return first
}

// count is "1 file", "2 files".
func count(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
