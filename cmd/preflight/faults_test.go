//go:build unix

package main

// The fault suite: real preflight processes against a real versitygw on
// loopback, with faults injected at a known point of the upload (the
// PREFLIGHT_FAULT_PAUSE hook, faults.go), never by sleeping: a file
// changed mid-upload, two publishers on one prefix, SIGINT and SIGTERM
// mid-upload, and the server killed with SIGKILL mid-upload and restarted.
// After each: no _SUCCESS over an object whose stored bytes differ from a
// checked file, no multipart upload left after the next successful run,
// the re-run completes, and the exit codes are the documented ones.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/publish"
)

// faultEnv is one test's server, target and files.
type faultEnv struct {
	t                  *testing.T
	endpoint, key, sec string
	client             *s3.Client
	dir, creds, sub    string
	dt                 string
}

const faultBucket = "asapp-test-acme-imports-us-east-1"

func newFaultEnv(t *testing.T, endpoint string) *faultEnv {
	t.Helper()
	e := &faultEnv{t: t, endpoint: endpoint, key: os.Getenv("PREFLIGHT_S3_KEY"), sec: os.Getenv("PREFLIGHT_S3_SECRET"),
		dir: t.TempDir(), dt: time.Now().UTC().Format(time.DateOnly)}
	e.sub = fmt.Sprintf("fault-%d", time.Now().UnixNano())
	e.creds = filepath.Join(e.dir, "creds.tsv")
	os.WriteFile(e.creds, []byte(e.key+"\t"+e.sec+"\t"+faultBucket+"\t"+e.sub+"\n"), 0o600)
	e.connect()
	return e
}

func (e *faultEnv) connect() {
	c, err := publish.NewClient(context.Background(), publish.ClientOptions{Endpoint: e.endpoint, MaxAttempts: 2,
		Credentials: &publish.Credentials{ID: e.key, Secret: e.sec}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.client = c
	_, err = c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(faultBucket)})
	var owned *types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		e.t.Fatal(err)
	}
}

// prefix is the target prefix of e's files.
func (e *faultEnv) prefix() string {
	return e.sub + "/call_center_issues/version=1/format=csv/dt=" + e.dt + "/"
}

// callCenter writes a valid call-center CSV of about size bytes.
func (e *faultEnv) callCenter(name string, size int) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	var b bytes.Buffer
	b.WriteString("call_start,call_end,call_assigned_to_agent,conversation_id,customer_id,agent_id,queue_name,disposition,time_in_queue,call_handle_time,call_wrap_time,transfer,survey_offered,survey_taken,ivr_resolved,ivr_abandoned,caller_phone_type,call_direction,call_type,language,region,notes,external_id\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%sT10:%02d:00Z,%sT10:%02d:30Z,NULL,conv-%d-%s,cust-%d,agent-%d,billing,resolved,12,300,20,NA,true,false,false,false,mobile,inbound,support,en,us-east,NULL,ext-%d\n",
			e.dt, i%60, e.dt, i%60, i, name, i, i%50, i)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// proc is one running preflight process.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	pause          string // the fault hook's directory
	done           chan error
}

// start runs `preflight publish` on files with the fault hook armed at
// pauseAt bytes (0: no pause).
func (e *faultEnv) start(pauseAt int64, args ...string) *proc {
	e.t.Helper()
	c := &proc{pause: e.t.TempDir(), done: make(chan error, 1)}
	all := append([]string{"publish", "--credentials", e.creds, "--endpoint", e.endpoint,
		"--feed-name", "call_center_issues", "--dt", e.dt, "--max-attempts", "2", "--part-size", "5",
		"--format", "json", "--no-progress"}, args...)
	c.cmd = exec.Command(os.Args[0], all...)
	c.cmd.Env = append(os.Environ(), "PREFLIGHT_TEST_MAIN=1", "NO_COLOR=1")
	if pauseAt > 0 {
		c.cmd.Env = append(c.cmd.Env, fmt.Sprintf("%s=%d:%s", faultPauseEnv, pauseAt, c.pause))
	}
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	e.t.Cleanup(func() { c.cmd.Process.Kill() })
	return c
}

