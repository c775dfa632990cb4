package publish

// Integration tests against a real S3 server (versitygw, see
// scripts/s3-server.sh). They run when PREFLIGHT_S3_ENDPOINT is set, and fail
// rather than skip when CI=true, so a CI that lost its server cannot pass
// silently.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/layout"
)

const testBucket = "asapp-test-acme-imports-us-east-1"

type s3Env struct{ endpoint, key, secret string }

func requireS3(t *testing.T) s3Env {
	t.Helper()
	e := s3Env{os.Getenv("PREFLIGHT_S3_ENDPOINT"), os.Getenv("PREFLIGHT_S3_KEY"), os.Getenv("PREFLIGHT_S3_SECRET")}
	if e.endpoint == "" || e.key == "" || e.secret == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but PREFLIGHT_S3_ENDPOINT/KEY/SECRET are not set: start the server with scripts/s3-server.sh start and eval \"$(scripts/s3-server.sh env)\"")
		}
		t.Skip("PREFLIGHT_S3_ENDPOINT not set; run scripts/s3-server.sh start and eval \"$(scripts/s3-server.sh env)\"")
	}
	return e
}

// recorder is an http.Client that logs every request in order and counts
// them by method, so tests can assert what was written and when.
type recorder struct {
	mu   sync.Mutex
	log  []string // "METHOD /bucket/key?query"
	hdrs []http.Header
	next http.RoundTripper
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	line := req.Method + " " + req.URL.Path
	// The SDK tags requests with x-id=Operation; drop it so the log reads
	// as the server sees the resource.
	q := req.URL.Query()
	q.Del("x-id")
	if len(q) > 0 {
		line += "?" + q.Encode()
	}
	r.log = append(r.log, line)
	r.hdrs = append(r.hdrs, req.Header.Clone())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log...)
}

func (r *recorder) writes() []string {
	var out []string
	for _, l := range r.lines() {
		if !strings.HasPrefix(l, "HEAD ") && !strings.HasPrefix(l, "GET ") {
			out = append(out, l)
		}
	}
	return out
}

func newRecorder() *recorder { return &recorder{next: http.DefaultTransport.(*http.Transport).Clone()} }

type clientOpt func(*ClientOptions)

func (e s3Env) client(t *testing.T, rec *recorder, opts ...clientOpt) *s3.Client {
	t.Helper()
	o := ClientOptions{
		Endpoint:    e.endpoint,
		Credentials: &Credentials{ID: e.key, Secret: e.secret, Bucket: testBucket},
		MaxAttempts: 3,
		MaxBackoff:  100 * time.Millisecond,
	}
	if rec != nil {
		o.HTTPClient = rec
	}
	for _, f := range opts {
		f(&o)
	}
	c, err := NewClient(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// setup creates the bucket (once per server) and returns a base target under
// a sub-folder unique to the test, so tests never see each other's objects.
func setup(t *testing.T, e s3Env) (*s3.Client, layout.Target) {
	t.Helper()
	c := e.client(t, nil)
	_, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(testBucket)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		t.Fatal(err)
	}
	sub := fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "_"), time.Now().UnixNano())
	return c, layout.Target{
		Bucket: testBucket, SubFolder: sub, FeedName: "call_center_issues",
		Version: 1, Format: "csv", DT: time.Now().UTC().Format(time.DateOnly), Hour: -1, Minute: -1,
	}
}

// writeFiles makes n files of the given size with random content.
func writeFiles(t *testing.T, n int, size int) []string {
	t.Helper()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(uint64(n), uint64(size)))
	var out []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("part-%d.csv", i))
		buf := make([]byte, size)
		for j := range buf {
			buf[j] = byte('a' + r.IntN(26))
		}
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func plan(t *testing.T, base layout.Target, files []string) *Plan {
	t.Helper()
	p, err := NewPlan(context.Background(), base, files)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func list(t *testing.T, c *s3.Client, prefix string) map[string]types.Object {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(testBucket), Prefix: &prefix})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]types.Object{}
	for _, o := range out.Contents {
		m[strings.TrimPrefix(aws.ToString(o.Key), prefix)] = o
	}
	return m
}

