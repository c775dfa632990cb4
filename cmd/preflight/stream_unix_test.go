//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the real binary as a child process (this test
// binary, with PREFLIGHT_TEST_MAIN=1, is main itself, signal handling and
// all), for stdin, signals and the publish fault suite.
func TestMain(m *testing.M) {
	if os.Getenv("PREFLIGHT_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// child is `preflight args...` as a separate process.
func child(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PREFLIGHT_TEST_MAIN=1", "CI=true")
	return cmd
}

// bigTranscript is over the 64 KiB sniffed for format and feed, with
// findings inside the sniffed bytes and after them.
func bigTranscript() string {
	var b strings.Builder
	b.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	b.WriteString("c0,u0,customer,hi,2024-03-01T10:00:00\n") // no zone: line 2
	for b.Len() < 300<<10 {
		b.WriteString("c1,a1,agent,\"Happy to help, one moment please\",2024-03-01T10:00:05Z\n")
	}
	b.WriteString("c2,u2,Agent,bye,2024-03-01T10:00:09Z\n")
	return b.String()
}

// report is a JSON report with the file names taken out, so runs of the
// same bytes under different names compare equal.
func report(t *testing.T, out []byte) map[string]any {
	t.Helper()
	var rep map[string]any
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, f := range rep["files"].([]any) {
		delete(f.(map[string]any), "path")
	}
	for _, f := range rep["findings"].([]any) {
		delete(f.(map[string]any), "file")
	}
	return rep
}

// TestPipedEqualsDisk: a file piped to "-" or /dev/stdin, or given as a
// process substitution's FIFO, is checked exactly like the file on disk
// (the sniffed first 64 KiB used to be lost, and "-" was "no such file").
func TestPipedEqualsDisk(t *testing.T) {
	dir := t.TempDir()
	data := bigTranscript()
	disk := write(t, dir, "chats.csv", data)
	base := []string{"check", "--feed", "transcripts", "--format", "json", "--max-per-rule", "0"}

	want, err := child(append(base, disk)...).Output()
	if code := exitCode(err); code != 1 {
		t.Fatalf("file on disk: exit %d, want 1 (%v)", code, err)
	}
	wantRep := report(t, want)
	if n := len(wantRep["findings"].([]any)); n < 3 {
		t.Fatalf("the file has %d findings, want its line-2 and last-line ones", n)
	}
	for _, path := range []string{"-", "/dev/stdin"} {
		cmd := child(append(base, path)...)
		cmd.Stdin = strings.NewReader(data) // a pipe, as with `cat file |`
		got, err := cmd.Output()
		if code := exitCode(err); code != 1 {
			t.Errorf("%s: exit %d, want 1 (%v)", path, code, err)
		}
		if rep := report(t, got); !reflect.DeepEqual(rep, wantRep) {
			t.Errorf("%s gives another report than the file on disk:\n%s", path, got)
		}
	}
	fifo := filepath.Join(dir, "chats-pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			_, _ = f.WriteString(data)
			f.Close()
		}
	}()
	got, err := child(append(base, fifo)...).Output()
	if code := exitCode(err); code != 1 {
		t.Errorf("FIFO: exit %d, want 1 (%v)", code, err)
	}
	if rep := report(t, got); !reflect.DeepEqual(rep, wantRep) {
		t.Errorf("the FIFO gives another report than the file on disk:\n%s", got)
	}
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestWalkedFIFOIsSkipped: a named pipe in a walked directory is listed as
// skipped and never opened (opening it used to hang the run forever).
func TestWalkedFIFOIsSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "exports/chats.csv", goodTranscript)
	if err := syscall.Mkfifo(filepath.Join(dir, "exports", "incoming.csv"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	var code int
	var stdout, stderr string
	go func() {
		defer close(done)
		code, stdout, stderr = preflight(t, "check", "--format", "json", filepath.Join(dir, "exports"))
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("check hangs on a named pipe in the directory")
	}
	if code != 0 || !strings.Contains(stdout, `"reason": "a named pipe, not a regular file (not opened)"`) || !strings.Contains(stdout, `"records": 2`) {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
}

// TestInterruptEndsAWaitingCheck: Ctrl-C ends a check that waits on a pipe
// nobody writes to, with one line and exit 130.
func TestInterruptEndsAWaitingCheck(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "silent.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cmd := child("check", "--feed", "transcripts", fifo)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// This open returns once the child has opened the FIFO: by then it
	// listens for SIGINT, and it is about to wait for data that never comes.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		msg := strings.TrimSpace(stderr.String())
		if code := exitCode(err); code != 130 || msg != "preflight: interrupted: nothing was reported" {
			t.Errorf("exit %d, stderr %q: want 130 and one line", code, msg)
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("Ctrl-C did not end a check waiting on a FIFO")
	}
}
