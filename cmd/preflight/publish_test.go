package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/publish"
)

func TestPathCommand(t *testing.T) {
	creds := filepath.Join(t.TempDir(), "creds.tsv")
	os.WriteFile(creds, []byte("AKID\tsuper-secret-value\tasapp-prod-acme-imports-us-east-1\tacme\r\n"), 0o600)
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--bucket", "b", "--feed-name", "call_center_issues", "--dt", "2024-05-01", "--file-format", "csv"}, 0,
			"s3://b/call_center_issues/version=1/format=csv/dt=2024-05-01/\n"},
		{[]string{"--credentials", creds, "--feed-name", "f", "--version", "3", "--mode", "snapshot", "--dt", "2024-05-01", "--hr", "07", "--mi", "30", "x/a.jsonl", "b.jsonl"}, 0,
			"s3://asapp-prod-acme-imports-us-east-1/acme/f/version=3/format=snapshot_jsonl/dt=2024-05-01/hr=07/mi=30/a.jsonl\n" +
				"s3://asapp-prod-acme-imports-us-east-1/acme/f/version=3/format=snapshot_jsonl/dt=2024-05-01/hr=07/mi=30/b.jsonl\n"},
		{[]string{"--bucket", "b", "exports/call_center_issues/version=2/format=csv/dt=2024-05-01/p.csv"}, 0,
			"s3://b/call_center_issues/version=2/format=csv/dt=2024-05-01/p.csv\n"},
		{[]string{"--bucket", "b", "--dt", "2024-05-02", "exports/call_center_issues/version=2/format=csv/dt=2024-05-01/p.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "f", "--dt", "2023-02-29", "a.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "f", "--dt", "2024-05-01", "--hr", "24", "a.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "f", "--dt", "2024-05-01", "--mi", "30", "a.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "f", "--dt", "2024-05-01", "a.csv", "b.jsonl"}, 2, ""},
		{[]string{"--bucket", "b", "--dt", "2024-05-01", "a.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "f", "a.csv"}, 2, ""},
		{[]string{"--feed-name", "f", "--dt", "2024-05-01", "a.csv"}, 2, ""},
		{[]string{"--bucket", "b", "--feed-name", "a/b", "--dt", "2024-05-01", "a.csv"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"preflight", "path"}, tt.args...), &out, &errb)
			if code != tt.code || (tt.out != "" && out.String() != tt.out) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q", code, out.String(), errb.String(), tt.code, tt.out)
			}
			if strings.Contains(out.String()+errb.String(), "super-secret-value") {
				t.Fatal("output leaks the secret")
			}
			if code == 2 && strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
				t.Errorf("usage error is not one line: %q", errb.String())
			}
		})
	}
}

func TestPublishUsageErrors(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.csv")
	os.WriteFile(f, []byte("x\n"), 0o644)
	for _, args := range [][]string{
		{"--bucket", "asapp-test-acme-imports-us-east-1", "--feed-name", "f", "--dt", "2024-05-01", "--endpoint", "http://s3.example.com", f},
		{"--bucket", "asapp-test-acme-imports-us-east-1", "--dt", "2024-05-01", f},
		{"--bucket", "asapp-test-acme-imports-us-east-1", "--feed-name", "f", "--dt", "2024-05-01", "--credentials", filepath.Join(dir, "nope"), f},
		{"--bucket", "asapp-test-acme-imports-us-east-1", "--feed-name", "f", "--dt", "2024-05-01"},
	} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"preflight", "publish"}, args...), &out, &errb); code != 2 {
			t.Errorf("%q: exit %d (%s), want 2", args, code, errb.String())
		}
	}
}

// The tests below run against the real S3 server, as publish's do.

const sftpBucket = "asapp-customers-sftp-test-us-east-1"

type cliEnv struct {
	endpoint, key, secret string
	client                *s3.Client
	dir, creds            string
	sub                   string
	dt                    string
}

func requireServer(t *testing.T) *cliEnv {
	t.Helper()
	e := &cliEnv{endpoint: os.Getenv("PREFLIGHT_S3_ENDPOINT"), key: os.Getenv("PREFLIGHT_S3_KEY"), secret: os.Getenv("PREFLIGHT_S3_SECRET")}
	if e.endpoint == "" || e.key == "" || e.secret == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but PREFLIGHT_S3_ENDPOINT/KEY/SECRET are not set (scripts/s3-server.sh start; eval \"$(scripts/s3-server.sh env)\")")
		}
		t.Skip("PREFLIGHT_S3_ENDPOINT not set")
	}
	c, err := publish.NewClient(context.Background(), publish.ClientOptions{
		Endpoint: e.endpoint, Credentials: &publish.Credentials{ID: e.key, Secret: e.secret},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
	_, err = c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(sftpBucket)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		t.Fatal(err)
	}
	e.dir = t.TempDir()
	e.sub = fmt.Sprintf("cli-%s-%d", t.Name(), time.Now().UnixNano())
	e.creds = filepath.Join(e.dir, "creds.tsv")
	os.WriteFile(e.creds, []byte(e.key+"\t"+e.secret+"\t"+sftpBucket+"\t"+e.sub+"\n"), 0o600)
	e.dt = time.Now().UTC().Format(time.DateOnly)
	return e
}

