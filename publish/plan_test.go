package publish

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/rules"
)

var testBase = layout.Target{Bucket: "asapp-prod-acme-imports-us-east-1", FeedName: "call_center_issues", Version: 1, Format: "csv", DT: "2024-05-01", Hour: -1, Minute: -1}

// sources digests files the way the checks do.
func sources(t *testing.T, files ...string) []Source {
	t.Helper()
	var out []Source
	for _, f := range files {
		d, err := digest.File(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Source{Path: f, Digest: d})
	}
	return out
}

func TestNewPlan(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	os.WriteFile(a, []byte("hello\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "x"), 0o755)
	a2 := filepath.Join(dir, "x", "a.csv")
	os.WriteFile(a2, []byte("other\n"), 0o644)
	succ := filepath.Join(dir, "x", "_SUCCESS")
	os.WriteFile(succ, nil, 0o644)
	lease := filepath.Join(dir, "x", LeaseName)
	os.WriteFile(lease, nil, 0o644)

	p, err := NewPlan(testBase, sources(t, a))
	if err != nil {
		t.Fatal(err)
	}
	it := p.Items[0]
	// sha256("hello\n")
	if it.Size() != 6 || it.SHA256() != "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03" {
		t.Errorf("item = %+v", it)
	}
	if want := "s3://asapp-prod-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2024-05-01/a.csv"; it.Target.URI() != want {
		t.Errorf("URI = %s, want %s", it.Target.URI(), want)
	}
	if p.SuccessKey() != "call_center_issues/version=1/format=csv/dt=2024-05-01/_SUCCESS" {
		t.Errorf("SuccessKey = %s", p.SuccessKey())
	}
	if p.LeaseKey() != "call_center_issues/version=1/format=csv/dt=2024-05-01/"+LeaseName {
		t.Errorf("LeaseKey = %s", p.LeaseKey())
	}

	for _, tt := range []struct {
		files []Source
		want  string
	}{
		{sources(t, a, a2), "would both be uploaded as a.csv"},
		{sources(t, succ), "must not be named _SUCCESS"},
		{sources(t, lease), "must not be named " + LeaseName},
		{nil, "no files"},
	} {
		if _, err := NewPlan(testBase, tt.files); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewPlan(%v) err = %v, want %q", tt.files, err, tt.want)
		}
	}
}

func TestTargetFindings(t *testing.T) {
	now := time.Date(2024, 5, 3, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		bucket string
		feed   string
		dt     string
		rules  []string
	}{
		{"today", "asapp-prod-acme-imports-us-east-1", "call_center", "2024-05-03", nil},
		{"yesterday", "asapp-prod-acme-imports-us-east-1", "call_center", "2024-05-02", nil},
		{"future", "asapp-prod-acme-imports-us-east-1", "call_center", "2024-06-01", nil},
		{"two days ago", "asapp-prod-acme-imports-us-east-1", "call_center", "2024-05-01", []string{"target/backfill", "target/backfill"}},
		{"bad bucket", "my-bucket", "call_center", "2024-05-03", []string{"target/bucket"}},
		{"transcripts to imports", "asapp-prod-acme-imports-us-east-1", "transcripts", "2024-05-03", []string{"target/transcripts-bucket"}},
		{"transcripts to sftp", "asapp-customers-sftp-prod-us-east-1", "transcripts", "2024-05-03", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := testBase
			base.Bucket, base.DT = tt.bucket, tt.dt
			got := TargetFindings(base, tt.feed, "creds.tsv", []string{"a.csv", "b.csv"}, now)
			var ids []string
			for _, f := range got {
				ids = append(ids, f.Rule)
				if f.Message == "" || f.Fix == "" || f.Line != 0 {
					t.Errorf("finding %+v: want a message, a fix and line 0", f)
				}
				if f.Value != "" && strings.Contains(f.Message, f.Value) {
					t.Errorf("message %q repeats the value %q reports print after it", f.Message, f.Value)
				}
				switch f.Rule {
				case "target/backfill":
					if f.Severity != rules.Warning || (f.File != "a.csv" && f.File != "b.csv") {
						t.Errorf("backfill finding %+v", f)
					}
				default:
					if f.Severity != rules.Error || f.File != "creds.tsv" {
						t.Errorf("bucket finding %+v", f)
					}
				}
			}
			if strings.Join(ids, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("rules = %v, want %v", ids, tt.rules)
			}
		})
	}
}

func TestReceipt(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	os.WriteFile(a, []byte("hello\n"), 0o644)
	p, err := NewPlan(testBase, sources(t, a))
	if err != nil {
		t.Fatal(err)
	}
	p.Items[0].Action = Upload
	res := &rules.Result{
		Files: []rules.FileResult{{Path: a, Records: 10, Warnings: 1}, {Path: "creds.tsv", Errors: 1}},
	}
	start := time.Date(2024, 5, 3, 1, 0, 0, 0, time.UTC)
	r := NewReceipt(StatusPublished, p, res, &Outcome{Complete: true, Uploaded: 1}, start, start.Add(time.Second), nil)
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	check := back["check"].(map[string]any)
	if check["records"].(float64) != 10 || check["errors"].(float64) != 1 || check["warnings"].(float64) != 1 {
		t.Errorf("check = %v", check)
	}
	files := back["files"].([]any)
	f0 := files[0].(map[string]any)
	if f0["action"] != "upload" || f0["sha256"] != p.Items[0].SHA256() || f0["size"].(float64) != 6 || !strings.HasSuffix(f0["uri"].(string), "/a.csv") {
		t.Errorf("file = %v", f0)
	}
	if back["success"] != p.SuccessURI() || back["complete"] != true || back["status"] != "published" || back["started"] != "2024-05-03T01:00:00Z" {
		t.Errorf("receipt = %s", buf.Bytes())
	}
}

// TestPlanWording checks the dry-run plan counts in words: "1 file", not "1 file(s)".
func TestPlanWording(t *testing.T) {
	for n, want := range map[int64]string{0: "0 files", 1: "1 file", 2: "2 files"} {
		if got := count(n, "file"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
	var b strings.Builder
	r := &run{p: &Plan{Base: layout.Target{Bucket: "b", FeedName: "calls", Version: 1, Format: "csv", DT: "2024-05-01"}, Items: []Item{{Checked: digest.Digest{Size: 1}}}},
		o: Options{DryRun: true, Out: &b}, st: &prefixState{objects: map[string]int64{}}, out: &Outcome{}}
	r.printPlan()
	if !strings.Contains(b.String(), "(1 file, 1 byte)") {
		t.Errorf("plan header: %q", b.String())
	}
}
