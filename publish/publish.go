// Package publish uploads checked data files to ASAPP's S3 layout: the
// credentials file ASAPP sends, the S3 client, and the gated, resumable
// upload (data files first, each verified, then the empty _SUCCESS marker).
package publish

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/schollz/progressbar/v3"

	"github.com/preflight-data/preflight/rules"
)

// MetaSHA256 is the user metadata key holding the hex SHA-256 of the whole
// file. S3's own checksum of a multipart object is a checksum of part
// checksums ("...-N"), which cannot be compared with a local hash, so the
// whole-file hash is stored beside it.
const MetaSHA256 = "preflight-sha256"

// Defaults for Options.
const (
	DefaultConcurrency        = 4
	DefaultPartSize           = 16 << 20
	DefaultMultipartThreshold = 64 << 20
)

// API is the part of *s3.Client that Publish uses.
type API interface {
	manager.UploadAPIClient
	HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	DeleteObject(context.Context, *s3.DeleteObjectInput, ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	ListObjectsV2(context.Context, *s3.ListObjectsV2Input, ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// Options tune Publish.
type Options struct {
	// Replace overwrites a published prefix: its _SUCCESS is deleted before
	// any data is written, so a half-replaced prefix is never marked complete.
	Replace bool
	// DryRun prints the plan and sends only read requests (HEAD, LIST).
	DryRun bool
	// Concurrency is how many files upload at once (DefaultConcurrency).
	Concurrency int
	// PartSize and MultipartThreshold shape large uploads.
	PartSize, MultipartThreshold int64
	// Out receives the plan and a summary, one line per file; nil discards.
	Out io.Writer
	// Progress receives a progress bar; nil for none (not a terminal,
	// --no-progress).
	Progress io.Writer
}

// Outcome is what Publish did.
type Outcome struct {
	// Findings holds target/already-complete when the prefix was published
	// before and Replace was not set; then nothing was written.
	Findings          []rules.Finding
	Uploaded, Skipped int
	// Complete is true once _SUCCESS was written.
	Complete bool
	// Stale lists objects already under the prefix that this publish does
	// not include: ASAPP imports everything under a completed prefix.
	Stale []string
}

// TransferError is a failure after the checks passed: the data may be partly
// uploaded but _SUCCESS was not written, so ASAPP will not import it and a
// re-run resumes.
type TransferError struct {
	Op          string // "head", "list", "delete", "upload", "verify", "mark complete"
	Bucket, Key string
	Err         error
}

func (e *TransferError) Error() string {
	return fmt.Sprintf("%s s3://%s/%s: %v (no _SUCCESS was written; re-run to resume)", e.Op, e.Bucket, e.Key, e.Err)
}

func (e *TransferError) Unwrap() error { return e.Err }

// Publish runs the gate and the upload for a plan whose files passed the
// checks. In order: refuse a prefix that already has _SUCCESS (or, with
// Replace, delete it first); skip objects already there with the same size
// and SHA-256; upload the rest concurrently; verify every object; and only
// then write the empty _SUCCESS. It sets each item's Action.
func Publish(ctx context.Context, api API, p *Plan, o Options) (*Outcome, error) {
	o = o.withDefaults()
	out := &Outcome{}
	bucket := p.Base.Bucket
	successKey := p.SuccessKey()

	done, err := exists(ctx, api, bucket, successKey)
	if err != nil {
		return out, &TransferError{Bucket: bucket, Op: "head", Key: successKey, Err: err}
	}
	if done && !o.Replace {
		out.Findings = append(out.Findings, alreadyComplete(p))
		return out, nil
	}

	// Decide what to skip (reads only, so dry runs do it too).
	if err := forEach(ctx, o.Concurrency, p.Items, func(ctx context.Context, it *Item) error {
		same, err := matches(ctx, api, bucket, it)
		if err != nil {
			return &TransferError{Bucket: bucket, Op: "head", Key: it.Key(), Err: err}
		}
		it.Action = Upload
		if same {
			it.Action = Skip
		}
		return nil
	}); err != nil {
		return out, asTransfer(err, bucket, p.Base.Prefix())
	}
	out.Stale, err = stale(ctx, api, p)
	if err != nil {
		return out, &TransferError{Bucket: bucket, Op: "list", Key: p.Base.Prefix(), Err: err}
	}
	printPlan(o.Out, p, done, out.Stale, o.DryRun)
	if o.DryRun {
		for _, it := range p.Items {
			if it.Action == Skip {
				out.Skipped++
			}
		}
		return out, nil
	}

	if done {
		// Before any data changes: from here until the new _SUCCESS, the
		// prefix must read as "upload in progress".
		if _, err := api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &successKey}); err != nil {
			return out, &TransferError{Bucket: bucket, Op: "delete", Key: successKey, Err: err}
		}
	}

	var bar *progressbar.ProgressBar
	if o.Progress != nil {
		var total int64
		for _, it := range p.Items {
			if it.Action == Upload {
				total += it.Size
			}
		}
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(o.Progress),
			progressbar.OptionSetDescription("uploading"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionFullWidth(),
		)
		defer func() { _ = bar.Exit() }()
	}
	var mu sync.Mutex
	if err := forEach(ctx, o.Concurrency, p.Items, func(ctx context.Context, it *Item) error {
		if it.Action != Upload {
			return nil
		}
		if err := upload(ctx, api, bucket, it, o, bar); err != nil {
			return &TransferError{Bucket: bucket, Op: "upload", Key: it.Key(), Err: err}
		}
		mu.Lock()
		out.Uploaded++
		mu.Unlock()
		return nil
	}); err != nil {
		return out, asTransfer(err, bucket, p.Base.Prefix())
	}
	for _, it := range p.Items {
		if it.Action == Skip {
			out.Skipped++
		}
	}

	// Verify everything, skipped objects included: _SUCCESS vouches for the
	// whole prefix.
	if err := forEach(ctx, o.Concurrency, p.Items, func(ctx context.Context, it *Item) error {
		same, err := matches(ctx, api, bucket, it)
		if err == nil && !same {
			err = errors.New("object differs from the local file after upload (size or SHA-256)")
		}
		if err != nil {
			return &TransferError{Bucket: bucket, Op: "verify", Key: it.Key(), Err: err}
		}
		return nil
	}); err != nil {
		return out, asTransfer(err, bucket, p.Base.Prefix())
	}

	if _, err := api.PutObject(ctx, &s3.PutObjectInput{
		Bucket:               &bucket,
		Key:                  &successKey,
		Body:                 strings.NewReader(""),
		ContentLength:        aws.Int64(0),
		ServerSideEncryption: types.ServerSideEncryptionAes256,
	}); err != nil {
		return out, &TransferError{Bucket: bucket, Op: "mark complete", Key: successKey, Err: err}
	}
	out.Complete = true
	if o.Out != nil {
		fmt.Fprintf(o.Out, "published %s (%d uploaded, %d already there); wrote %s\n",
			count(int64(len(p.Items)), "file"), out.Uploaded, out.Skipped, p.SuccessURI())
	}
	return out, nil
}

// asTransfer makes sure every failure after the gate is a TransferError, an
// interrupted run included.
func asTransfer(err error, bucket, key string) error {
	var te *TransferError
	if errors.As(err, &te) {
		return err
	}
	return &TransferError{Op: "publish", Bucket: bucket, Key: key, Err: err}
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.MultipartThreshold <= 0 {
		o.MultipartThreshold = DefaultMultipartThreshold
	}
	return o
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
		return parent.Err()
	}
	return first
}

