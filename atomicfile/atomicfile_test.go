package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteCommitsWholeFileWithUmaskMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "r.json")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644 (0666 less umask 022)", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("left files beside the output: %v", ents)
	}
}

func TestFailedWriteLeavesOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(path, []byte("old"), 0o644)
	err := Write(path, func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") })
	if err == nil {
		t.Fatal("want the writer's error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("target = %q, want the old content", b)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("left a temporary file: %v", ents)
	}
}

func TestCreateRefusesUnwritablePlaces(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{
		filepath.Join(dir, "no-such-dir", "r.json"),
		dir, // a directory
	} {
		_, err := Create(path)
		if err == nil {
			t.Errorf("Create(%s) = nil error", path)
			continue
		}
		if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("error %q should name %s and not the temporary file", err, path)
		}
	}
}
