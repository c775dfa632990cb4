package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// recordings copies audio fixtures into dir under new names.
func recordings(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	root := filepath.Join(repoRoot(t), "testdata", "rules", "audio")
	for name, src := range files {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(src)))
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, name, string(b))
	}
}

// doneWhen are issue 16's cases: each recording and the one rule it must
// get (none for the good ones).
var doneWhen = map[string][2]string{
	"good.wav":        {"truncated/good/call.wav", ""},
	"good.mp3":        {"truncated/good/call.mp3", ""},
	"good.flac":       {"truncated/good/call.flac", ""},
	"zero-bytes.wav":  {"empty/bad/zero-bytes.wav", "audio/empty"},
	"cut-in-data.wav": {"truncated/bad/cut-in-data.wav", "audio/truncated"},
	"really-mp3.wav":  {"format/bad/mp3-named.wav", "audio/format"},
	"error-page.mp3":  {"format/bad/error-page.mp3", "audio/format"},
	"8khz-mono.wav":   {"sample-rate/good/8khz.wav", ""},
	"4khz-mono.wav":   {"sample-rate/bad/4khz.wav", "audio/sample-rate"},
	"blip.wav":        {"too-short/bad/blip.wav", "audio/too-short"},
}

// TestCheckRecordings: `preflight check recordings/` reports each case
// with the right rule on the right file, and each recording's facts.
func TestCheckRecordings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "recordings")
	files := map[string]string{}
	for name, c := range doneWhen {
		files[name] = c[0]
	}
	recordings(t, dir, files)
	code, out, stderr := preflight(t, "check", "--format", "json", "--config", os.DevNull, dir)
	var rep struct {
		Summary struct {
			Recordings int `json:"recordings"`
		} `json:"summary"`
		Files []struct {
			Path, Feed string
			Audio      *struct {
				Codec      string
				SampleRate int     `json:"sample_rate"`
				Channels   int     `json:"channels"`
				Seconds    float64 `json:"seconds"`
			} `json:"audio"`
		} `json:"files"`
		Findings []struct{ Rule, Severity, File string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("exit %d (%v)\n%s%s", code, err, out, stderr)
	}
	got := map[string][]string{}
	for _, f := range rep.Findings {
		got[filepath.Base(f.File)] = append(got[filepath.Base(f.File)], f.Rule+" "+f.Severity)
	}
	want := map[string][]string{}
	for name, c := range doneWhen {
		if c[1] != "" {
			sev := " error"
			if c[1] == "audio/sample-rate" {
				sev = " warning"
			}
			want[name] = []string{c[1] + sev}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings by file:\n got %v\nwant %v", got, want)
	}
	if rep.Summary.Recordings != len(doneWhen) {
		t.Errorf("summary counts %d recordings, want %d", rep.Summary.Recordings, len(doneWhen))
	}
	for _, f := range rep.Files {
		name := filepath.Base(f.Path)
		if f.Feed != "audio" {
			t.Errorf("%s: feed %q", name, f.Feed)
		}
		if a := f.Audio; strings.HasPrefix(name, "good") && (a == nil || a.SampleRate != 8000 || a.Channels != 1 || a.Seconds < 1.1 || a.Codec == "") {
			t.Errorf("%s: audio facts %+v", name, a)
		}
	}
}

// TestCheckRecordingsUsage: a bad --audio-name is one line, exit 2.
func TestCheckRecordingsUsage(t *testing.T) {
	dir := t.TempDir()
	recordings(t, dir, map[string]string{"a.wav": "truncated/good/call.wav"})
	code, _, stderr := preflight(t, "check", "--config", os.DevNull, "--audio-name", "{nope}.wav", dir)
	if code != 2 || !strings.Contains(stderr, "--audio-name") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func (e *cliEnv) recordingObjects(t *testing.T, prefix string) map[string]string {
	t.Helper()
	out, err := e.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(importsBucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string]string{}
	for _, o := range out.Contents {
		key := aws.ToString(o.Key)
		h, err := e.client.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(importsBucket), Key: aws.String(key)})
		if err != nil {
			t.Fatal(err)
		}
		objs[strings.TrimPrefix(key, prefix)] = aws.ToString(h.ContentType)
	}
	return objs
}

