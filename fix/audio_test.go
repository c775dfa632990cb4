package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordingsAreLeftAlone: a directory's recordings are not copied (fix
// repairs CSV and JSONL), and a recording named on its own is refused.
func TestRecordingsAreLeftAlone(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"calls.csv": "customer_id,call_start,call_end\nc,2024-05-01T08:00:00Z,2024-05-01T08:01:00Z\n", "call.wav": "RIFF"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := plan([]string{dir}, &Options{OutDir: t.TempDir(), To: "jsonl"})
	if err != nil || len(jobs) != 1 || !strings.HasSuffix(jobs[0].in, "calls.csv") {
		t.Fatalf("jobs %+v, %v: want calls.csv alone", jobs, err)
	}
	if _, err := plan([]string{filepath.Join(dir, "call.wav")}, &Options{OutDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "recording") {
		t.Errorf("a named recording: %v, want a usage error", err)
	}
}