func (e *cliEnv) transcripts(t *testing.T, name string, bad bool) string {
	t.Helper()
	ts := e.dt + "T10:00:00Z"
	if bad {
		ts = "yesterday at noon"
	}
	p := filepath.Join(e.dir, name)
	// A conversation of its own per file: the same one in two files would
	// be the same transcript sent twice (transcript/duplicate-conversation).
	conv := strings.TrimSuffix(name, ".csv")
	body := "conversation_externalId,sender_externalId,sender_role,text,timestamp\n" +
		conv + ",u1,customer,hello there from " + conv + "," + ts + "\n" + conv + ",a1,agent,hi how can I help," + e.dt + "T10:00:05Z\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *cliEnv) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"preflight", "publish", "--credentials", e.creds, "--endpoint", e.endpoint,
		"--feed", "transcripts", "--feed-name", "historical_transcripts", "--dt", e.dt, "--max-attempts", "2"}, args...)
	code := run(all, &out, &errb)
	if strings.Contains(out.String()+errb.String(), e.secret) {
		t.Fatalf("output leaks the secret:\n%s\n%s", out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

func (e *cliEnv) objects(t *testing.T) []string {
	t.Helper()
	out, err := e.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(sftpBucket), Prefix: aws.String(e.sub + "/")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, strings.TrimPrefix(aws.ToString(o.Key), e.sub+"/historical_transcripts/version=1/format=csv/dt="+e.dt+"/"))
	}
	return keys
}

func TestPublishCLIIntegration(t *testing.T) {
	e := requireServer(t)
	a := e.transcripts(t, "a.csv", false)
	b := e.transcripts(t, "b.csv", false)

	// Dry run: the plan, nothing written.
	code, out, errs := e.run(t, "--dry-run", a, b)
	if code != 0 || !strings.Contains(out, "would upload") || len(e.objects(t)) != 0 {
		t.Fatalf("dry run: exit %d, objects %v\n%s\n%s", code, e.objects(t), out, errs)
	}

	// A failing check uploads nothing.
	bad := e.transcripts(t, "bad.csv", true)
	code, out, errs = e.run(t, a, bad)
	if code != 1 || len(e.objects(t)) != 0 {
		t.Fatalf("bad file: exit %d, objects %v\n%s\n%s", code, e.objects(t), out, errs)
	}

	// A clean publish, with a receipt.
	receipt := filepath.Join(e.dir, "receipt.json")
	code, out, errs = e.run(t, "--receipt", receipt, a, b)
	if code != 0 {
		t.Fatalf("publish: exit %d\n%s\n%s", code, out, errs)
	}
	if got := strings.Join(e.objects(t), ","); got != "_SUCCESS,a.csv,b.csv" {
		t.Fatalf("objects = %s", got)
	}
	rb, err := os.ReadFile(receipt)
	if err != nil || !strings.Contains(string(rb), `"complete": true`) || strings.Contains(string(rb), e.secret) {
		t.Fatalf("receipt (%v):\n%s", err, rb)
	}

	// Published already: refused, exit 1; --replace goes through.
	code, out, errs = e.run(t, a, b)
	if code != 1 || !strings.Contains(out+errs, "target/already-complete") {
		t.Fatalf("second publish: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = e.run(t, "--replace", a, b)
	if code != 0 || !strings.Contains(out, "2 already there") {
		t.Fatalf("replace: exit %d\n%s\n%s", code, out, errs)
	}

	// Transcripts aimed at an imports bucket: a finding, exit 1.
	code, out, errs = e.run(t, "--bucket", "asapp-test-acme-imports-us-east-1", a)
	if code != 1 || !strings.Contains(out, "target/transcripts-bucket") {
		t.Fatalf("wrong bucket: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestPublishCLITransferFailure(t *testing.T) {
	e := requireServer(t)
	a := e.transcripts(t, "a.csv", false)
	// Wrong secret: the server refuses; exit 3, and the secret is nowhere.
	wrong := "Wr0ng-secret-that-must-not-print"
	os.WriteFile(e.creds, []byte(e.key+"\t"+wrong+"\t"+sftpBucket+"\t"+e.sub+"\n"), 0o600)
	receipt := filepath.Join(e.dir, "receipt.json")
	code, out, errs := e.run(t, "--receipt", receipt, a)
	rb, _ := os.ReadFile(receipt)
	if code != 3 {
		t.Fatalf("wrong secret: exit %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out+errs+string(rb), wrong) {
		t.Fatalf("the secret leaked:\n%s\n%s\n%s", out, errs, rb)
	}
	if strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("transfer error is not one line: %q", errs)
	}
	// Nothing listening: exit 3, no _SUCCESS.
	os.WriteFile(e.creds, []byte(e.key+"\t"+e.secret+"\t"+sftpBucket+"\t"+e.sub+"\n"), 0o600)
	var o, eb bytes.Buffer
	code = run([]string{"preflight", "publish", "--credentials", e.creds, "--endpoint", "http://127.0.0.1:1",
		"--feed", "transcripts", "--feed-name", "historical_transcripts", "--dt", e.dt, "--max-attempts", "1", a}, &o, &eb)
	if code != 3 || len(e.objects(t)) != 0 {
		t.Fatalf("no server: exit %d, objects %v\n%s\n%s", code, e.objects(t), o.String(), eb.String())
	}
}

// Everything that can be refused is refused before a byte is sent: an
// output path that cannot be written, a config that lowers a gate rule.
func TestPublishRefusedBeforeUpload(t *testing.T) {
	e := requireServer(t)
	a := e.transcripts(t, "a.csv", false)
	cfg := filepath.Join(e.dir, "lowered.yaml")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"receipt in a missing directory", []string{"--receipt", filepath.Join(e.dir, "no", "r.json")}, "--receipt"},
		{"report in a missing directory", []string{"--report", "sarif=" + filepath.Join(e.dir, "no", "r.sarif")}, "--report sarif="},
		{"already-complete off", []string{"--config", cfg}, "target/already-complete: this rule cannot be lowered or turned off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(cfg, []byte("rules:\n  target/already-complete: off\n"), 0o644)
			code, out, errs := e.run(t, append(tt.args, a)...)
			if code != 2 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q, want exit 2 and one line with %q\n%s", code, errs, tt.want, out)
			}
			if objs := e.objects(t); len(objs) != 0 {
				t.Fatalf("objects written: %v", objs)
			}
		})
	}
	os.WriteFile(cfg, []byte("rules:\n  target/already-complete: warning\n"), 0o644)
	if code, _, errs := e.run(t, "--config", cfg, a); code != 2 || !strings.Contains(errs, "--replace") {
		t.Fatalf("lowered to warning: exit %d, %s", code, errs)
	}
}