// exists is a HEAD that tells "not there" apart from a failure.
func exists(ctx context.Context, api API, bucket, key string) (bool, error) {
	_, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err == nil {
		return true, nil
	}
	if notFound(err) {
		return false, nil
	}
	return false, err
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

// matches reports whether the object at it's key has the local file's size
// and SHA-256: by our metadata when present (any upload we made), else by
// S3's own full-object SHA-256 checksum (a single-part upload by another
// tool). An object that proves neither is treated as different.
func matches(ctx context.Context, api API, bucket string, it *Item) (bool, error) {
	key := it.Key()
	h, err := api.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket:       &bucket,
		Key:          &key,
		ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil {
		if notFound(err) {
			return false, nil
		}
		return false, err
	}
	if aws.ToInt64(h.ContentLength) != it.Size {
		return false, nil
	}
	if m, ok := h.Metadata[MetaSHA256]; ok {
		return strings.EqualFold(m, it.SHA256), nil
	}
	if c := aws.ToString(h.ChecksumSHA256); c != "" && !strings.Contains(c, "-") {
		return c == b64(it.SHA256), nil
	}
	return false, nil
}

// b64 turns a hex digest into the base64 form S3 checksums use.
func b64(hexSum string) string {
	raw, err := hex.DecodeString(hexSum)
	if err != nil || len(raw) != sha256.Size {
		return ""
	}
	return base64.StdEncoding.EncodeToString(raw)
}

// stale lists objects under the prefix that are neither in the plan nor
// _SUCCESS. They are reported, never deleted: deleting is the user's call.
func stale(ctx context.Context, api API, p *Plan) ([]string, error) {
	want := map[string]bool{p.SuccessKey(): true}
	for _, it := range p.Items {
		want[it.Key()] = true
	}
	bucket, prefix := p.Base.Bucket, p.Base.Prefix()
	var out []string
	pager := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, obj := range page.Contents {
			if k := aws.ToString(obj.Key); !want[k] {
				out = append(out, "s3://"+bucket+"/"+k)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// upload sends one file: a single PUT carrying the precomputed SHA-256 (S3
// rejects the body if it does not match) up to the threshold, a multipart
// upload with per-part SHA-256 checksums above it.
func upload(ctx context.Context, api API, bucket string, it *Item, o Options, bar *progressbar.ProgressBar) error {
	f, err := os.Open(it.Local)
	if err != nil {
		return err
	}
	defer f.Close()
	key := it.Key()
	in := &s3.PutObjectInput{
		Bucket:               &bucket,
		Key:                  &key,
		Body:                 f,
		ServerSideEncryption: types.ServerSideEncryptionAes256,
		Metadata:             map[string]string{MetaSHA256: it.SHA256},
		ContentType:          aws.String(contentType(it.Target.FileFormat())),
	}
	if it.Size <= o.MultipartThreshold {
		in.ContentLength = aws.Int64(it.Size)
		in.ChecksumSHA256 = aws.String(b64(it.SHA256))
		if _, err := api.PutObject(ctx, in); err != nil {
			return err
		}
		if bar != nil {
			_ = bar.Add64(it.Size)
		}
		return nil
	}
	in.ChecksumAlgorithm = types.ChecksumAlgorithmSha256
	var client manager.UploadAPIClient = api
	if bar != nil {
		client = partCounter{api, bar}
	}
	up := manager.NewUploader(client, func(u *manager.Uploader) {
		u.PartSize = o.PartSize
		u.Concurrency = o.Concurrency
	})
	_, err = up.Upload(ctx, in)
	return err
}

func contentType(format string) string {
	if format == "jsonl" {
		return "application/x-ndjson"
	}
	return "text/csv"
}

// partCounter advances the progress bar as each part lands, so re-reads of a
// part body (signing, retries) never count twice.
type partCounter struct {
	manager.UploadAPIClient
	bar *progressbar.ProgressBar
}

func (c partCounter) UploadPart(ctx context.Context, in *s3.UploadPartInput, opts ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	var n int64
	if s, ok := in.Body.(io.Seeker); ok {
		n, _ = s.Seek(0, io.SeekEnd)
		// A part body left at its end would upload as empty.
		if _, err := s.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("rewind part body: %w", err)
		}
	}
	out, err := c.UploadAPIClient.UploadPart(ctx, in, opts...)
	if err == nil {
		_ = c.bar.Add64(n)
	}
	return out, err
}

// printPlan writes one line per file, then what happens to _SUCCESS.
// count is "1 file", "2 files".
func count(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func printPlan(w io.Writer, p *Plan, done bool, stale []string, dry bool) {
	if w == nil {
		return
	}
	verb := func(a Action) string {
		if !dry {
			return string(a)
		}
		return "would " + string(a)
	}
	fmt.Fprintf(w, "target %s (%s, %s)\n", "s3://"+p.Base.Bucket+"/"+p.Base.Prefix(), count(int64(len(p.Items)), "file"), count(p.TotalBytes(), "byte"))
	if done {
		fmt.Fprintf(w, "  %-14s %s (--replace: before any data is written)\n", verb("delete"), p.SuccessURI())
	}
	for _, it := range p.Items {
		note := ""
		if it.Action == Skip {
			note = "  (already there, same size and sha256)"
		}
		fmt.Fprintf(w, "  %-14s %s  %d bytes  sha256 %s%s\n", verb(it.Action), it.Target.URI(), it.Size, it.SHA256, note)
	}
	for _, s := range stale {
		fmt.Fprintf(w, "  warning: %s is under the prefix but not in this publish; ASAPP imports it too\n", s)
	}
	fmt.Fprintf(w, "  %-14s %s (empty, last)\n", verb("write"), p.SuccessURI())
}
