//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConfigIsInertData: a config that is a named pipe or a device, or a
// custom schema that refers to itself, is one line and exit 2 at once.
func TestConfigIsInertData(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "chats.csv", goodTranscript)
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	write(t, dir, "loop.json", `{"x-preflight-feed": {"id": "loop"}, "definitions": {"a": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`)
	loop := write(t, dir, "loop.yaml", "custom-feeds:\n  loop: loop.json\n")
	for cfg, want := range map[string]string{
		fifo:        "named pipe",
		"/dev/zero": "character device",
		loop:        "recursive $ref",
	} {
		done := make(chan struct{})
		var code int
		var stderr string
		go func() {
			defer close(done)
			code, _, stderr = preflight(t, "check", "--config", cfg, good)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("--config %s hangs", cfg)
		}
		if code != 2 || !strings.Contains(stderr, want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("--config %s: exit %d, stderr %q: want 2 and one line naming %q", cfg, code, stderr, want)
		}
	}
}
