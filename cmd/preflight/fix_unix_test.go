//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asChild runs the test binary as preflight in a real process.
func asChild(stdin []byte, args ...string) *exec.Cmd {
	cmd := child(args...)
	cmd.Env = append(cmd.Env, "NO_COLOR=1")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	return cmd
}

// TestFixStdinStdout: `preflight fix -o - -` is a filter: the copy alone
// on stdout, everything else on stderr.
func TestFixStdinStdout(t *testing.T) {
	cmd := asChild([]byte(messyCalls), "fix", "--feed", "call_center", "-o", "-", "-")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if stdout.String() != fixedCalls {
		t.Errorf("stdout:\n%q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "- → -: 3 → 2 records, 7 changes") || !strings.Contains(stderr.String(), "no problems found") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// TestFixInterrupted: Ctrl-C while fix reads its input ends it with exit
// 130 and writes nothing: no copy, no temporary file left behind. The
// input is a pipe that never ends, so the signal cannot come too late.
func TestFixInterrupted(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "calls.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	out := filepath.Join(dir, "out")
	cmd := asChild(nil, "fix", "--out", out, fifo)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // returns once preflight has opened it
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	row := "cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false\n"
	if _, err := w.WriteString(strings.ReplaceAll(messyCalls, "\r\n", "\n") + strings.Repeat(row, 3000)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("fix did not stop on SIGINT")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr %s", err, stderr.String())
	}
	if strings.TrimSpace(stderr.String()) != "preflight: interrupted: nothing was written" {
		t.Errorf("stderr %q", stderr.String())
	}
	var left []string
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("files left after the interrupt: %v", left)
	}
}