// A dry run with no server shows the plan from the local checks; exit 0.
func TestPublishDryRunOffline(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "creds.tsv")
	// Saved by a Windows editor: a byte-order mark and CRLF.
	os.WriteFile(creds, []byte("\ufeffAKID\tsecret/key+1\tasapp-customers-sftp-test-us-east-1\r\n"), 0o600)
	f := filepath.Join(dir, "chats.csv")
	os.WriteFile(f, []byte("conversation_externalId,sender_externalId,sender_role,text,timestamp\nc1,u1,customer,hi,2024-05-01T10:00:00Z\nc1,a1,agent,hello,2024-05-01T10:00:05Z\n"), 0o644)
	var out, errb bytes.Buffer
	code := run([]string{"preflight", "publish", "--dry-run", "--credentials", creds, "--endpoint", "http://127.0.0.1:1",
		"--feed", "transcripts", "--feed-name", "historical_transcripts", "--dt", "2024-05-01", f}, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "state of the prefix unknown") || !strings.Contains(out.String(), "would upload") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String()+errb.String(), "secret/key+1") {
		t.Fatal("the secret leaked")
	}
}

// TestPublishRefusesStrayFiles: a compressed or other file in the partition
// folder fails the checks, so nothing is planned or uploaded (it used to be
// skipped without a word, and the other files published).
func TestPublishRefusesStrayFiles(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "call_center_issues", "version=1", "format=csv", "dt=2024-05-01")
	write(t, part, "calls.csv", "customer_id,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n")
	write(t, part, "calls_part2.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00")
	code, stdout, stderr := preflight(t, "publish", "--dry-run", "--bucket", "asapp-test-acme-imports-us-east-1", "--format", "json", part)
	if code != 1 || !strings.Contains(stderr, "checks failed: nothing uploaded") {
		t.Fatalf("exit %d, stderr %q: want 1, checks failed", code, stderr)
	}
	if !strings.Contains(stdout, `"rule": "file/binary"`) || !strings.Contains(stdout, "calls_part2.csv.gz") {
		t.Errorf("the report should name the compressed file:\n%s", stdout)
	}
	if strings.Contains(stdout, "s3://") {
		t.Errorf("a plan was printed:\n%s", stdout)
	}

	// A folder outside the layout, published with flags, is a partition too.
	flat := filepath.Join(dir, "flat")
	write(t, flat, "calls.csv", "customer_id,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n")
	write(t, flat, "calls_part2.csv.bz2", "BZh91AY&SY")
	code, stdout, stderr = preflight(t, "publish", "--dry-run", "--bucket", "asapp-test-acme-imports-us-east-1",
		"--feed-name", "call_center_issues", "--dt", "2024-05-01", "--format", "json", flat)
	if code != 1 || !strings.Contains(stdout, `"rule": "file/binary"`) {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
}
