//go:build unix

package schemas

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCompileFileOnlyRegularFiles: a schema (or a file it refers to) that
// is a named pipe, a device or too big is an error at once, never a hang.
func TestCompileFileOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	writeFiles(t, dir, map[string]string{
		"to-fifo.json": feedDoc(`{"$ref": "fifo.json"}`),
		"big.json":     feedDoc(`{"type": "string", "description": "` + strings.Repeat("x", MaxSchemaBytes) + `"}`),
	})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"fifo.json":    "not a regular file (a named pipe)",
		"to-fifo.json": "not a regular file (a named pipe)",
		"big.json":     "larger than 4 MiB",
	} {
		done := make(chan error, 1)
		go func() { _, err := CompileFile("", filepath.Join(dir, name), FileOptions{}); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want %q", name, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: CompileFile hangs", name)
		}
	}
	_, err := CompileFile("", filepath.Join(dir, "zero.json"), FileOptions{})
	if err == nil || !strings.Contains(err.Error(), "character device") {
		t.Errorf("zero.json -> /dev/zero: %v", err)
	}
}