func TestIntegrationCleanPublish(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	files := writeFiles(t, 3, 200_000)
	p := plan(t, base, files)
	rec := newRecorder()
	var out bytes.Buffer
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete || res.Uploaded != 3 || res.Skipped != 0 || len(res.Findings) != 0 {
		t.Fatalf("outcome = %+v", res)
	}

	objs := list(t, direct, base.Prefix())
	if len(objs) != 4 {
		t.Fatalf("objects = %v, want 3 files and _SUCCESS", keys(objs))
	}
	for _, it := range p.Items {
		o, ok := objs[it.Target.File]
		if !ok || aws.ToInt64(o.Size) != it.Size {
			t.Errorf("%s: object %+v, want size %d", it.Target.File, o, it.Size)
		}
		h, err := direct.HeadObject(context.Background(), &s3.HeadObjectInput{
			Bucket: aws.String(testBucket), Key: aws.String(it.Key()), ChecksumMode: types.ChecksumModeEnabled,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToString(h.ChecksumSHA256); got != b64(it.SHA256) {
			t.Errorf("%s: ChecksumSHA256 = %q, want %q", it.Target.File, got, b64(it.SHA256))
		}
		if got := h.Metadata[MetaSHA256]; got != it.SHA256 {
			t.Errorf("%s: metadata sha256 = %q, want %q", it.Target.File, got, it.SHA256)
		}
	}
	if s, ok := objs[layout.SuccessName]; !ok || aws.ToInt64(s.Size) != 0 {
		t.Errorf("_SUCCESS = %+v, want an empty object", s)
	}

	// Order, as the server saw it: every data PUT, then the verifying HEADs,
	// then the _SUCCESS PUT as the very last request.
	log := rec.lines()
	succ := "PUT /" + testBucket + "/" + p.SuccessKey()
	if log[len(log)-1] != succ {
		t.Fatalf("last request = %q, want %q; log:\n%s", log[len(log)-1], succ, strings.Join(log, "\n"))
	}
	writes := rec.writes()
	if len(writes) != 4 {
		t.Errorf("writes = %q, want 3 data PUTs and _SUCCESS", writes)
	}
	lastData, firstVerify := -1, -1
	for i, l := range log {
		if strings.HasPrefix(l, "PUT ") && l != succ {
			lastData = i
		}
	}
	for i, l := range log {
		if i > lastData && strings.HasPrefix(l, "HEAD ") {
			firstVerify = i
			break
		}
	}
	if heads := countPrefix(log[lastData+1:], "HEAD "); firstVerify < 0 || heads != 3 {
		t.Errorf("want 3 verifying HEADs between the last data PUT and _SUCCESS, got %d; log:\n%s", heads, strings.Join(log, "\n"))
	}
	// Every PUT asked for SSE AES256.
	for i, l := range log {
		if strings.HasPrefix(l, "PUT ") && rec.hdrs[i].Get("X-Amz-Server-Side-Encryption") != "AES256" {
			t.Errorf("%s without SSE AES256", l)
		}
	}
	if !strings.Contains(out.String(), p.SuccessURI()) {
		t.Errorf("summary does not name _SUCCESS:\n%s", out.String())
	}
}

func TestIntegrationAlreadyCompleteAndReplace(t *testing.T) {
	e := requireS3(t)
	_, base := setup(t, e)
	files := writeFiles(t, 2, 10_000)
	if _, err := Publish(context.Background(), e.client(t, nil), plan(t, base, files), Options{}); err != nil {
		t.Fatal(err)
	}

	// Without --replace: a finding, and not one write.
	rec := newRecorder()
	res, err := Publish(context.Background(), e.client(t, rec), plan(t, base, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "target/already-complete" || res.Complete {
		t.Fatalf("outcome = %+v, want target/already-complete", res)
	}
	if w := rec.writes(); len(w) != 0 {
		t.Fatalf("refused publish wrote %q", w)
	}

	// With --replace and one changed file: DELETE _SUCCESS first, then the
	// changed file, then _SUCCESS; the unchanged file is skipped.
	if err := os.WriteFile(files[1], []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec = newRecorder()
	p := plan(t, base, files)
	res, err = Publish(context.Background(), e.client(t, rec), p, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DELETE /" + testBucket + "/" + p.SuccessKey(),
		"PUT /" + testBucket + "/" + p.Items[1].Key(),
		"PUT /" + testBucket + "/" + p.SuccessKey(),
	}
	if got := rec.writes(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("writes =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Uploaded != 1 || res.Skipped != 1 || !res.Complete {
		t.Fatalf("outcome = %+v", res)
	}
}

func TestIntegrationDryRunSendsNoWrites(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	files := writeFiles(t, 2, 10_000)
	// One file already there, so the plan shows a skip.
	if _, err := Publish(context.Background(), e.client(t, nil), plan(t, base, files[:1]), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := direct.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(testBucket), Key: aws.String(base.Prefix() + layout.SuccessName)}); err != nil {
		t.Fatal(err)
	}

	rec := newRecorder()
	var out bytes.Buffer
	p := plan(t, base, files)
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{DryRun: true, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if w := rec.writes(); len(w) != 0 {
		t.Fatalf("dry run wrote: %q", w)
	}
	if res.Complete || res.Skipped != 1 {
		t.Errorf("outcome = %+v, want 1 skip, not complete", res)
	}
	for _, it := range p.Items {
		if !strings.Contains(out.String(), it.Target.URI()) {
			t.Errorf("plan does not list %s:\n%s", it.Target.URI(), out.String())
		}
	}
	if !strings.Contains(out.String(), "would skip") || !strings.Contains(out.String(), "would upload") {
		t.Errorf("plan does not say what would be skipped and uploaded:\n%s", out.String())
	}
	if objs := list(t, direct, base.Prefix()); len(objs) != 1 {
		t.Errorf("objects after dry run = %v", keys(objs))
	}
}

// resetProxy forwards TCP to target and, once limit bytes went upstream in
// total, resets every connection and refuses new ones: the server "dies" in
// the middle of an upload.
type resetProxy struct {
	ln    net.Listener
	limit int64
	sent  atomic.Int64
	mu    sync.Mutex
	conns []*net.TCPConn
	dead  atomic.Bool
}

func startResetProxy(t *testing.T, target string, limit int64) *resetProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &resetProxy{ln: ln, limit: limit}
	t.Cleanup(func() { p.kill() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if p.dead.Load() {
				c.Close()
				continue
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c.(*net.TCPConn), up.(*net.TCPConn))
			p.mu.Unlock()
			go func() {
				buf := make([]byte, 32<<10)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if p.sent.Add(int64(n)) > p.limit {
							p.kill()
							return
						}
						if _, werr := up.Write(buf[:n]); werr != nil {
							return
						}
					}
					if err != nil {
						up.(*net.TCPConn).CloseWrite()
						return
					}
				}
			}()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

// kill resets every connection (SO_LINGER 0 sends RST) and stops listening.
func (p *resetProxy) kill() {
	if p.dead.Swap(true) {
		return
	}
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.SetLinger(0)
		c.Close()
	}
}

func TestIntegrationResumeAfterReset(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	files := writeFiles(t, 4, 3<<20)
	target := strings.TrimPrefix(e.endpoint, "http://")
	// Enough for the first file and part of the second.
	proxy := startResetProxy(t, target, 5<<20)

	p := plan(t, base, files)
	var out, progress bytes.Buffer
	_, err := Publish(context.Background(), e.client(t, nil, func(o *ClientOptions) {
		o.Endpoint = "http://" + proxy.ln.Addr().String()
		o.MaxAttempts = 2
	}), p, Options{Concurrency: 1, Out: &out, Progress: &progress})
	var te *TransferError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TransferError", err)
	}
	t.Logf("failure as reported: %v", err)
	objs := list(t, direct, base.Prefix())
	if _, ok := objs[layout.SuccessName]; ok {
		t.Fatal("_SUCCESS written after a failed upload")
	}
	if len(objs) == 0 || len(objs) == len(files) {
		t.Fatalf("objects after the reset = %v, want some but not all files", keys(objs))
	}
	already := len(objs)

	// The re-run, straight to the server, skips what made it.
	res, err := Publish(context.Background(), e.client(t, nil), plan(t, base, files), Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete || res.Skipped != already || res.Uploaded != len(files)-already {
		t.Fatalf("re-run outcome = %+v, want %d skipped, %d uploaded", res, already, len(files)-already)
	}
	if objs := list(t, direct, base.Prefix()); len(objs) != len(files)+1 {
		t.Fatalf("objects after re-run = %v", keys(objs))
	}
}

func TestIntegrationMultipart(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	// 200 MiB of cheap content: the test is about the transfer, not entropy.
	dir := t.TempDir()
	path := filepath.Join(dir, "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("0123456789abcdef,call,2024-05-01T00:00:00Z\n"), 1<<14)
	var written int64
	for written < 200<<20 {
		n, err := f.Write(chunk[:min(int64(len(chunk)), 200<<20-written)])
		if err != nil {
			t.Fatal(err)
		}
		written += int64(n)
	}
	f.Close()

	p := plan(t, base, []string{path})
	rec := newRecorder()
	start := time.Now()
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("200 MiB multipart in %v", time.Since(start))
	if !res.Complete {
		t.Fatalf("outcome = %+v", res)
	}
	h, err := direct.HeadObject(context.Background(), &s3.HeadObjectInput{
		Bucket: aws.String(testBucket), Key: aws.String(p.Items[0].Key()), ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	// 200 MiB in 16 MiB parts is 13 parts: a composite checksum "...-13".
	if c := aws.ToString(h.ChecksumSHA256); !strings.HasSuffix(c, "-13") {
		t.Errorf("ChecksumSHA256 = %q, want a composite checksum of 13 parts", c)
	}
	if aws.ToInt64(h.ContentLength) != 200<<20 || h.Metadata[MetaSHA256] != p.Items[0].SHA256 {
		t.Errorf("size %d, metadata %v", aws.ToInt64(h.ContentLength), h.Metadata)
	}
	if n := countPrefix(rec.lines(), "PUT /"+testBucket+"/"+p.Items[0].Key()+"?partNumber="); n != 13 {
		t.Errorf("%d UploadPart requests, want 13", n)
	}

	// A re-run recognises the multipart object by its metadata (its S3
	// checksum is composite and cannot be compared with the local hash).
	if _, err := direct.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(testBucket), Key: aws.String(p.SuccessKey())}); err != nil {
		t.Fatal(err)
	}
	p = plan(t, base, []string{path})
	res, err = Publish(context.Background(), e.client(t, nil), p, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != 1 || p.Items[0].Action != Skip {
		t.Errorf("dry run after a complete multipart upload: %+v, want the file skipped", res)
	}
}

func TestIntegrationWrongSecretNeverLeaks(t *testing.T) {
	e := requireS3(t)
	_, base := setup(t, e)
	files := writeFiles(t, 1, 1000)
	const secret = "wRoNg/SeCrEt+k3y-that-must-not-leak"
	p := plan(t, base, files)
	var out, progress bytes.Buffer
	c := e.client(t, nil, func(o *ClientOptions) {
		o.Credentials = &Credentials{ID: e.key, Secret: secret, Bucket: testBucket}
	})
	started := time.Now()
	res, err := Publish(context.Background(), c, p, Options{Out: &out, Progress: &progress})
	if err == nil {
		t.Fatal("publish with a wrong secret succeeded")
	}
	var te *TransferError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TransferError", err)
	}
	// HEAD errors carry no body; a PUT's SignatureDoesNotMatch does (with
	// the string to sign), so try a write too.
	putErr := upload(context.Background(), c, testBucket, &p.Items[0], Options{}.withDefaults(), nil)
	if putErr == nil {
		t.Fatal("PUT with a wrong secret succeeded")
	}
	receipt := filepath.Join(t.TempDir(), "receipt.json")
	if err := WriteReceipt(receipt, NewReceipt(p, nil, res, false, started, time.Now(), err)); err != nil {
		t.Fatal(err)
	}
	rb, _ := os.ReadFile(receipt)
	creds := Credentials{ID: e.key, Secret: secret, Bucket: testBucket}
	everything := strings.Join([]string{
		err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err), fmt.Sprintf("%v %+v %#v", putErr, putErr, putErr), out.String(), progress.String(), string(rb),
		fmt.Sprintf("%v %+v %#v %s %q %x", creds, creds, creds, creds, creds, creds),
		fmt.Sprint(&creds), fmt.Sprintf("%v", []Credentials{creds}),
	}, "\n")
	for _, s := range []string{secret, "wRoNg", base64.StdEncoding.EncodeToString([]byte(secret)), hex.EncodeToString([]byte(secret))} {
		if strings.Contains(everything, s) {
			t.Fatalf("output contains the secret (%q):\n%s", s, everything)
		}
	}
	t.Logf("errors as reported: %v\n%v", err, putErr)
}

func keys(m map[string]types.Object) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func countPrefix(lines []string, prefix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}
