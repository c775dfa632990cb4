package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/internal/s3test"
)

// TestStatusCommand: status against the real server, seeded through
// `preflight publish` and plain PutObject: the states, the three formats
// and the exit status a cron job alerts on.
func TestStatusCommand(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	creds := credsFile(t, e, sub)
	today := time.Now().UTC().Format(time.DateOnly)
	dir := filepath.Join(t.TempDir(), "call_center_issues/version=1/format=csv/dt="+today)
	write(t, dir, "calls.csv", readFile(t, filepath.Join(repoRoot(t), "testdata/sample/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv")))
	if code, _, stderr := preflight(t, "publish", "--credentials", creds, "--endpoint", e.Endpoint, "--dt", today, "--fail-on", "never", dir); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	base := []string{"status", "--credentials", creds, "--endpoint", e.Endpoint}

	code, out, stderr := preflight(t, base...)
	if code != 0 || !strings.Contains(out, "1 partition: 1 complete; 0 late; 0 stray keys") || !strings.Contains(out, "OK:") {
		t.Fatalf("all complete: exit %d\n%s%s", code, out, stderr)
	}

	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	s3test.Put(t, c, sub+"/call_center_issues/version=1/format=csv/dt="+tomorrow+"/calls.csv", []byte("x\n"))
	s3test.Put(t, c, sub+"/stray.csv", []byte("x\n"))
	code, out, stderr = preflight(t, base...)
	if code != 1 || !strings.Contains(out, "pending") || !strings.Contains(out, "stray.csv") || !strings.Contains(out, "NOT OK") {
		t.Fatalf("pending and stray: exit %d\n%s%s", code, out, stderr)
	}
	t.Logf("table:\n%s", out)

	code, out, _ = preflight(t, append(base, "--format", "json")...)
	var rep struct {
		Partitions []map[string]any `json:"partitions"`
		Stray      []map[string]any `json:"stray"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	for _, k := range []string{"feed", "version", "format", "dt", "hr", "mi", "state", "late", "objects", "bytes", "success_time"} {
		if _, ok := rep.Partitions[0][k]; !ok {
			t.Errorf("json partition has no %q: %v", k, rep.Partitions[0])
		}
	}
	if len(rep.Partitions) != 2 || rep.Partitions[1]["state"] != "pending" || len(rep.Stray) != 1 {
		t.Fatalf("json: %s", out)
	}

	code, out, _ = preflight(t, append(base, "--format", "html")...)
	if code != 1 || !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, `data-state="pending"`) || strings.Contains(out, "<script") {
		t.Fatalf("html: exit %d\n%s", code, out)
	}
}

// TestStatusUsageAndAccessErrors: exit 2 with one line, the secret never
// shown.
func TestStatusUsageAndAccessErrors(t *testing.T) {
	e := s3test.Require(t)
	_, sub := e.Setup(t)
	creds := credsFile(t, e, sub)
	wrong := write(t, t.TempDir(), "wrong.tsv", e.Key+"\tnot-the-secret-XYZ123\t"+s3test.Bucket+"\n")
	exitTwo(t, e, "status", []usageCase{
		{"no target", []string{}, "no bucket"},
		{"bad since", []string{"--credentials", creds, "--since", "2024-02-30"}, "--since"},
		{"since after until", []string{"--credentials", creds, "--since", "2024-05-02", "--until", "2024-05-01"}, "after --until"},
		{"bad format", []string{"--credentials", creds, "--format", "sarif"}, "--format"},
		{"bad feed name", []string{"--credentials", creds, "--feed-name", "a/b"}, "--feed-name"},
		{"an argument", []string{"--credentials", creds, "s3://x/"}, "no arguments"},
		{"plain http off loopback", []string{"--credentials", creds, "--endpoint", "http://s3.example.com"}, "loopback"},
		{"wrong secret", []string{"--credentials", wrong, "--endpoint", e.Endpoint}, "SignatureDoesNotMatch"},
		{"no such bucket", []string{"--credentials", creds, "--endpoint", e.Endpoint, "--bucket", "no-such-bucket-i15"}, "NoSuchBucket"},
	})
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
