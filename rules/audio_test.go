package rules_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/rules"
)

// u8WAV is a WAV of n bytes of 8-bit samples (a square-ish wave, so not
// silent) whose data chunk declares declared bytes.
func u8WAV(n, declared int) []byte {
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + declared))
	b.WriteString("WAVEfmt ")
	le([]uint32{16})
	le([]uint16{1, 1})
	le([]uint32{8000, 8000})
	le([]uint16{1, 8})
	b.WriteString("data")
	le(uint32(declared))
	for i := 0; i < n; i++ {
		b.WriteByte(byte(96 + 64*(i/9%2)))
	}
	return b.Bytes()
}

func fixture(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(rulesRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rulesOf(res *rules.Result, file string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.File == file {
			out = append(out, f.Rule)
		}
	}
	return out
}

// TestRecordingThroughAPipe: a recording longer than the sniffed bytes,
// read from a FIFO (with or without an audio extension), gives exactly
// what the same file on disk gives — whole or cut off.
func TestRecordingThroughAPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		rule string
	}{
		{"whole", u8WAV(200_000, 200_000), ""},
		{"cut", u8WAV(150_000, 200_000), rules.AudioTruncated},
	} {
		dir := t.TempDir()
		disk := filepath.Join(dir, "call.wav")
		writeFile(t, disk, string(tc.data))
		want, err := rules.Run(context.Background(), []string{disk}, rules.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"pipe.wav", "pipe"} {
			fifo := filepath.Join(dir, name)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			go func() {
				f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
				if err == nil {
					_, _ = f.Write(tc.data)
					f.Close()
				}
			}()
			got, err := rules.Run(context.Background(), []string{fifo}, rules.Options{Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			wf, wfile := normalized(want)
			gf, gfile := normalized(got)
			if !reflect.DeepEqual(gf, wf) || !reflect.DeepEqual(gfile, wfile) {
				t.Errorf("%s through %s:\n%+v %+v\non disk:\n%+v %+v", tc.name, name, gfile, gf, wfile, wf)
			}
			if r := rulesOf(want, disk); gfile.Feed != rules.AudioFeed || (tc.rule == "") != (len(r) == 0) || tc.rule != "" && r[0] != tc.rule {
				t.Errorf("%s: feed %q, findings %v; want %q", tc.name, gfile.Feed, r, tc.rule)
			}
		}
	}
}

// TestRecordingDigest: with Options.Hash a recording's digest covers
// every byte, whatever its container says — publish uploads those bytes.
func TestRecordingDigest(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"whole.wav": u8WAV(100_000, 100_000),
		"cut.wav":   u8WAV(70_000, 100_000),
		"junk.wav":  append(u8WAV(1000, 1000), bytes.Repeat([]byte("x"), 90_000)...),
		"page.mp3":  []byte("<html>404</html>"),
		"call.flac": fixture(t, "audio/truncated/good/call.flac"),
	}
	var paths []string
	for name, b := range files {
		p := filepath.Join(dir, name)
		writeFile(t, p, string(b))
		paths = append(paths, p)
	}
	res, err := rules.Run(context.Background(), paths, rules.Options{Hash: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range res.Files {
		want, err := digest.File(filepath.FromSlash(fr.Path))
		if err != nil {
			t.Fatal(err)
		}
		if fr.Digest == nil || *fr.Digest != want || fr.Bytes != want.Size {
			t.Errorf("%s: digest %+v (%d bytes), want %+v", fr.Path, fr.Digest, fr.Bytes, want)
		}
	}
}

// TestRecordingsGetAudioRulesOnly: a recording is checked by the audio
// rules and the rules of where it sits, never by the text rules; a CSV
// file by none of the audio rules (unless recordings are linked).
func TestRecordingsGetAudioRulesOnly(t *testing.T) {
	dir := t.TempDir()
	wav := filepath.Join(dir, "recordings", "version=1", "format=wav", "dt=2024-05-01", "call.wav")
	csv := filepath.Join(dir, "calls.csv")
	writeFile(t, wav, string(fixture(t, "audio/empty/good/call.wav")))
	writeFile(t, csv, string(fixture(t, "audio/missing-recording/good/calls.csv")))
	res, err := rules.Run(context.Background(), []string{wav, csv}, rules.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range res.Files {
		for _, id := range fr.Rules {
			audioRule := strings.HasPrefix(id, "audio/")
			if fr.Feed == rules.AudioFeed && !audioRule && !strings.HasPrefix(id, "target/") || fr.Feed != rules.AudioFeed && audioRule {
				t.Errorf("%s (feed %s) lists rule %s", fr.Path, fr.Feed, id)
			}
		}
		if fr.Feed == rules.AudioFeed && (!slices.Contains(fr.Rules, rules.TargetPath) || slices.Contains(fr.Rules, rules.AudioSilent)) {
			t.Errorf("%s: rules %v: want target/path, and no audio/silent without --audio-samples", fr.Path, fr.Rules)
		}
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings %+v", res.Findings)
	}
}

// TestAudioLayout: a recording's format= segment is its container or
// "audio"; a CSV under an audio segment, or a recording under format=csv,
// is target/format.
func TestAudioLayout(t *testing.T) {
	mp3 := string(fixture(t, "audio/format/good/call.mp3"))
	csv := string(fixture(t, "audio/missing-recording/good/calls.csv"))
	cases := []struct {
		path, body string
		want       bool
	}{
		{"rec/version=1/format=mp3/dt=2024-05-01/a.mp3", mp3, false},
		{"rec/version=1/format=audio/dt=2024-05-01/b.mp3", mp3, false},
		{"rec/version=1/format=wav/dt=2024-05-01/c.mp3", mp3, true},
		{"rec/version=1/format=csv/dt=2024-05-01/d.mp3", mp3, true},
		{"call_center_issues/version=1/format=wav/dt=2024-05-01/calls.csv", csv, true},
	}
	dir := t.TempDir()
	var paths []string
	for _, c := range cases {
		p := filepath.Join(dir, filepath.FromSlash(c.path))
		writeFile(t, p, c.body)
		paths = append(paths, p)
	}
	res, err := rules.Run(context.Background(), paths, rules.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		got := slices.Contains(rulesOf(res, filepath.ToSlash(paths[i])), rules.TargetFormat)
		if got != c.want {
			t.Errorf("%s: target/format %v, want %v (%v)", c.path, got, c.want, rulesOf(res, filepath.ToSlash(paths[i])))
		}
	}
}

// TestAudioStats: the run's statistics count recordings, their hours and
// a histogram of their lengths; the result carries each one's facts.
func TestAudioStats(t *testing.T) {
	res := run(t, filepath.Join(rulesRoot, "audio", "truncated", "good"), rules.Options{})
	s := res.Stats
	if s.AudioFiles != 5 || s.AudioSeconds[1] != 5 || s.AudioTotalSeconds < 6 || s.AudioTotalSeconds > 7 {
		t.Errorf("stats: %d files, %v, %.2f s", s.AudioFiles, s.AudioSeconds, s.AudioTotalSeconds)
	}
	for _, fr := range res.Files {
		if a := fr.Audio; a == nil || a.SampleRate != 8000 || a.Channels != 1 || a.Codec == "" || a.Seconds < 1.1 {
			t.Errorf("%s: %+v", fr.Path, a)
		}
	}
}

// TestAudioNamePattern: a name that does not fit --audio-name is an
// unmatched recording; a bad pattern is a usage error.
func TestAudioNamePattern(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "calls.csv"), string(fixture(t, "audio/missing-recording/good/calls.csv")))
	writeFile(t, filepath.Join(dir, "call-conv-1-agent.wav"), string(fixture(t, "audio/missing-recording/good/conv-1.wav")))
	writeFile(t, filepath.Join(dir, "notes-1.wav"), string(fixture(t, "audio/missing-recording/good/conv-1.wav")))
	opt := rules.Options{Settings: rules.Settings{Audio: rules.AudioSettings{Name: "call-{conversation_id}-*.wav", MinSeconds: 0.1}}}
	res := run(t, dir, opt)
	got := map[string][]string{}
	for _, f := range res.Findings {
		got[filepath.Base(f.File)] = append(got[filepath.Base(f.File)], f.Rule)
	}
	want := map[string][]string{"notes-1.wav": {rules.AudioUnmatchedRecording}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	for _, bad := range []string{"conversation_id.wav", "{nope}.wav", "{conversation_id}-{customer_id}"} {
		opt.Settings.Audio.Name = bad
		if _, err := rules.Run(context.Background(), []string{dir}, opt); !rules.IsUsage(err) {
			t.Errorf("--audio-name %q: %v, want a usage error", bad, err)
		}
	}
}
