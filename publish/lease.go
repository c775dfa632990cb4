package publish

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// LeaseName is the object under a prefix that says a publish is writing it.
// It is created with a conditional put (If-None-Match: *), so of two runs
// only one gets it; the other stops before writing anything. The leading
// underscore keeps it out of the data files' way, as _SUCCESS does.
const LeaseName = "_preflight.lease"

// DefaultLeaseTTL is how long a lease lasts without renewal. A live run
// renews it every quarter of that; a crashed run's lease frees after it.
const DefaultLeaseTTL = 2 * time.Minute

// ErrLeaseLost is the cause of a run's end when its lease was taken over or
// could not be renewed in time: it may no longer write the prefix.
var ErrLeaseLost = errors.New("the lease on the prefix was lost (taken over by another run, or not renewed in time); this run stopped writing")

// LeaseInfo is the lease object's content: who holds the prefix.
type LeaseInfo struct {
	Run     string    `json:"run"`
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Tool    string    `json:"tool,omitempty"`
	Started time.Time `json:"started"`
	TTL     int64     `json:"ttl_seconds"`
	// State is "uploading", then "completing" just before _SUCCESS.
	State string `json:"state"`
	// Proc identifies the holder's process on its machine, so a run on the
	// same machine can tell a dead holder from a live one.
	Proc procID `json:"proc,omitempty"`
}

// LeaseHeldError says another run holds the prefix.
type LeaseHeldError struct {
	URI     string
	Holder  LeaseInfo
	Age     time.Duration // since the holder started
	Expires time.Duration // until the lease expires without renewal
}

func (e *LeaseHeldError) Error() string {
	h := e.Holder
	return fmt.Sprintf("%s: another publish is writing this prefix (run %s on host %s, pid %d, started %s ago, lease expires in %s unless renewed); wait for it, or if it died, re-run with --take-over-lease",
		e.URI, h.Run, h.Host, h.PID, e.Age.Round(time.Second), e.Expires.Round(time.Second))
}

// LeaseOptions tune Acquire.
type LeaseOptions struct {
	TTL time.Duration
	// TakeOver takes a lease that has not expired: for a holder known to
	// be dead.
	TakeOver bool
	Tool     string
}

// Lease is a held lease; Renew keeps it, Release gives it up.
type Lease struct {
	api         API
	bucket, key string
	info        LeaseInfo
	ttl         time.Duration

	mu       sync.Mutex
	etag     string
	renewed  time.Time // local time of the last successful renewal
	released bool
}

// Acquire takes the lease at key, or returns a *LeaseHeldError.
func Acquire(ctx context.Context, api API, bucket, key string, o LeaseOptions) (*Lease, error) {
	if o.TTL <= 0 {
		o.TTL = DefaultLeaseTTL
	}
	l := &Lease{api: api, bucket: bucket, key: key, ttl: o.TTL, info: newLeaseInfo(o)}
	for range 5 {
		_, err := l.put(ctx, aws.String("*"), nil)
		if err == nil {
			return l, l.proveConditional(ctx)
		}
		if !preconditionFailed(err) {
			return nil, fmt.Errorf("take the lease: %w", err)
		}
		held, cur, err := l.current(ctx)
		if errors.Is(err, errNoLease) {
			continue // released in between: try again
		}
		if err != nil {
			return nil, err
		}
		if !o.TakeOver && !held.expired() && !held.Holder.Proc.deadHere() {
			return nil, held
		}
		if _, err = l.put(ctx, nil, aws.String(cur)); err == nil {
			return l, nil
		}
		if !preconditionFailed(err) && !notFound(err) {
			return nil, fmt.Errorf("take over the lease: %w", err)
		}
	}
	return nil, fmt.Errorf("take the lease s3://%s/%s: other runs keep taking it", bucket, key)
}

func newLeaseInfo(o LeaseOptions) LeaseInfo {
	var id [8]byte
	_, _ = rand.Read(id[:])
	host, _ := os.Hostname()
	return LeaseInfo{
		Run: hex.EncodeToString(id[:]), Host: host, PID: os.Getpid(), Tool: o.Tool,
		Started: time.Now().UTC().Truncate(time.Second), TTL: int64(o.TTL / time.Second),
		State: "uploading", Proc: selfProcID(),
	}
}

