//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReportFilesAreReadable: --report files are 0666 less the umask (0644
// under the usual 022), like any file a tool writes, not 0600: CI artifact
// uploads and colleagues must be able to read them.
func TestReportFilesAreReadable(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	data := write(t, dir, "in/chats.csv", goodTranscript)
	args := []string{"check"}
	for _, format := range []string{"json", "sarif", "junit", "github", "html", "table"} {
		args = append(args, "--report", format+"="+filepath.Join(dir, "out", "report."+format))
	}
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := preflight(t, append(args, data)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 6 {
		t.Errorf("%d files in the report directory, want the 6 reports and nothing else", len(entries))
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", e.Name(), fi.Mode().Perm())
		}
	}
}

// TestTableShowsControlCharactersEscaped: a file whose name holds ESC is
// named in the table with the ESC written out, so it cannot drive the
// terminal.
func TestTableShowsControlCharactersEscaped(t *testing.T) {
	dir := t.TempDir()
	data := write(t, dir, "calls\x1b[2J\x1b]0;owned\x07.csv", "\ufeff"+goodTranscript)
	code, stdout, stderr := preflight(t, "check", "--fail-on", "never", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stdout, "\x1b\x07") {
		t.Errorf("a raw control character reached the table:\n%q", stdout)
	}
	if !strings.Contains(stdout, `calls\x1b[2J\x1b]0;owned\x07.csv`) {
		t.Errorf("the file is not named with its control characters escaped:\n%s", stdout)
	}
}

// ctrlCAt is stdout that presses Ctrl-C (cancels the run's context) once
// n bytes, or the text after, have been written to it: an interruption at
// a known point of the report, without a signal's timing.
type ctrlCAt struct {
	n      int
	after  string
	cancel context.CancelFunc
	bytes.Buffer
}

func (w *ctrlCAt) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if w.after == "" && w.Len() >= w.n || w.after != "" && strings.Contains(w.String(), w.after) {
		w.cancel()
	}
	return n, err
}

// TestCtrlCWhileReporting: Ctrl-C while the reports are written stops
// them at once, says in one line what is incomplete, exits 130, and
// commits no --report file (nor leaves a temporary one).
func TestCtrlCWhileReporting(t *testing.T) {
	dir := t.TempDir()
	var sb strings.Builder
	sb.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "c%d,u%d,customer,hi,2024-03-01T10:00:%02d\n", i/5, i, i%60) // no zone: a finding per row
	}
	data := write(t, dir, "chats.csv", sb.String())
	sarif := filepath.Join(dir, "out.sarif")
	for _, tc := range []struct {
		name, format string
		at           int
		after        string
		want         string
	}{
		// Mid-way through a 10 MB JSON report on stdout.
		{"stdout", "json", 200 << 10, "", "preflight: interrupted: the report on stdout is incomplete; no --report file was written"},
		// Once the table is out (its last line), while the SARIF file is written.
		{"files", "table", 0, "20000 records", "preflight: interrupted: no --report file was written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdout := &ctrlCAt{n: tc.at, after: tc.after, cancel: cancel}
			var stderr bytes.Buffer
			code := runContext(ctx, []string{"preflight", "check", "--max-per-rule", "0", "--format", tc.format,
				"--report", "sarif=" + sarif, data}, stdout, &stderr)
			if code != 130 || strings.TrimSpace(stderr.String()) != tc.want {
				t.Fatalf("exit %d, stderr %q; want 130 and %q", code, stderr.String(), tc.want)
			}
			if tc.format == "json" && stdout.Len() > tc.at+(128<<10) {
				t.Errorf("%d bytes written after Ctrl-C at %d", stdout.Len()-tc.at, tc.at)
			}
			if tc.format == "table" && !strings.Contains(stdout.String(), "20000 records") {
				t.Errorf("the table was cut short:\n%s", stdout.String())
			}
			if names, _ := filepath.Glob(filepath.Join(dir, "*.sarif*")); len(names) > 0 {
				t.Errorf("report files left: %v", names)
			}
			if names, _ := filepath.Glob(filepath.Join(dir, ".out.sarif*")); len(names) > 0 {
				t.Errorf("temporary files left: %v", names)
			}
		})
	}
}