// paused waits until the proc stopped at the fault point.
func (c *proc) paused(t *testing.T) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(c.pause, "paused")); err == nil {
			return
		}
		select {
		case err := <-c.done:
			t.Fatalf("preflight ended before the fault point (%v):\n%s\n%s", err, c.stdout.String(), c.stderr.String())
		case <-deadline:
			t.Fatal("preflight never reached the fault point")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (c *proc) resume(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(c.pause, "resume"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wait returns the exit code and stderr.
func (c *proc) wait(t *testing.T) (int, string) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(90 * time.Second):
		t.Fatalf("preflight did not end:\n%s", c.stderr.String())
	}
	return c.cmd.ProcessState.ExitCode(), c.stderr.String()
}

// run runs publish to the end.
func (e *faultEnv) run(args ...string) (int, string) {
	e.t.Helper()
	return e.start(0, args...).wait(e.t)
}

// objects lists the prefix: key -> bytes.
func (e *faultEnv) objects() map[string][]byte {
	e.t.Helper()
	out, err := e.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(faultBucket), Prefix: aws.String(e.prefix())})
	if err != nil {
		e.t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, o := range out.Contents {
		g, err := e.client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(faultBucket), Key: o.Key})
		if err != nil {
			e.t.Fatal(err)
		}
		b, _ := io.ReadAll(g.Body)
		g.Body.Close()
		m[strings.TrimPrefix(aws.ToString(o.Key), e.prefix())] = b
	}
	return m
}

func (e *faultEnv) pendingUploads() int {
	e.t.Helper()
	out, err := e.client.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(faultBucket), Prefix: aws.String(e.prefix())})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(out.Uploads)
}

// guarantee checks the promise on the server as it is: if _SUCCESS is
// there, the prefix holds exactly the checked files, byte for byte.
func (e *faultEnv) guarantee(checked map[string][]byte) {
	e.t.Helper()
	objs := e.objects()
	if _, ok := objs["_SUCCESS"]; !ok {
		return
	}
	delete(objs, "_SUCCESS")
	if len(objs) != len(checked) {
		e.t.Fatalf("_SUCCESS over %d objects, checked %d", len(objs), len(checked))
	}
	for name, want := range checked {
		if !bytes.Equal(objs[name], want) {
			e.t.Fatalf("_SUCCESS over %s whose stored bytes differ from the checked file", name)
		}
	}
}

// oneLineErr checks that the run ended with one line of error (stderr
// also carries the plan, since stdout has the JSON report).
func oneLineErr(t *testing.T, stderr, want string) {
	t.Helper()
	var errs []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "preflight: ") {
			errs = append(errs, l)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], want) {
		t.Fatalf("error lines = %q, want one line with %q", errs, want)
	}
	t.Logf("as reported: %s", errs[0])
}

func readReceipt(t *testing.T, path string) publish.Receipt {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r publish.Receipt
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func sharedServer(t *testing.T) string {
	t.Helper()
	ep := os.Getenv("PREFLIGHT_S3_ENDPOINT")
	if ep == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but PREFLIGHT_S3_ENDPOINT is not set")
		}
		t.Skip("PREFLIGHT_S3_ENDPOINT not set")
	}
	return ep
}

// A file overwritten while it is uploaded: exit 3 naming it, the upload
// aborted, no _SUCCESS.
func TestFaultFileChangedMidUpload(t *testing.T) {
	e := newFaultEnv(t, sharedServer(t))
	f := e.callCenter("calls.csv", 40<<20)
	c := e.start(10<<20, f)
	c.paused(t)
	fh, _ := os.OpenFile(f, os.O_WRONLY, 0)
	fh.WriteAt(bytes.Repeat([]byte("X"), 4096), 35<<20)
	fh.Close()
	c.resume(t)
	code, stderr := c.wait(t)
	if code != 3 {
		t.Fatalf("exit %d, want 3:\n%s", code, stderr)
	}
	oneLineErr(t, stderr, "calls.csv changed while publishing")
	if _, ok := e.objects()["_SUCCESS"]; ok || e.pendingUploads() != 0 {
		t.Fatalf("after a changed file: objects %d, pending uploads %d", len(e.objects()), e.pendingUploads())
	}
}

// Two publishers on one prefix: the second meets the lease and stops
// before writing; the first completes with only its own files.
func TestFaultTwoPublishers(t *testing.T) {
	e := newFaultEnv(t, sharedServer(t))
	big := e.callCenter("big.csv", 30<<20)
	small := e.callCenter("small.csv", 10_000)
	a := e.start(10<<20, big)
	a.paused(t)
	code, stderr := e.run(small)
	if code != 3 {
		t.Fatalf("second publisher: exit %d, want 3:\n%s", code, stderr)
	}
	oneLineErr(t, stderr, "another publish is writing this prefix (run ")
	if !strings.Contains(stderr, "started ") {
		t.Errorf("the holder's age is not named: %s", stderr)
	}
	a.resume(t)
	if code, stderr := a.wait(t); code != 0 {
		t.Fatalf("first publisher: exit %d:\n%s", code, stderr)
	}
	want, _ := os.ReadFile(big)
	e.guarantee(map[string][]byte{"big.csv": want})
	if _, ok := e.objects()["small.csv"]; ok {
		t.Fatal("the second publisher wrote into the prefix")
	}
}

