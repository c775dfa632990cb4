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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/rules"
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
	// strip drops the checksum headers from responses: a server that
	// computes none.
	strip bool
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
	strip := r.strip
	r.mu.Unlock()
	resp, err := r.next.RoundTrip(req)
	if err == nil && strip {
		for k := range resp.Header {
			if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
				resp.Header.Del(k)
			}
		}
	}
	return resp, err
}

func (r *recorder) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log...)
}

// writes are the requests that change something, the lease's aside
// (leaseWrites has those).
func (r *recorder) writes() []string {
	var out []string
	for _, l := range r.lines() {
		if !strings.HasPrefix(l, "HEAD ") && !strings.HasPrefix(l, "GET ") && !strings.Contains(l, "/"+LeaseName) {
			out = append(out, l)
		}
	}
	return out
}

func (r *recorder) leaseWrites() []string {
	var out []string
	for _, l := range r.lines() {
		if !strings.HasPrefix(l, "HEAD ") && !strings.HasPrefix(l, "GET ") && strings.Contains(l, "/"+LeaseName) {
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

// plan digests the files as the checks would and plans them.
func plan(t *testing.T, base layout.Target, files []string) *Plan {
	t.Helper()
	p, err := NewPlan(base, sources(t, files...))
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

// requestsTo lists the logged requests whose path ends in key.
func requestsTo(lines []string, key string) []string {
	var out []string
	for _, l := range lines {
		path, _, _ := strings.Cut(strings.SplitN(l, " ", 2)[1], "?")
		if strings.HasSuffix(path, "/"+key) {
			out = append(out, l)
		}
	}
	return out
}

func indexOf(lines []string, want string) int {
	for i, l := range lines {
		if l == want {
			return i
		}
	}
	return -1
}

// pending lists the incomplete multipart uploads under prefix.
func pending(t *testing.T, c *s3.Client, prefix string) []string {
	t.Helper()
	out, err := c.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(testBucket), Prefix: &prefix})
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, u := range out.Uploads {
		ks = append(ks, aws.ToString(u.Key))
	}
	return ks
}

// stored reads an object's bytes back.
func storedBytes(t *testing.T, c *s3.Client, key string) []byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertClean checks the guarantee after a run: no _SUCCESS unless every
// object is byte for byte a local file, no lease, no parts left.
func assertNoMarker(t *testing.T, c *s3.Client, base layout.Target) {
	t.Helper()
	objs := list(t, c, base.Prefix())
	if _, ok := objs[layout.SuccessName]; ok {
		t.Fatalf("_SUCCESS written: %v", keys(objs))
	}
	if _, ok := objs[LeaseName]; ok {
		t.Errorf("lease left behind: %v", keys(objs))
	}
	if p := pending(t, c, base.Prefix()); len(p) > 0 {
		t.Errorf("incomplete multipart uploads left: %v", p)
	}
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

	// The completed prefix holds the data files and _SUCCESS, nothing else.
	objs := list(t, direct, base.Prefix())
	if len(objs) != 4 {
		t.Fatalf("objects = %v, want 3 files and _SUCCESS", keys(objs))
	}
	for _, it := range p.Items {
		h, err := direct.HeadObject(context.Background(), &s3.HeadObjectInput{
			Bucket: aws.String(testBucket), Key: aws.String(it.Key()), ChecksumMode: types.ChecksumModeEnabled,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToString(h.ChecksumSHA256); got != it.Checked.SHA256Base64() || h.ChecksumType != types.ChecksumTypeFullObject {
			t.Errorf("%s: server checksum %q (%s), want the full-object SHA-256 %q", it.Target.File, got, h.ChecksumType, it.Checked.SHA256Base64())
		}
	}
	if s, ok := objs[layout.SuccessName]; !ok || aws.ToInt64(s.Size) != 0 {
		t.Errorf("_SUCCESS = %+v, want an empty object", s)
	}

	// Order, as the server saw it: the lease, every data PUT, the verifying
	// HEADs, the lease renewed, _SUCCESS, and the lease deleted last.
	log := rec.lines()
	succ := "PUT /" + testBucket + "/" + p.SuccessKey()
	if w := rec.writes(); len(w) != 4 || w[3] != succ {
		t.Fatalf("writes = %q, want 3 data PUTs and _SUCCESS last", w)
	}
	lease := "/" + testBucket + "/" + p.LeaseKey()
	lw := rec.leaseWrites()
	if len(lw) != 4 || lw[0] != "PUT "+lease || lw[3] != "DELETE "+lease {
		t.Fatalf("lease requests = %q, want create, prove, renew, delete", lw)
	}
	firstData := indexOf(log, "PUT /"+testBucket+"/"+p.Items[0].Key())
	for _, it := range p.Items[1:] {
		firstData = min(firstData, indexOf(log, "PUT /"+testBucket+"/"+it.Key()))
	}
	if indexOf(log, "PUT "+lease) > firstData || indexOf(log, succ) > indexOf(log, "DELETE "+lease) {
		t.Fatalf("lease not taken before the data or not deleted after _SUCCESS:\n%s", strings.Join(log, "\n"))
	}
	lastData := 0
	for i, l := range log {
		if strings.HasPrefix(l, "PUT ") && l != succ && !strings.Contains(l, LeaseName) {
			lastData = i
		}
	}
	if heads := countPrefix(log[lastData+1:indexOf(log, succ)], "HEAD "); heads != 3 {
		t.Errorf("want 3 verifying HEADs between the last data PUT and _SUCCESS, got %d; log:\n%s", heads, strings.Join(log, "\n"))
	}
	for i, l := range log {
		if strings.HasPrefix(l, "PUT ") && !strings.Contains(l, LeaseName) && rec.hdrs[i].Get("X-Amz-Server-Side-Encryption") != "AES256" {
			t.Errorf("%s without SSE AES256", l)
		}
		if l == succ && rec.hdrs[i].Get("If-None-Match") != "*" {
			t.Errorf("_SUCCESS written without If-None-Match: *")
		}
	}
	if !strings.Contains(out.String(), p.SuccessURI()) {
		t.Errorf("summary does not name _SUCCESS:\n%s", out.String())
	}
}

func TestIntegrationAlreadyCompleteAndReplace(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	files := writeFiles(t, 3, 10_000)
	if _, err := Publish(context.Background(), e.client(t, nil), plan(t, base, files), Options{}); err != nil {
		t.Fatal(err)
	}

	// Without --replace: a finding, and not one write, not even the lease.
	rec := newRecorder()
	res, err := Publish(context.Background(), e.client(t, rec), plan(t, base, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != rules.TargetAlreadyComplete || res.Complete {
		t.Fatalf("outcome = %+v, want target/already-complete", res)
	}
	if w := append(rec.writes(), rec.leaseWrites()...); len(w) != 0 {
		t.Fatalf("refused publish wrote %q", w)
	}

	// --replace with one file changed and one dropped: DELETE _SUCCESS
	// first, the changed file, then the dropped file's object (after the
	// new ones are verified), then _SUCCESS. The prefix then holds exactly
	// the new set.
	if err := os.WriteFile(files[1], []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec = newRecorder()
	p := plan(t, base, files[:2])
	res, err = Publish(context.Background(), e.client(t, rec), p, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	dropped := base
	dropped.File = filepath.Base(files[2])
	want := []string{
		"DELETE /" + testBucket + "/" + p.SuccessKey(),
		"PUT /" + testBucket + "/" + p.Items[1].Key(),
		"DELETE /" + testBucket + "/" + dropped.Key(),
		"PUT /" + testBucket + "/" + p.SuccessKey(),
	}
	if got := rec.writes(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("writes =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Uploaded != 1 || res.Skipped != 1 || !res.Complete || len(res.Deleted) != 1 || res.Deleted[0] != dropped.URI() {
		t.Fatalf("outcome = %+v", res)
	}
	objs := list(t, direct, base.Prefix())
	if got := strings.Join(keys(objs), " "); got != "_SUCCESS part-0.csv part-1.csv" {
		t.Fatalf("prefix holds %s, want exactly the new set and _SUCCESS", got)
	}
	if b := storedBytes(t, direct, p.Items[1].Key()); string(b) != "changed\n" {
		t.Errorf("replaced object = %q", b)
	}
}

// An object under the prefix that the publish does not write would be
// imported with its _SUCCESS: refused without a write, unless --replace.
func TestIntegrationStrayObjectRefused(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	stray := base.Prefix() + "old-export.csv"
	if _, err := direct.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(testBucket), Key: &stray, Body: strings.NewReader("a,b\n")}); err != nil {
		t.Fatal(err)
	}
	files := writeFiles(t, 1, 1000)
	rec := newRecorder()
	res, err := Publish(context.Background(), e.client(t, rec), plan(t, base, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != rules.TargetStrayObject || !strings.HasSuffix(res.Findings[0].File, "/old-export.csv") {
		t.Fatalf("findings = %+v, want target/stray-object on old-export.csv", res.Findings)
	}
	if w := append(rec.writes(), rec.leaseWrites()...); len(w) != 0 {
		t.Fatalf("refused publish wrote %q", w)
	}

	// The near miss: an object at the key of a file being published is an
	// earlier attempt at the same upload, not a stray.
	os.Rename(files[0], filepath.Join(filepath.Dir(files[0]), "old-export.csv"))
	res, err = Publish(context.Background(), e.client(t, nil), plan(t, base, []string{filepath.Join(filepath.Dir(files[0]), "old-export.csv")}), Options{})
	if err != nil || len(res.Findings) != 0 || !res.Complete || res.Uploaded != 1 {
		t.Fatalf("publishing over an earlier attempt: %+v %v", res, err)
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
	if w := append(rec.writes(), rec.leaseWrites()...); len(w) != 0 {
		t.Fatalf("dry run wrote: %q", w)
	}
	if res.Complete || res.Skipped != 1 || res.StateErr != nil {
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

// A dry run needs no server: the plan comes from the local checks, and the
// prefix's state is reported unknown.
func TestDryRunOffline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, err := NewClient(context.Background(), ClientOptions{Endpoint: "http://" + addr, Credentials: &Credentials{ID: "a", Secret: testSecret}, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	files := writeFiles(t, 2, 100)
	p := plan(t, testBase, files)
	var out bytes.Buffer
	res, err := Publish(context.Background(), c, p, Options{DryRun: true, Out: &out})
	if err != nil {
		t.Fatalf("dry run failed offline: %v", err)
	}
	if res.StateErr == nil || !strings.Contains(out.String(), "state of the prefix unknown") || countPrefix(strings.Split(out.String(), "\n"), "  would upload") != 2 {
		t.Fatalf("outcome %+v, plan:\n%s", res, out.String())
	}
}

func TestIntegrationResumeAfterReset(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	// A multipart file first, then small ones: the reset lands inside the
	// multipart upload and leaves its parts on the server.
	big := writeFiles(t, 1, 12<<20)
	files := append(big, writeFiles(t, 3, 1<<20)...)
	os.Rename(files[0], filepath.Join(filepath.Dir(files[0]), "big.csv"))
	files[0] = filepath.Join(filepath.Dir(files[0]), "big.csv")
	target := strings.TrimPrefix(e.endpoint, "http://")
	proxy := startResetProxy(t, target, 7<<20)

	p := plan(t, base, files)
	var out bytes.Buffer
	_, err := Publish(context.Background(), e.client(t, nil, func(o *ClientOptions) {
		o.Endpoint = "http://" + proxy.ln.Addr().String()
		o.MaxAttempts = 2
	}), p, Options{Concurrency: 1, PartSize: 5 << 20, Out: &out})
	var te *TransferError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TransferError", err)
	}
	t.Logf("failure as reported: %v", err)
	objs := list(t, direct, base.Prefix())
	if _, ok := objs[layout.SuccessName]; ok {
		t.Fatal("_SUCCESS written after a failed upload")
	}
	if len(pending(t, direct, base.Prefix())) == 0 {
		t.Fatal("the reset left no multipart upload: the test does not test the clean-up")
	}

	// The lease of the dead connection is still there: a run on this
	// machine sees its holder is not running... but the holder is this
	// very process, alive. Take it over as a user would after a crash.
	res, err := Publish(context.Background(), e.client(t, nil), plan(t, base, files), Options{Concurrency: 1, PartSize: 5 << 20, Lease: LeaseOptions{TakeOver: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete || res.Aborted == 0 {
		t.Fatalf("re-run outcome = %+v, want complete and the old upload aborted", res)
	}
	assertNoPending(t, direct, base)
	for _, it := range p.Items {
		if d, _ := digest.Reader(bytes.NewReader(storedBytes(t, direct, it.Key()))); d != it.Checked {
			t.Errorf("%s: stored bytes differ from the checked file", it.Key())
		}
	}
}

func assertNoPending(t *testing.T, c *s3.Client, base layout.Target) {
	t.Helper()
	if p := pending(t, c, base.Prefix()); len(p) > 0 {
		t.Errorf("incomplete multipart uploads left: %v", p)
	}
}

// bigFile writes size bytes of cheap content: the tests are about the
// transfer, not entropy.
func bigFile(t *testing.T, name string, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := bytes.Repeat([]byte("0123456789abcdef,call,2024-05-01T00:00:00Z\n"), 1<<12)
	for written := int64(0); written < size; {
		n, err := f.Write(chunk[:min(int64(len(chunk)), size-written)])
		if err != nil {
			t.Fatal(err)
		}
		written += int64(n)
	}
	return path
}

func TestIntegrationMultipart(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	path := bigFile(t, "big.csv", 40<<20)
	p := plan(t, base, []string{path})
	rec := newRecorder()
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{PartSize: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete {
		t.Fatalf("outcome = %+v", res)
	}
	h, err := direct.HeadObject(context.Background(), &s3.HeadObjectInput{
		Bucket: aws.String(testBucket), Key: aws.String(p.Items[0].Key()), ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	// The server's own full-object CRC64NVME, comparable with the local one.
	if c := aws.ToString(h.ChecksumCRC64NVME); c != p.Items[0].Checked.CRC64NVMEBase64() || h.ChecksumType != types.ChecksumTypeFullObject {
		t.Errorf("ChecksumCRC64NVME = %q (%s), want the full-object CRC %q", c, h.ChecksumType, p.Items[0].Checked.CRC64NVMEBase64())
	}
	if n := countPrefix(rec.lines(), "PUT /"+testBucket+"/"+p.Items[0].Key()+"?partNumber="); n != 8 {
		t.Errorf("%d UploadPart requests, want 8", n)
	}
	// A re-run recognises the object by the server's checksum.
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

// A file that changes after its check, before or while it is sent, is
// never completed: its upload is aborted, no _SUCCESS is written, and the
// lease is given back.
func TestIntegrationFileChanged(t *testing.T) {
	e := requireS3(t)
	overwrite := func(path string, off int64) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt(bytes.Repeat([]byte("X"), 4096), off); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		size   int64
		change func(path string)
		at     int64 // offset before which the change is made (-1: before the run)
	}{
		{"overwritten mid multipart", 30 << 20, func(p string) { overwrite(p, 25<<20) }, 10 << 20},
		{"overwritten before a single PUT", 1 << 20, func(p string) { overwrite(p, 1000) }, -1},
		{"grown mid multipart", 30 << 20, func(p string) {
			f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte("one more row\n"))
			f.Close()
		}, 10 << 20},
		{"truncated mid multipart", 30 << 20, func(p string) { os.Truncate(p, 20<<20) }, 10 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			direct, base := setup(t, e)
			path := bigFile(t, "calls.csv", tt.size)
			p := plan(t, base, []string{path})
			o := Options{PartSize: 5 << 20, Concurrency: 2}
			if tt.at < 0 {
				tt.change(path)
			} else {
				var once sync.Once
				o.PauseBeforePart = func(_ context.Context, _ string, off int64) error {
					if off >= tt.at {
						once.Do(func() { tt.change(path) })
					}
					return nil
				}
			}
			_, err := Publish(context.Background(), e.client(t, nil), p, o)
			var ce *ChangedError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), "changed while publishing") {
				t.Fatalf("err = %v, want a ChangedError", err)
			}
			assertNoMarker(t, direct, base)
			if _, ok := list(t, direct, base.Prefix())["calls.csv"]; ok {
				t.Error("the changed file's object was stored")
			}
		})
	}
}

// An object of the right size whose metadata claims the checked SHA-256 is
// not trusted: only the server's own checksum (or the bytes) count.
func TestIntegrationForgedMetadataNotTrusted(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	files := writeFiles(t, 1, 5000)
	p := plan(t, base, files)
	forged := bytes.Repeat([]byte("z"), 5000)
	if _, err := direct.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(testBucket), Key: aws.String(p.Items[0].Key()), Body: bytes.NewReader(forged),
		Metadata: map[string]string{"preflight-sha256": p.Items[0].SHA256()},
	}); err != nil {
		t.Fatal(err)
	}
	res, err := Publish(context.Background(), e.client(t, nil), p, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Uploaded != 1 || res.Skipped != 0 {
		t.Fatalf("outcome = %+v, want the forged object replaced", res)
	}
	local, _ := os.ReadFile(files[0])
	if !bytes.Equal(storedBytes(t, direct, p.Items[0].Key()), local) {
		t.Fatal("stored bytes differ from the checked file under _SUCCESS")
	}
}

// One publisher per prefix: a live holder keeps a second run out before it
// writes anything; an expired or explicitly taken-over lease is taken.
func TestIntegrationLease(t *testing.T) {
	e := requireS3(t)
	ctx := context.Background()
	t.Run("held", func(t *testing.T) {
		direct, base := setup(t, e)
		p := plan(t, base, writeFiles(t, 1, 100))
		a, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		rec := newRecorder()
		_, err = Publish(ctx, e.client(t, rec), p, Options{})
		var held *LeaseHeldError
		if !errors.As(err, &held) || held.Holder.Run != a.info.Run || !strings.Contains(err.Error(), "another publish is writing this prefix") {
			t.Fatalf("err = %v, want the lease held by %s", err, a.info.Run)
		}
		if w := rec.writes(); len(w) != 0 {
			t.Fatalf("second publisher wrote %q", w)
		}
		a.Release(ctx)
		if res, err := Publish(ctx, e.client(t, nil), p, Options{}); err != nil || !res.Complete {
			t.Fatalf("after release: %+v %v", res, err)
		}
	})
	t.Run("expired", func(t *testing.T) {
		direct, base := setup(t, e)
		p := plan(t, base, writeFiles(t, 1, 100))
		if _, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TTL: time.Second}); err != nil {
			t.Fatal(err)
		}
		// Expiry is judged on the server's clock, to the second: wait it out.
		time.Sleep(3 * time.Second)
		if res, err := Publish(ctx, e.client(t, nil), p, Options{}); err != nil || !res.Complete {
			t.Fatalf("expired lease not taken over: %+v %v", res, err)
		}
	})
	t.Run("take over", func(t *testing.T) {
		direct, base := setup(t, e)
		p := plan(t, base, writeFiles(t, 1, 100))
		if _, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TTL: time.Hour}); err != nil {
			t.Fatal(err)
		}
		if res, err := Publish(ctx, e.client(t, nil), p, Options{Lease: LeaseOptions{TakeOver: true}}); err != nil || !res.Complete {
			t.Fatalf("--take-over-lease: %+v %v", res, err)
		}
	})
}

// A lease whose holder is gone (a dead process on this machine) is taken at
// once; a run whose lease is taken over mid-upload stops without _SUCCESS.
func TestIntegrationLeaseHolderGone(t *testing.T) {
	e := requireS3(t)
	ctx := context.Background()
	t.Run("holder dead on this machine", func(t *testing.T) {
		if selfProcID() == (procID{}) {
			t.Skip("process liveness is judged on Linux only")
		}
		direct, base := setup(t, e)
		p := plan(t, base, writeFiles(t, 1, 100))
		dead := exec.Command("true")
		if err := dead.Run(); err != nil {
			t.Fatal(err)
		}
		info := newLeaseInfo(LeaseOptions{TTL: time.Hour})
		info.PID, info.Proc.PID, info.Proc.Start = dead.Process.Pid, dead.Process.Pid, 1
		body, _ := json.Marshal(info)
		if _, err := direct.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(testBucket), Key: aws.String(p.LeaseKey()), Body: bytes.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
		if res, err := Publish(ctx, e.client(t, nil), p, Options{}); err != nil || !res.Complete {
			t.Fatalf("lease of a dead process on this machine not taken over: %+v %v", res, err)
		}
	})
	t.Run("lost mid upload", func(t *testing.T) {
		direct, base := setup(t, e)
		p := plan(t, base, []string{bigFile(t, "big.csv", 20<<20)})
		o := Options{PartSize: 5 << 20, Concurrency: 1}
		var once sync.Once
		o.PauseBeforePart = func(_ context.Context, _ string, off int64) error {
			if off >= 10<<20 {
				once.Do(func() {
					if _, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TakeOver: true}); err != nil {
						t.Error(err)
					}
				})
			}
			return nil
		}
		_, err := Publish(ctx, e.client(t, nil), p, o)
		if !errors.Is(err, ErrLeaseLost) {
			t.Fatalf("err = %v, want ErrLeaseLost", err)
		}
		if _, ok := list(t, direct, base.Prefix())[layout.SuccessName]; ok {
			t.Fatal("_SUCCESS written by a run that lost its lease")
		}
	})
}

// Another run's _SUCCESS appearing mid-upload is never overwritten.
func TestIntegrationMarkerIsConditional(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	p := plan(t, base, []string{bigFile(t, "big.csv", 12<<20)})
	o := Options{PartSize: 5 << 20, Concurrency: 1}
	var once sync.Once
	o.PauseBeforePart = func(_ context.Context, _ string, off int64) error {
		if off > 0 {
			once.Do(func() {
				direct.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(testBucket), Key: aws.String(p.SuccessKey()), Body: strings.NewReader("")})
			})
		}
		return nil
	}
	_, err := Publish(context.Background(), e.client(t, nil), p, o)
	if err == nil || !strings.Contains(err.Error(), "another run wrote _SUCCESS") {
		t.Fatalf("err = %v, want the conditional _SUCCESS to fail", err)
	}
}

// Ctrl-C mid-upload: the multipart upload is aborted, the lease released,
// no _SUCCESS; the error says the run was cancelled.
func TestIntegrationCancelMidUpload(t *testing.T) {
	e := requireS3(t)
	direct, base := setup(t, e)
	p := plan(t, base, []string{bigFile(t, "big.csv", 30<<20)})
	ctx, cancel := context.WithCancel(context.Background())
	o := Options{PartSize: 5 << 20, Concurrency: 2}
	o.PauseBeforePart = func(_ context.Context, _ string, off int64) error {
		if off >= 15<<20 {
			cancel()
		}
		return nil
	}
	_, err := Publish(ctx, e.client(t, nil), p, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	assertNoMarker(t, direct, base)
}

func TestIntegrationVerifyReadBack(t *testing.T) {
	e := requireS3(t)
	_, base := setup(t, e)
	p := plan(t, base, writeFiles(t, 2, 3000))
	rec := newRecorder()
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{Verify: VerifyReadBack})
	if err != nil || !res.Complete {
		t.Fatalf("%+v %v", res, err)
	}
	for _, it := range p.Items {
		if n := countPrefix(requestsTo(rec.lines(), it.Target.File), "GET "); n != 1 {
			t.Errorf("%s read back %d times, want 1", it.Target.File, n)
		}
	}
}

// A server that returns no checksum: verification reads the objects back
// instead of trusting anything preflight sent.
func TestIntegrationServerWithoutChecksums(t *testing.T) {
	e := requireS3(t)
	_, base := setup(t, e)
	p := plan(t, base, writeFiles(t, 2, 3000))
	rec := newRecorder()
	rec.strip = true
	res, err := Publish(context.Background(), e.client(t, rec), p, Options{})
	if err != nil || !res.Complete {
		t.Fatalf("%+v %v", res, err)
	}
	for _, it := range p.Items {
		if n := countPrefix(requestsTo(rec.lines(), it.Target.File), "GET "); n != 1 {
			t.Errorf("%s read back %d times, want 1 (no server checksum to trust)", it.Target.File, n)
		}
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
	// LIST and HEAD errors carry no body; a PUT's SignatureDoesNotMatch
	// does (with the string to sign), so try a write too.
	putErr := newSender(c, testBucket, Options{}.withDefaults()).send(context.Background(), &p.Items[0])
	if putErr == nil {
		t.Fatal("PUT with a wrong secret succeeded")
	}
	var rb bytes.Buffer
	NewReceipt(StatusFailed, p, nil, res, started, time.Now(), err).Write(&rb)
	creds := Credentials{ID: e.key, Secret: secret, Bucket: testBucket}
	everything := strings.Join([]string{
		err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err), fmt.Sprintf("%v %+v %#v", putErr, putErr, putErr), out.String(), progress.String(), rb.String(),
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

func keys(m map[string]types.Object) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
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

// A run that died between writing _SUCCESS and deleting its lease leaves
// the lease in a completed prefix; the next run on the prefix removes it.
func TestIntegrationLeaseLeftAfterMarkerIsRemoved(t *testing.T) {
	e := requireS3(t)
	ctx := context.Background()
	direct, base := setup(t, e)
	files := writeFiles(t, 1, 100)
	if res, err := Publish(ctx, e.client(t, nil), plan(t, base, files), Options{}); err != nil || !res.Complete {
		t.Fatalf("%+v %v", res, err)
	}
	p := plan(t, base, files)
	dead, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := dead.Renew(ctx, "completing"); err != nil {
		t.Fatal(err)
	}
	res, err := Publish(ctx, e.client(t, nil), p, Options{})
	if err != nil || len(res.Findings) != 1 || res.Findings[0].Rule != rules.TargetAlreadyComplete {
		t.Fatalf("%+v %v, want target/already-complete", res, err)
	}
	if _, ok := list(t, direct, base.Prefix())[LeaseName]; ok {
		t.Fatal("the finished run's lease is still in the completed prefix")
	}
	// The near miss: a lease of a run still uploading is left alone.
	if _, err := Acquire(ctx, direct, testBucket, p.LeaseKey(), LeaseOptions{TTL: time.Hour}); err != nil {
		t.Fatal(err)
	}
	Publish(ctx, e.client(t, nil), p, Options{})
	if _, ok := list(t, direct, base.Prefix())[LeaseName]; !ok {
		t.Fatal("a live run's lease was removed")
	}
}
