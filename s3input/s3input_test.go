package s3input_test

// Integration tests against the real S3 server on loopback (see
// internal/s3test); they skip without it, and fail without it under CI=true.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/preflight-data/preflight/internal/s3test"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/s3input"
)

const part = "call_center_issues/version=1/format=csv/dt=2024-05-01/"

func uri(sub, key string) string { return "s3://" + s3test.Bucket + "/" + sub + "/" + key }

// TestExpandAccountsForEveryKey: a prefix is walked as a directory is:
// every key is checked, checked as a stray, or skipped with its reason.
func TestExpandAccountsForEveryKey(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	for _, k := range []string{
		part + "calls.csv", part + "more.JSONL", part + "notes.txt", part + "_SUCCESS", part + publish.LeaseName,
		part + ".DS_Store", "README.md", ".git/config", "tmp/old.csv",
	} {
		s3test.Put(t, c, sub+"/"+k, []byte("x"))
	}
	s3test.Put(t, c, sub+"/folder/", nil)
	exclude := func(u string) string {
		if strings.HasSuffix(u, "/tmp") {
			return "tmp"
		}
		return ""
	}
	in, err := s3input.New(c, s3input.Options{Exclude: exclude}).Expand(context.Background(), uri(sub, ""))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range in.Files {
		files = append(files, fmt.Sprintf("%s stray=%v", strings.TrimPrefix(f.Path, uri(sub, "")), f.Stray))
	}
	want := []string{part + "calls.csv stray=false", part + "more.JSONL stray=false", part + "notes.txt stray=true"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("files:\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	var skipped []string
	for _, s := range in.Skipped {
		skipped = append(skipped, strings.TrimPrefix(s.Path, uri(sub, ""))+": "+s.Reason)
	}
	wantSkipped := []string{
		".git/: hidden directory",
		"README.md: not a .csv, .jsonl, .ndjson or audio (.wav, .mp3, .flac, .ogg, .opus, .m4a) file",
		part + ".DS_Store: hidden file",
		part + "_SUCCESS: the _SUCCESS completion marker, not data",
		part + "_preflight.lease: the lease of a publish writing this prefix, not data",
		"folder/: a folder marker (an empty object ending in /), not data",
		`tmp/: excluded by "tmp" in the config`,
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped:\n%s\nwant\n%s", strings.Join(skipped, "\n"), strings.Join(wantSkipped, "\n"))
	}
}

// TestExpandObjectPrefixAndNothing: a key naming an object is that object,
// whatever its name; a key without the trailing slash that names a prefix
// is the prefix; nothing there is a usage error; an unknown bucket is a
// request error.
func TestExpandObjectPrefixAndNothing(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	s3test.Put(t, c, sub+"/"+part+"notes.txt", []byte("a,b\n"))
	s3test.Put(t, c, sub+"/"+part+"calls.csv", []byte("a,b\n"))
	sc := s3input.New(c, s3input.Options{})
	ctx := context.Background()

	in, err := sc.Expand(ctx, uri(sub, part+"notes.txt"))
	if err != nil || len(in.Files) != 1 || in.Files[0].Path != uri(sub, part+"notes.txt") || in.Files[0].Stray {
		t.Fatalf("object: %+v, %v", in, err)
	}
	in, err = sc.Expand(ctx, strings.TrimSuffix(uri(sub, part), "/"))
	if err != nil || len(in.Files) != 2 {
		t.Fatalf("prefix without slash: %+v, %v", in, err)
	}
	_, err = sc.Expand(ctx, uri(sub, "nothing/here"))
	if !rules.IsUsage(err) || !strings.Contains(err.Error(), "no such object or prefix") {
		t.Fatalf("nothing: %v", err)
	}
	_, err = sc.Expand(ctx, "s3://no-such-bucket-i15/x/")
	var se *s3input.Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Fatalf("no bucket: %v", err)
	}
	if _, err = sc.Expand(ctx, "s3:///x"); !rules.IsUsage(err) {
		t.Fatalf("no bucket name: %v", err)
	}
}

// cutter is an HTTP client that cuts off the body of chosen GET responses
// after a number of bytes, as a dropped connection does; it counts GETs.
type cutter struct {
	mu     sync.Mutex
	next   http.RoundTripper
	gets   int
	ranges []string
	cut    func(n int, rng string) (int64, bool) // the n-th GET (1-based)
}

func (c *cutter) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet || req.Header.Get("Range") == "" {
		return resp, err
	}
	c.mu.Lock()
	c.gets++
	n, rng := c.gets, req.Header.Get("Range")
	c.ranges = append(c.ranges, rng)
	c.mu.Unlock()
	if at, ok := c.cut(n, rng); ok {
		resp.Body = &cutBody{rc: resp.Body, left: at}
	}
	return resp, nil
}

type cutBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errors.New("read: connection reset by peer")
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cutBody) Close() error { return b.rc.Close() }

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// open expands uri to its one object and opens it.
func open(t *testing.T, sc *s3input.Client, u string) (io.ReadCloser, int64) {
	t.Helper()
	in, err := sc.Expand(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	rc, size, err := in.Files[0].Source.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rc, size
}

// TestRangedReadsReassemble: a large object is read as ranges, several in
// flight, and handed out in order, byte for byte; a range whose body broke
// off is fetched again.
func TestRangedReadsReassemble(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	const partSize = 256 << 10
	data := randomBytes(5*partSize + 1234)
	s3test.Put(t, c, sub+"/big.csv", data)
	cut := &cutter{next: http.DefaultTransport.(*http.Transport).Clone(), cut: func(n int, _ string) (int64, bool) {
		return 1000, n == 2 || n == 4 // two ranges break off after 1000 bytes
	}}
	rc, size := open(t, s3input.New(e.Client(t, func(o *publish.ClientOptions) { o.HTTPClient = cut }),
		s3input.Options{PartSize: partSize, Concurrency: 3}), uri(sub, "big.csv"))
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(data)) || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes (size %d), want the %d bytes stored", len(got), size, len(data))
	}
	if cut.gets != 6+2 {
		t.Fatalf("%d ranged GETs, want 6 ranges + 2 repeated: %v", cut.gets, cut.ranges)
	}
}

// TestStreamReadResumes: a small object is one GET; when its body breaks
// off, the read resumes at the byte it reached, not from the start.
func TestStreamReadResumes(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	data := randomBytes(100_000)
	s3test.Put(t, c, sub+"/small.csv", data)
	cut := &cutter{next: http.DefaultTransport.(*http.Transport).Clone(), cut: func(n int, _ string) (int64, bool) {
		return 40_000, n == 1
	}}
	rc, _ := open(t, s3input.New(e.Client(t, func(o *publish.ClientOptions) { o.HTTPClient = cut }), s3input.Options{}), uri(sub, "small.csv"))
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if want := []string{"bytes=0-99999", "bytes=40000-99999"}; !reflect.DeepEqual(cut.ranges, want) {
		t.Fatalf("ranges %v, want %v", cut.ranges, want)
	}
}

// TestReadGivesUp: a body that always breaks off is a read error after a
// bounded number of tries, never a hang or a short read passed as whole.
func TestReadGivesUp(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	s3test.Put(t, c, sub+"/small.csv", randomBytes(10_000))
	cut := &cutter{next: http.DefaultTransport.(*http.Transport).Clone(), cut: func(int, string) (int64, bool) { return 100, true }}
	rc, _ := open(t, s3input.New(e.Client(t, func(o *publish.ClientOptions) { o.HTTPClient = cut }), s3input.Options{}), uri(sub, "small.csv"))
	defer rc.Close()
	_, err := io.ReadAll(rc)
	var se *s3input.Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err = %v, want a read error", err)
	}
	if cut.gets != 3 {
		t.Fatalf("%d GETs, want 3", cut.gets)
	}
}

// TestObjectChangedWhileRead: an object overwritten between two ranges is
// an error naming it, not a splice of two versions.
func TestObjectChangedWhileRead(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	const partSize = 64 << 10
	key := sub + "/big.csv"
	s3test.Put(t, c, key, randomBytes(6*partSize))
	var once sync.Once
	sc := s3input.New(c, s3input.Options{PartSize: partSize, Concurrency: 1,
		BeforePart: func(_ context.Context, _ string, off int64) error {
			if off == 3*partSize {
				once.Do(func() { s3test.Put(t, c, key, randomBytes(6*partSize+1)) })
			}
			return nil
		}})
	rc, _ := open(t, sc, uri(sub, "big.csv"))
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	var ch *s3input.ChangedError
	if !errors.As(err, &ch) || ch.URI != uri(sub, "big.csv") {
		t.Fatalf("err = %v after %d bytes, want a ChangedError", err, n)
	}
	if n != 3*partSize {
		t.Fatalf("%d bytes handed out before the error, want the %d of the first version's first ranges", n, 3*partSize)
	}
}

// TestRangedCloseEarly: closing a ranged read midway stops it (the
// fetches in flight end) and a cancelled context is an error, not EOF.
func TestRangedCloseEarly(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	const partSize = 64 << 10
	s3test.Put(t, c, sub+"/big.csv", randomBytes(8*partSize))
	ctx, cancel := context.WithCancel(context.Background())
	sc := s3input.New(c, s3input.Options{PartSize: partSize, Concurrency: 2,
		BeforePart: func(_ context.Context, _ string, off int64) error {
			if off == 4*partSize {
				cancel()
			}
			return nil
		}})
	in, err := sc.Expand(context.Background(), uri(sub, "big.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rc, _, err := in.Files[0].Source.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err == nil || !errors.Is(err, context.Canceled) || n >= 8*partSize {
		t.Fatalf("read %d bytes, err %v: want a cancelled read", n, err)
	}
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
}