// SIGINT and SIGTERM mid-upload: one line, exit 3, a receipt that says
// interrupted, no parts and no lease left; the re-run completes.
func TestFaultSignalMidUpload(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			e := newFaultEnv(t, sharedServer(t))
			f := e.callCenter("calls.csv", 30<<20)
			receipt := filepath.Join(e.dir, "receipt.json")
			c := e.start(15<<20, "--receipt", receipt, f)
			c.paused(t)
			c.cmd.Process.Signal(sig)
			code, stderr := c.wait(t)
			if code != 3 {
				t.Fatalf("exit %d, want 3:\n%s", code, stderr)
			}
			oneLineErr(t, stderr, "interrupted")
			if r := readReceipt(t, receipt); r.Status != publish.StatusInterrupted || r.Complete {
				t.Fatalf("receipt status %q complete %v", r.Status, r.Complete)
			}
			objs := e.objects()
			if _, ok := objs["_SUCCESS"]; ok || e.pendingUploads() != 0 {
				t.Fatalf("after %s: objects %v, %d pending uploads", sig, len(objs), e.pendingUploads())
			}
			if _, ok := objs[publish.LeaseName]; ok {
				t.Fatal("the lease was not released")
			}
			if code, stderr := e.run(f); code != 0 {
				t.Fatalf("re-run: exit %d:\n%s", code, stderr)
			}
			want, _ := os.ReadFile(f)
			e.guarantee(map[string][]byte{"calls.csv": want})
		})
	}
}

// The server killed with SIGKILL mid-upload: exit 3, no _SUCCESS; after a
// restart the re-run takes over the dead run's lease, aborts the upload it
// left, and completes.
func TestFaultServerKilledMidUpload(t *testing.T) {
	sharedServer(t)
	srv := startOwnServer(t)
	e := newFaultEnv(t, srv.endpoint)
	f := e.callCenter("calls.csv", 30<<20)
	c := e.start(15<<20, f)
	c.paused(t)
	srv.kill(t)
	c.resume(t)
	code, stderr := c.wait(t)
	if code != 3 {
		t.Fatalf("exit %d, want 3:\n%s", code, stderr)
	}
	oneLineErr(t, stderr, "no _SUCCESS was written")
	srv.start(t)
	e.connect()
	if e.pendingUploads() == 0 {
		t.Fatal("the kill left no multipart upload: the test does not test the clean-up")
	}
	if code, stderr := e.run(f); code != 0 {
		t.Fatalf("re-run: exit %d:\n%s", code, stderr)
	}
	if n := e.pendingUploads(); n != 0 {
		t.Fatalf("%d multipart uploads left after the successful re-run", n)
	}
	want, _ := os.ReadFile(f)
	e.guarantee(map[string][]byte{"calls.csv": want})
	if _, ok := e.objects()["_SUCCESS"]; !ok {
		t.Fatal("the re-run did not complete")
	}
}

// ownServer is a versitygw of the test's own, to kill.
type ownServer struct {
	bin, dir, addr, endpoint string
	cmd                      *exec.Cmd
}

func startOwnServer(t *testing.T) *ownServer {
	t.Helper()
	bin := os.Getenv("PREFLIGHT_VERSITYGW")
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but PREFLIGHT_VERSITYGW is not set (eval \"$(scripts/s3-server.sh env)\")")
		}
		t.Skip("PREFLIGHT_VERSITYGW not set")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &ownServer{bin: bin, dir: t.TempDir(), addr: ln.Addr().String()}
	ln.Close()
	s.endpoint = "http://" + s.addr
	s.start(t)
	t.Cleanup(func() { s.kill(t) })
	return s
}

func (s *ownServer) start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command(s.bin, "--port", s.addr, "posix", s.dir)
	s.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+os.Getenv("PREFLIGHT_S3_KEY"), "ROOT_SECRET_KEY="+os.Getenv("PREFLIGHT_S3_SECRET"))
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("versitygw did not answer on %s", s.addr)
}

func (s *ownServer) kill(t *testing.T) {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	s.cmd = nil
}
