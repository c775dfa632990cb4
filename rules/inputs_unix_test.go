//go:build unix

package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preflight-data/preflight/rules"
)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// walkTree lays out a tree with one entry of every kind a walk meets
// under root, the working directory, and returns its partition folder.
func walkTree(t *testing.T, root string) (part string) {
	t.Helper()
	t.Chdir(root)
	part = "exports/call_center_issues/version=1/format=csv/dt=2024-05-01"
	for _, f := range []string{
		"exports/calls.csv", "exports/sales.JSONL", "exports/more.ndjson", "exports/README.md",
		part + "/calls.csv", part + "/calls_part2.csv.gz", part + "/notes.txt", part + "/_SUCCESS", part + "/.DS_Store",
		"exports/.git/config.csv", "exports/tmp/scratch.csv", "exports/tmp/deep/x.csv", "exports/old.bak",
	} {
		writeFile(t, f, "x\n")
	}
	if err := syscall.Mkfifo("exports/incoming.csv", 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for link, target := range map[string]string{
		"exports/dir-link": root, "exports/gone.csv": "nowhere.csv", "exports/gone.txt": "nowhere.txt",
		"exports/pipe-link.csv": "incoming.csv", "exports/linked.csv": "calls.csv",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	return part
}

// excludeTmp is walkTree's exclude: config.
func excludeTmp(p string) string {
	if p == "exports/tmp" || strings.HasSuffix(p, ".bak") {
		return "tmp/** or *.bak"
	}
	return ""
}

// TestWalkAccountsForEveryFile: every entry under a walked directory is
// checked, checked as a stray, or skipped with a reason; nothing that is
// not a regular file is ever opened.
func TestWalkAccountsForEveryFile(t *testing.T) {
	part := walkTree(t, t.TempDir())
	done := make(chan struct{})
	var in *rules.Inputs
	var err error
	go func() {
		defer close(done)
		in, err = rules.Walk([]string{"exports"}, rules.WalkOptions{Exclude: excludeTmp})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Walk hangs on a named pipe")
	}
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range in.Files {
		name := f.Path
		if f.Stray {
			name += " (stray)"
		}
		files = append(files, filepath.ToSlash(name))
	}
	wantFiles := []string{
		part + "/calls.csv", part + "/calls_part2.csv.gz (stray)", part + "/notes.txt (stray)",
		"exports/calls.csv", "exports/gone.csv", "exports/linked.csv", "exports/more.ndjson", "exports/sales.JSONL",
	}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("files:\n got %q\nwant %q", files, wantFiles)
	}
	skipped := map[string]string{}
	for _, s := range in.Skipped {
		skipped[s.Path] = s.Reason
	}
	wantSkipped := map[string]string{
		"exports/.git":          "hidden directory",
		"exports/README.md":     "not a .csv, .jsonl, .ndjson or audio (.wav, .mp3, .flac, .ogg, .opus, .m4a) file",
		"exports/dir-link":      "symbolic link to a directory (not followed)",
		"exports/gone.txt":      "broken symbolic link",
		"exports/incoming.csv":  "a named pipe, not a regular file (not opened)",
		"exports/pipe-link.csv": "a named pipe, not a regular file (not opened)",
		"exports/old.bak":       `excluded by "tmp/** or *.bak" in the config`,
		"exports/tmp":           `excluded by "tmp/** or *.bak" in the config`,
		part + "/_SUCCESS":      "the _SUCCESS completion marker, not data",
		part + "/.DS_Store":     "hidden file",
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped:\n got %q\nwant %q", skipped, wantSkipped)
	}
}

// TestWalkInsideAPartition: walked from inside the partition folder, its
// strays are still strays; and publish's walk takes any walked directory
// as a partition.
func TestWalkInsideAPartition(t *testing.T) {
	root := t.TempDir()
	part := walkTree(t, root)
	t.Chdir(part)
	for _, opt := range []rules.WalkOptions{{}, {Partition: true}} {
		in, err := rules.Walk([]string{"."}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Files) != 3 || !in.Files[1].Stray || !in.Files[2].Stray {
			t.Errorf("walk of . in the partition (%+v): %+v", opt, in.Files)
		}
	}
	t.Chdir(filepath.Join(root, "exports"))
	in, err := rules.Walk([]string{"."}, rules.WalkOptions{Partition: true, Exclude: excludeTmp})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range in.Files {
		if f.Path == "README.md" && !f.Stray {
			t.Errorf("README.md in a directory being published is not a stray: %+v", in.Files)
		}
	}
}

// TestStrayFilesInAPartitionAreFindings: ASAPP imports every file of a
// partition folder, so a compressed or other file there fails the run.
func TestStrayFilesInAPartitionAreFindings(t *testing.T) {
	root := t.TempDir()
	part := filepath.Join(root, "call_center_issues/version=1/format=csv/dt=2024-05-01")
	writeFile(t, filepath.Join(part, "calls.csv"), "customer_id,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n")
	writeFile(t, filepath.Join(part, "calls_part2.csv.gz"), "\x1f\x8b\x08\x00\x00\x00\x00\x00")
	writeFile(t, filepath.Join(part, "notes.txt"), "customer_id,call_start\n")
	writeFile(t, filepath.Join(root, "README.md"), "# exports\n")
	in, err := rules.Walk([]string{root}, rules.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rules.RunInputs(context.Background(), in, rules.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Severity == rules.Error {
			got = append(got, filepath.Base(f.File)+" "+f.Rule)
		}
	}
	want := []string{"calls_part2.csv.gz file/binary", "notes.txt target/format"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors %q, want %q", got, want)
	}
	if len(res.Skipped) != 1 || filepath.Base(res.Skipped[0].Path) != "README.md" {
		t.Errorf("skipped %+v, want README.md", res.Skipped)
	}
}

// normalized is a result without the path and timing, for comparing runs
// of the same bytes read different ways.
func normalized(res *rules.Result) ([]rules.Finding, rules.FileResult) {
	var fs []rules.Finding
	for _, f := range res.Findings {
		f.File = ""
		fs = append(fs, f)
	}
	fr := res.Files[0]
	fr.Path, fr.Duration = "", 0
	return fs, fr
}

// TestFIFOEqualsDisk: a FIFO given by name is read once, with the sniffed
// bytes replayed, so it gives exactly what the same file on disk gives
// (it used to lose its first 64 KiB).
func TestFIFOEqualsDisk(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	b.WriteString("c0,u0,customer,hi,2024-03-01T10:00:00\n") // no zone, line 2: inside the sniffed bytes
	for i := 0; b.Len() < 300<<10; i++ {
		b.WriteString("c1,a1,agent,\"Happy to help, one moment please\",2024-03-01T10:00:05Z\n")
	}
	b.WriteString("c2,u2,Agent,bye,2024-03-01T10:00:09Z\n")
	data := b.String()
	disk := filepath.Join(dir, "chats.csv")
	writeFile(t, disk, data)
	fifo := filepath.Join(dir, "chats-pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.WriteString(data)
	}()
	opt := rules.Options{Feed: "transcripts", Now: fixedNow, MaxPerRule: 0}
	want, err := rules.Run(context.Background(), []string{disk}, opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rules.Run(context.Background(), []string{fifo}, opt)
	if err != nil {
		t.Fatal(err)
	}
	wf, wfile := normalized(want)
	gf, gfile := normalized(got)
	if !reflect.DeepEqual(gf, wf) || !reflect.DeepEqual(gfile, wfile) {
		t.Errorf("FIFO:\n%+v\n%+v\nfile on disk:\n%+v\n%+v", gfile, gf, wfile, wf)
	}
	if len(wf) < 3 || wf[0].Line != 2 {
		t.Errorf("the file's findings should start on line 2: %+v", wf)
	}
}

// TestCancelEndsAWaitingRun: a FIFO nobody writes to must not hold a run
// that has been cancelled (Ctrl-C), whether the open waits for a writer or
// a writer is there and writes nothing.
func TestCancelEndsAWaitingRun(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "never.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	run := func(ctx context.Context, fifo string) chan error {
		done := make(chan error, 1)
		go func() {
			_, err := rules.Run(ctx, []string{fifo}, rules.Options{Feed: "transcripts"})
			done <- err
		}()
		return done
	}
	wait := func(what string, done chan error) {
		t.Helper()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: a cancelled run returned no error", what)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: a cancelled run still waits on the FIFO", what)
		}
	}

	// No writer: the open itself waits.
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan struct{})
	defer rules.OnWaitingOpen(func(string) { close(waiting) })()
	done := run(ctx, fifo)
	<-waiting
	cancel()
	wait("open waiting for a writer", done)

	// A writer that never writes: the open returns (which the writer's own
	// open waits for), then the read blocks.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	rules.OnWaitingOpen(func(string) {})
	// A FIFO of its own: the first run's open is still waiting on the other.
	fifo = filepath.Join(dir, "silent.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done = run(ctx, fifo)
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cancel()
	wait("read waiting for data", done)
}