const importsBucket = "asapp-test-acme-imports-us-east-1"

// TestPublishRecordings: a folder of recordings goes to S3 under
// FEED_NAME/version=1/format=<container>/dt=D/ with _SUCCESS, the same
// gated upload as data files (a large one in parts); a folder with a cut
// recording is refused and nothing is written; recordings of several
// containers go under format=audio only when asked.
func TestPublishRecordings(t *testing.T) {
	e := requireServer(t)
	if _, err := e.client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(importsBucket)}); err != nil &&
		!strings.Contains(err.Error(), "BucketAlready") {
		t.Fatal(err)
	}
	base := []string{"publish", "--endpoint", e.endpoint, "--credentials", e.creds, "--bucket", importsBucket, "--feed-name", "call_recordings",
		"--dt", e.dt, "--max-attempts", "2", "--config", os.DevNull, "--part-size", "5"}
	pub := func(args ...string) (int, string) {
		t.Helper()
		code, out, stderr := preflight(t, append(append([]string{}, base...), args...)...)
		return code, out + stderr
	}
	prefix := e.sub + "/call_recordings/version=1/format=wav/dt=" + e.dt + "/"

	bad := filepath.Join(e.dir, "bad")
	recordings(t, bad, map[string]string{"a.wav": "truncated/good/call.wav", "b.wav": "truncated/bad/cut-in-data.wav"})
	if code, out := pub(bad); code != 1 || !strings.Contains(out, "audio/truncated") || len(e.recordingObjects(t, e.sub+"/")) != 0 {
		t.Fatalf("a cut recording: exit %d, objects %v\n%s", code, e.recordingObjects(t, e.sub+"/"), out)
	}

	good := filepath.Join(e.dir, "good")
	recordings(t, good, map[string]string{"a.wav": "truncated/good/call.wav", "b.wav": "too-short/good/one-second.wav"})
	write(t, good, "long.wav", string(longWAV(12<<20))) // over --part-size: multipart
	if code, out := pub(good); code != 0 {
		t.Fatalf("publish: exit %d\n%s", code, out)
	}
	want := map[string]string{"_SUCCESS": "", "a.wav": "audio/wav", "b.wav": "audio/wav", "long.wav": "audio/wav"}
	got := e.recordingObjects(t, prefix)
	delete(got, "_SUCCESS")
	delete(want, "_SUCCESS")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("objects under %s: %v, want %v", prefix, got, want)
	}
	if _, ok := e.recordingObjects(t, prefix)["_SUCCESS"]; !ok {
		t.Error("no _SUCCESS")
	}

	mixed := filepath.Join(e.dir, "mixed")
	recordings(t, mixed, map[string]string{"a.wav": "truncated/good/call.wav", "b.mp3": "truncated/good/call.mp3"})
	if code, out := pub(mixed); code != 2 || !strings.Contains(out, "--file-format audio") {
		t.Errorf("mixed formats without --file-format: exit %d\n%s", code, out)
	}
	if code, out := pub("--file-format", "audio", mixed); code != 0 {
		t.Fatalf("mixed formats with --file-format audio: exit %d\n%s", code, out)
	}
	got = e.recordingObjects(t, e.sub+"/call_recordings/version=1/format=audio/dt="+e.dt+"/")
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range got {
			if !yield(k) {
				return
			}
		}
	})
	if strings.Join(keys, ",") != "_SUCCESS,a.wav,b.mp3" || got["b.mp3"] != "audio/mpeg" {
		t.Errorf("format=audio holds %v", got)
	}
}

// longWAV is a whole 8-bit WAV of n data bytes.
func longWAV(n int) []byte {
	b := make([]byte, 44+n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 8000)
	binary.LittleEndian.PutUint32(b[28:], 8000)
	binary.LittleEndian.PutUint16(b[32:], 1)
	binary.LittleEndian.PutUint16(b[34:], 8)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	for i := 44; i < len(b); i++ {
		b[i] = byte(128 + 40*((i/7)%2))
	}
	return b
}
