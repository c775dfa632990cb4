package rules_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// memSource is a Source over bytes; failAt, when positive, makes the read
// fail after that many bytes (a connection dropped mid-object).
type memSource struct {
	data   []byte
	failAt int
	opened int
}

func (m *memSource) Open(context.Context) (io.ReadCloser, int64, error) {
	m.opened++
	var r io.Reader = bytes.NewReader(m.data)
	if m.failAt > 0 {
		r = io.MultiReader(bytes.NewReader(m.data[:m.failAt]), errReader{})
	}
	return io.NopCloser(r), int64(len(m.data)), nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

// sourceInputs gives every file under root twice: as local paths, and as
// Source inputs named s3://bucket/<path under root>.
func sourceInputs(t *testing.T, root string) (local, remote *rules.Inputs) {
	t.Helper()
	local, remote = &rules.Inputs{}, &rules.Inputs{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		local.Files = append(local.Files, rules.Input{Path: p})
		remote.Files = append(remote.Files, rules.Input{Path: "s3://bucket/" + filepath.ToSlash(rel), Source: &memSource{data: data}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return local, remote
}

// TestSourceSameAsFile: a Source input gives exactly the findings, counts
// and digest of the same bytes read from a local file, cross-file rules and
// the S3 layout taken from the URI included.
func TestSourceSameAsFile(t *testing.T) {
	for _, dir := range []string{
		"../testdata/rules/transcript/duplicate-conversation/bad",
		"../testdata/rules/partition/window/bad",
		"../testdata/sample",
	} {
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) {
			root, _ := filepath.Abs(dir)
			local, remote := sourceInputs(t, root)
			opt := rules.Options{Hash: true}
			lres, err := rules.RunInputs(context.Background(), local, opt)
			if err != nil {
				t.Fatal(err)
			}
			rres, err := rules.RunInputs(context.Background(), remote, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(lres.Findings) == 0 && !strings.Contains(dir, "sample") {
				t.Fatal("no findings: the comparison proves nothing")
			}
			toURI := func(p string) string {
				return "s3://bucket/" + strings.TrimPrefix(p, filepath.ToSlash(root)+"/")
			}
			for i := range lres.Findings {
				f := &lres.Findings[i]
				f.File = toURI(f.File)
				// Cross-file findings name the other file in their message.
				f.Message = strings.ReplaceAll(f.Message, filepath.ToSlash(root)+"/", "s3://bucket/")
			}
			if !reflect.DeepEqual(lres.Findings, rres.Findings) {
				t.Fatalf("findings differ:\nlocal %+v\ns3    %+v", lres.Findings, rres.Findings)
			}
			for i := range lres.Files {
				l, r := lres.Files[i], rres.Files[i]
				l.Path, l.Duration, r.Duration = toURI(l.Path), 0, 0
				if !reflect.DeepEqual(l, r) {
					t.Fatalf("file results differ:\nlocal %+v\ns3    %+v", l, r)
				}
			}
		})
	}
}

// TestSourceReadFailure: a Source that fails mid-read is an unreadable
// input (exit 2), opened once, and the other inputs are still checked.
func TestSourceReadFailure(t *testing.T) {
	data, err := os.ReadFile("../testdata/sample/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv")
	if err != nil {
		t.Fatal(err)
	}
	bad := &memSource{data: data, failAt: len(data) / 2}
	in := &rules.Inputs{Files: []rules.Input{
		{Path: "s3://b/call_center_issues/version=1/format=csv/dt=2024-05-01/a.csv", Source: bad},
		{Path: "s3://b/call_center_issues/version=1/format=csv/dt=2024-05-01/b.csv", Source: &memSource{data: data}},
	}}
	res, err := rules.RunInputs(context.Background(), in, rules.Options{})
	var re *rules.ReadError
	if !errors.As(err, &re) || !strings.HasSuffix(re.Path, "a.csv") || !strings.Contains(re.Error(), "connection reset") {
		t.Fatalf("err = %v, want a ReadError for a.csv", err)
	}
	if bad.opened != 1 {
		t.Fatalf("opened %d times, want 1", bad.opened)
	}
	if res.Files[0].Status != rules.StatusUnreadable || res.Files[1].Status != rules.StatusChecked {
		t.Fatalf("statuses %q %q", res.Files[0].Status, res.Files[1].Status)
	}
}
