package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/internal/s3test"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

// credsFile writes ASAPP's credentials file for the test server, with the
// test's sub-folder.
func credsFile(t *testing.T, e s3test.Env, sub string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "creds.tsv")
	line := e.Key + "\t" + e.Secret + "\t" + s3test.Bucket
	if sub != "" {
		line += "\t" + sub
	}
	if err := os.WriteFile(p, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// copyTree copies testdata directories into one tree under dst.
func copyTree(t *testing.T, dst string, srcs ...string) {
	t.Helper()
	for _, src := range srcs {
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			write(t, dst, rel, string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckS3SameAsLocal: `check s3://…` of a bucket prefix gives exactly
// the JSON report of `check` of the same files on disk, paths aside:
// findings (cross-file ones included), counts, skipped markers. One
// partition is seeded through publish, the rest with plain PutObject.
func TestCheckS3SameAsLocal(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	root := repoRoot(t)
	local := filepath.Join(t.TempDir(), "exports")
	copyTree(t, local, filepath.Join(root, "testdata/sample"))
	copyTree(t, filepath.Join(local, "window"), filepath.Join(root, "testdata/rules/partition/window/bad"))
	copyTree(t, filepath.Join(local, "chats"), filepath.Join(root, "testdata/rules/transcript/duplicate-conversation/bad"))
	// Accounted for alike: a stray in a partition folder (checked, fails),
	// a file outside the layout and a hidden one (skipped).
	write(t, local, "window/call_center_issues/version=1/format=csv/dt=2024-05-01/notes.txt", "hello\n")
	write(t, local, "README.md", "exports\n")
	write(t, local, "chats/.scratch.csv", "x\n")
	creds := credsFile(t, e, sub)

	published := "call_center_issues/version=1/format=csv/dt=2024-05-01"
	if code, _, stderr := preflight(t, "publish", "--credentials", creds, "--endpoint", e.Endpoint, "--format", "json",
		filepath.Join(local, published)); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	write(t, local, published+"/_SUCCESS", "") // as on S3 now
	err := filepath.WalkDir(local, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, filepath.Join(local, published)) {
			return err
		}
		rel, _ := filepath.Rel(local, p)
		b, _ := os.ReadFile(p)
		s3test.Put(t, c, sub+"/"+filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	prefix := "s3://" + s3test.Bucket + "/" + sub + "/"
	lcode, lout, lerr := preflight(t, "check", "--format", "json", local+"/")
	scode, sout, serr := preflight(t, "check", "--format", "json", "--credentials", creds, "--endpoint", e.Endpoint, prefix)
	if lcode != 1 || scode != 1 {
		t.Fatalf("exit local %d (%s), s3 %d (%s); want 1 and 1", lcode, lerr, scode, serr)
	}
	want := strings.ReplaceAll(lout, filepath.ToSlash(local)+"/", prefix)
	if sout != want {
		t.Fatalf("s3 report differs from the local one (paths mapped):\n%s", firstDiff(want, sout))
	}
	for _, rule := range []string{"partition/window", "transcript/duplicate-conversation", "_SUCCESS completion marker",
		"target/format", "README.md", "hidden file"} {
		if !strings.Contains(sout, rule) {
			t.Errorf("the report has no %q: the comparison proves less than it should", rule)
		}
	}
}

// firstDiff shows where two texts part, with some context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + w + "\ngot  " + g
		}
	}
	return "(same lines)"
}

// TestCheckMixedLocalAndS3: local and S3 inputs are one run, so the
// cross-file rules see both: a conversation in a local file repeated in an
// S3 object is found.
func TestCheckMixedLocalAndS3(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	dup := filepath.Join(repoRoot(t), "testdata/rules/transcript/duplicate-conversation/bad")
	b, err := os.ReadFile(filepath.Join(dup, "b.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s3test.Put(t, c, sub+"/chats/b.csv", b)
	uri := "s3://" + s3test.Bucket + "/" + sub + "/chats/b.csv"
	code, out, stderr := preflight(t, "check", "--format", "json", "--credentials", credsFile(t, e, ""), "--endpoint", e.Endpoint,
		filepath.Join(dup, "a.csv"), uri)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Findings []struct{ Rule, File, Message string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "transcript/duplicate-conversation" && f.File == uri && strings.Contains(f.Message, "a.csv") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no duplicate-conversation finding on %s naming a.csv:\n%s", uri, out)
	}
}

// TestCheckS3LargeObject: an object larger than two ranges is read with
// parallel ranged GETs (and checked by the pipelined reader) and gives the
// report of the same file on disk.
func TestCheckS3LargeObject(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.CallCenter, "csv", 20<<20, 3, gen.Options{}); err != nil {
		t.Fatal(err)
	}
	// A few broken rows far into the file, so findings come from late ranges.
	data := buf.Bytes()
	data = append(data, "broken,row\n\"unterminated\n"...)
	local := write(t, t.TempDir(), "calls/big.csv", string(data))
	s3test.Put(t, c, sub+"/calls/big.csv", data)
	uri := "s3://" + s3test.Bucket + "/" + sub + "/calls/big.csv"
	lcode, lout, _ := preflight(t, "check", "--format", "json", "--feed", "call_center", local)
	scode, sout, serr := preflight(t, "check", "--format", "json", "--feed", "call_center", "--credentials", credsFile(t, e, ""), "--endpoint", e.Endpoint, uri)
	if lcode != 1 || scode != 1 {
		t.Fatalf("exit local %d, s3 %d (%s)", lcode, scode, serr)
	}
	if want := strings.ReplaceAll(lout, filepath.ToSlash(local), uri); sout != want {
		t.Fatalf("s3 report differs from the local one:\n%s", firstDiff(want, sout))
	}
}

// TestCheckS3UsageErrors: what cannot work is one line on stderr and exit
// 2, and the secret never shows.
func TestCheckS3UsageErrors(t *testing.T) {
	e := s3test.Require(t)
	_, sub := e.Setup(t)
	good := credsFile(t, e, "")
	wrong := filepath.Join(t.TempDir(), "wrong.tsv")
	if err := os.WriteFile(wrong, []byte(e.Key+"\tnot-the-secret-XYZ123\t"+s3test.Bucket+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	prefix := "s3://" + s3test.Bucket + "/" + sub + "/"
	exitTwo(t, e, "check", []usageCase{
		{"nothing there", []string{"--credentials", good, "--endpoint", e.Endpoint, prefix + "nothing/"}, "no such object or prefix"},
		{"no bucket", []string{"--credentials", good, "--endpoint", e.Endpoint, "s3://no-such-bucket-i15/x/"}, "NoSuchBucket"},
		{"plain http off loopback", []string{"--credentials", good, "--endpoint", "http://s3.example.com", prefix}, "only allowed to a loopback host"},
		{"wrong secret", []string{"--credentials", wrong, "--endpoint", e.Endpoint, prefix}, "SignatureDoesNotMatch"},
		{"bad credentials file", []string{"--credentials", filepath.Join(t.TempDir(), "nope.tsv"), prefix}, "credentials"},
	})
}

// usageCase is an invocation that cannot work: exit 2, one line on stderr
// holding err.
type usageCase struct {
	name string
	args []string
	err  string
}

// exitTwo runs each case of a command and holds it to exit 2, one line,
// and no secret in the output.
func exitTwo(t *testing.T, e s3test.Env, cmd string, cases []usageCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := preflight(t, append([]string{cmd}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.err) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q; want 2 and one line with %q", code, stderr, tt.err)
			}
			if strings.Contains(out+stderr, "not-the-secret-XYZ123") || strings.Contains(out+stderr, e.Secret) {
				t.Fatal("output leaks a secret")
			}
		})
	}
}

// putBytes writes an object with a plain PutObject.
func putBytes(c *s3.Client, bucket, key string, b []byte) error {
	_, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key,
		Body: bytes.NewReader(b), ContentLength: aws.Int64(int64(len(b)))})
	return err
}
