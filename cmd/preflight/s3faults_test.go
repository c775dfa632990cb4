//go:build unix

package main

// Faults while `check` reads S3, in a real preflight process against a
// real versitygw, injected at a known byte of the read (the
// PREFLIGHT_FAULT_PAUSE hook, faults.go), never by sleeping.

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// bigObject writes a call-center CSV of about 20 MiB to S3 (read as
// ranges) and returns its URI.
func (e *faultEnv) bigObject() string {
	e.t.Helper()
	f := e.callCenter("calls.csv", 20<<20)
	b, err := os.ReadFile(f)
	if err != nil {
		e.t.Fatal(err)
	}
	key := e.prefix() + "calls.csv"
	putObject(e.t, e, key, b)
	return "s3://" + faultBucket + "/" + key
}

func putObject(t *testing.T, e *faultEnv, key string, b []byte) {
	t.Helper()
	if err := putBytes(e.client, faultBucket, key, b); err != nil {
		t.Fatal(err)
	}
}

// startCheck runs `preflight check` with the fault hook armed at pauseAt.
func (e *faultEnv) startCheck(pauseAt int64, args ...string) *proc {
	e.t.Helper()
	c := &proc{pause: e.t.TempDir(), done: make(chan error, 1)}
	all := append([]string{"check", "--credentials", e.creds, "--endpoint", e.endpoint, "--max-attempts", "2",
		"--format", "json", "--no-progress"}, args...)
	c.cmd = exec.Command(os.Args[0], all...)
	c.cmd.Env = append(os.Environ(), "PREFLIGHT_TEST_MAIN=1", "NO_COLOR=1",
		fmt.Sprintf("%s=%d:%s", faultPauseEnv, pauseAt, c.pause))
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	e.t.Cleanup(func() { _ = c.cmd.Process.Kill() })
	return c
}

// SIGINT while an object is read: exit 130, one line, no report that
// could pass for a complete one.
func TestFaultCheckS3Signal(t *testing.T) {
	e := newFaultEnv(t, sharedServer(t))
	uri := e.bigObject()
	c := e.startCheck(10<<20, uri)
	c.paused(t)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, stderr := c.wait(t)
	if code != 130 || strings.TrimSpace(stderr) != "preflight: interrupted: nothing was reported" || c.stdout.Len() != 0 {
		t.Fatalf("exit %d, stderr %q, stdout %d bytes; want 130, one line, no report", code, stderr, c.stdout.Len())
	}
}

// An object overwritten between two of its ranges: that object is
// unreadable (exit 2, named), never checked as a splice of two versions;
// the report still comes out.
func TestFaultCheckS3ObjectOverwritten(t *testing.T) {
	e := newFaultEnv(t, sharedServer(t))
	uri := e.bigObject()
	c := e.startCheck(10<<20, uri)
	c.paused(t)
	putObject(t, e, strings.TrimPrefix(uri, "s3://"+faultBucket+"/"), []byte("call_start\n2024-05-01T00:00:00Z\n"))
	c.resume(t)
	code, stderr := c.wait(t)
	if code != 2 {
		t.Fatalf("exit %d, want 2:\n%s", code, stderr)
	}
	oneLineErr(t, stderr, "cannot read "+uri+": changed while it was being read")
	if !strings.Contains(c.stdout.String(), `"status": "unreadable"`) {
		t.Fatalf("the report does not mark the object unreadable:\n%s", c.stdout.String())
	}
}

// The server killed while an object is read: exit 2 naming the object,
// after a bounded number of tries, and the report still comes out.
func TestFaultCheckS3ServerKilled(t *testing.T) {
	sharedServer(t)
	srv := startOwnServer(t)
	e := newFaultEnv(t, srv.endpoint)
	uri := e.bigObject()
	c := e.startCheck(10<<20, uri)
	c.paused(t)
	srv.kill(t)
	c.resume(t)
	code, stderr := c.wait(t)
	if code != 2 {
		t.Fatalf("exit %d, want 2:\n%s", code, stderr)
	}
	oneLineErr(t, stderr, "cannot read "+uri+": read: ")
	if !strings.Contains(c.stdout.String(), `"status": "unreadable"`) {
		t.Fatalf("the report does not mark the object unreadable:\n%s", c.stdout.String())
	}
}