// put writes the lease with one of the two conditions; it records the new
// ETag.
func (l *Lease) put(ctx context.Context, ifNoneMatch, ifMatch *string) (string, error) {
	body, err := json.Marshal(l.info)
	if err != nil {
		return "", err
	}
	out, err := l.api.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &l.bucket, Key: &l.key, Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String("application/json"),
		IfNoneMatch: ifNoneMatch, IfMatch: ifMatch,
	})
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	l.etag, l.renewed = aws.ToString(out.ETag), time.Now()
	l.mu.Unlock()
	return l.etag, nil
}

// proveConditional makes sure the server honours If-None-Match: a second
// conditional create of the lease must fail. A server that ignores the
// condition would let two runs hold the lease at once.
func (l *Lease) proveConditional(ctx context.Context) error {
	_, err := l.put(ctx, aws.String("*"), nil)
	switch {
	case err == nil:
		_ = l.Release(ctx)
		return errors.New("the S3 server ignores conditional writes (If-None-Match), so preflight cannot keep a second publisher out; use a server that honours them (AWS S3 does)")
	case preconditionFailed(err):
		return nil
	}
	_ = l.Release(ctx)
	return fmt.Errorf("take the lease: %w", err)
}

var errNoLease = errors.New("no lease")

// current reads the lease as it is, with its ETag and, from the server's
// own clock, its age and expiry.
func (l *Lease) current(ctx context.Context) (*LeaseHeldError, string, error) {
	out, err := l.api.GetObject(ctx, &s3.GetObjectInput{Bucket: &l.bucket, Key: &l.key})
	if err != nil {
		if notFound(err) {
			return nil, "", errNoLease
		}
		return nil, "", fmt.Errorf("read the lease: %w", err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, 64<<10))
	if err != nil {
		return nil, "", fmt.Errorf("read the lease: %w", err)
	}
	var info LeaseInfo
	if json.Unmarshal(b, &info) != nil || info.TTL <= 0 {
		info = LeaseInfo{Run: "unknown", Host: "unknown", TTL: int64(DefaultLeaseTTL / time.Second)}
	}
	now := serverNow(out.ResultMetadata)
	renewed := aws.ToTime(out.LastModified)
	e := &LeaseHeldError{URI: "s3://" + l.bucket + "/" + l.key, Holder: info,
		Expires: renewed.Add(time.Duration(info.TTL) * time.Second).Sub(now)}
	if !info.Started.IsZero() {
		e.Age = now.Sub(info.Started)
	}
	return e, aws.ToString(out.ETag), nil
}

func (e *LeaseHeldError) expired() bool { return e.Expires < 0 }

// serverNow is the server's clock from the response's Date header, so an
// expiry is judged on one clock; the local clock when there is none.
func serverNow(md middleware.Metadata) time.Time {
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok {
		if t, err := http.ParseTime(raw.Header.Get("Date")); err == nil {
			return t
		}
	}
	return time.Now()
}

// Renew extends the lease, with If-Match on the ETag this run last wrote:
// if another run took it over, the renewal fails with ErrLeaseLost.
func (l *Lease) Renew(ctx context.Context, state string) error {
	l.mu.Lock()
	etag := l.etag
	l.info.State = state
	l.mu.Unlock()
	_, err := l.put(ctx, nil, aws.String(etag))
	if err != nil && (preconditionFailed(err) || notFound(err)) {
		return ErrLeaseLost
	}
	return err
}

// Keep renews the lease every quarter TTL until ctx ends. When the lease is
// lost, or has gone a whole TTL without a successful renewal, it calls
// lost: the run must stop writing.
func (l *Lease) Keep(ctx context.Context, lost func(error)) {
	t := time.NewTicker(l.ttl / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := l.Renew(ctx, "uploading")
		if errors.Is(err, ErrLeaseLost) {
			lost(ErrLeaseLost)
			return
		}
		l.mu.Lock()
		stale := time.Since(l.renewed) > l.ttl
		l.mu.Unlock()
		if err != nil && stale {
			lost(fmt.Errorf("%w: %w", ErrLeaseLost, err))
			return
		}
	}
}

// Release deletes the lease if it is still this run's (If-Match). It works
// on a cancelled ctx too, so an interrupted run frees the prefix at once.
func (l *Lease) Release(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released {
		return nil
	}
	ctx, cancel := detached(ctx)
	defer cancel()
	_, err := l.api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &l.bucket, Key: &l.key, IfMatch: aws.String(l.etag)})
	if err == nil || notFound(err) || preconditionFailed(err) {
		l.released = true
		return nil
	}
	return err
}

// detached is ctx without its cancellation, bounded in time: for the
// clean-up requests (abort, release) that must still go out after Ctrl-C.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}

func preconditionFailed(err error) bool {
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusPreconditionFailed
}
