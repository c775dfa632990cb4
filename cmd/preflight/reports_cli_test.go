package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJUnitFollowsFailOn: the JUnit file fails a test case exactly when
// the run fails: a warning passes by default (exit 0, listed in
// system-out) and fails with --fail-on warning (exit 1).
func TestJUnitFollowsFailOn(t *testing.T) {
	dir := t.TempDir()
	data := write(t, dir, "chats.csv", "\ufeff"+goodTranscript) // encoding/bom: a warning
	for _, tc := range []struct {
		failOn   string
		code     int
		failures string
	}{
		{"error", 0, `failures="0"`},
		{"warning", 1, `failures="1"`},
	} {
		report := filepath.Join(dir, "junit-"+tc.failOn+".xml")
		code, _, stderr := preflight(t, "check", "--fail-on", tc.failOn, "--report", "junit="+report, data)
		if code != tc.code {
			t.Fatalf("--fail-on %s: exit %d, want %d: %s", tc.failOn, code, tc.code, stderr)
		}
		b, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		xml := string(b)
		if !strings.Contains(xml, tc.failures) || strings.Contains(xml, "<failure") != (tc.code == 1) {
			t.Errorf("--fail-on %s (exit %d): JUnit does not agree:\n%s", tc.failOn, code, xml)
		}
		if tc.code == 0 && !strings.Contains(xml, "encoding/bom: 1 finding (warning, below --fail-on error") {
			t.Errorf("the passing warning is not in system-out:\n%s", xml)
		}
	}
}
