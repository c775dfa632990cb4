package audio

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The compressed recordings are made by tools/audiogen/encode.sh (sox,
// flac, oggenc, opusenc, ffmpeg): 1.2 s of a 440 Hz tone at half
// scale, 8 kHz mono; wideband.mp3 is 16 kHz.
const src = "../testdata/audio"

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pcmWAV is a whole 16-bit PCM WAV of samples.
func pcmWAV(rate, channels int, samples []int16) []byte {
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + 2*len(samples)))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1))
	le(uint16(channels))
	le(uint32(rate))
	le(uint32(rate * channels * 2))
	le(uint16(channels * 2))
	le(uint16(16))
	b.WriteString("data")
	le(uint32(2 * len(samples)))
	le(samples)
	return b.Bytes()
}

func sine(n int, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * 32767 * math.Sin(2*math.Pi*440*float64(i)/8000))
	}
	return out
}

func scan(t testing.TB, b []byte, format string, opt Options) *Result {
	t.Helper()
	res, err := Scan(bytes.NewReader(b), format, opt)
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	if res.Bytes != int64(len(b)) {
		t.Errorf("%s: read %d of %d bytes", format, res.Bytes, len(b))
	}
	return res
}

func TestGoodRecordings(t *testing.T) {
	tests := []struct {
		file, format, codec string
		rate, channels      int
		seconds, tolerance  float64
	}{
		{"call.mp3", MP3, "mp3", 8000, 1, 1.2, 0.2}, // encoder delay and padding
		{"wideband.mp3", MP3, "mp3", 16000, 1, 1.2, 0.2},
		{"call.flac", FLAC, "flac", 8000, 1, 1.2, 0},
		{"call.ogg", Ogg, "vorbis", 8000, 1, 1.2, 0.001},
		{"call.opus", Opus, "opus", 8000, 1, 1.2, 0.001},
		{"call.m4a", M4A, "aac", 8000, 1, 1.2, 0.15},
	}
	for _, tt := range tests {
		b := read(t, tt.file)
		if got := Sniff(b, FromExt(filepath.Ext(tt.file))); got != tt.format {
			t.Errorf("%s: Sniff = %q, want %q", tt.file, got, tt.format)
		}
		res := scan(t, b, tt.format, Options{})
		in := res.Info
		if len(res.Problems) > 0 || !in.HasAudio || in.Codec != tt.codec || in.SampleRate != tt.rate || in.Channels != tt.channels ||
			math.Abs(in.Seconds-tt.seconds) > tt.tolerance+1e-9 {
			t.Errorf("%s: %+v, problems %v", tt.file, in, res.Problems)
		}
	}
	w := pcmWAV(8000, 2, sine(16000, 0.5))
	res := scan(t, w, WAV, Options{})
	if in := res.Info; len(res.Problems) > 0 || in.Codec != "pcm_s16le" || in.Channels != 2 || in.Seconds != 1 || in.Bits != 16 {
		t.Errorf("wav: %+v %v", in, res.Problems)
	}
}

// TestEveryCutIsFound cuts each recording at every length that still
// sniffs as its format: each cut must be a problem, never a whole file.
func TestEveryCutIsFound(t *testing.T) {
	files := map[string][]byte{"w.wav": pcmWAV(8000, 1, sine(2000, 0.5))}
	for _, f := range []string{"call.mp3", "call.flac", "call.ogg", "call.opus", "call.m4a"} {
		files[f] = read(t, f)
	}
	for name, b := range files {
		format := FromExt(filepath.Ext(name))
		for n := 1; n < len(b); n++ {
			cut := b[:n]
			f := Sniff(cut, format)
			if f == "" {
				continue
			}
			res := scan(t, cut, f, Options{Samples: true})
			if len(res.Problems) == 0 && res.Info.HasAudio {
				t.Errorf("%s cut to %d of %d bytes: no problem found (%+v)", name, n, len(b), res.Info)
				break
			}
		}
	}
}

func TestWAVProblems(t *testing.T) {
	good := pcmWAV(8000, 1, sine(8000, 0.5))
	unfinished := bytes.Clone(good)
	binary.LittleEndian.PutUint32(unfinished[40:44], 0)
	odd := bytes.Clone(good)
	binary.LittleEndian.PutUint32(odd[40:44], 15999)
	binary.LittleEndian.PutUint32(odd[4:8], 36+15999+1)
	noFmt := append([]byte("RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00"), nil...)
	tests := []struct {
		name string
		b    []byte
		kind Kind
		msg  string
	}{
		{"cut in data", good[:1000], Truncated, "the data chunk says 16000 bytes (1.00 s) but the file ends after 956 (0.06 s)"},
		{"sizes never written", unfinished, Truncated, "never written"},
		{"appended", append(bytes.Clone(good), good...), Corrupt, "16044 bytes follow the end of the RIFF chunk"},
		{"half a sample frame", odd, Corrupt, "not a whole number of 2-byte sample frames"},
		{"no fmt", noFmt, Corrupt, "before any fmt chunk"},
		{"cut in a chunk header", append(bytes.Clone(good), 'L', 'I'), Truncated, "inside a chunk header"},
	}
	for _, tt := range tests {
		res := scan(t, tt.b, WAV, Options{})
		if len(res.Problems) == 0 || res.Problems[0].Kind != tt.kind || !strings.Contains(res.Problems[0].Msg, tt.msg) {
			t.Errorf("%s: %+v, want kind %d with %q", tt.name, res.Problems, tt.kind, tt.msg)
		}
	}
}

// TestRF64: an RF64 file takes its sizes from the ds64 chunk.
func TestRF64(t *testing.T) {
	pcm := pcmWAV(8000, 1, sine(8000, 0.5))
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RF64")
	le(uint32(0xFFFFFFFF))
	b.WriteString("WAVEds64")
	le(uint32(28))
	le([]uint64{uint64(len(pcm) - 8 + 36), 16000, 8000})
	le(uint32(0))
	b.Write(pcm[12:36]) // fmt chunk
	b.WriteString("data")
	le(uint32(0xFFFFFFFF))
	b.Write(pcm[44:])
	res := scan(t, b.Bytes(), WAV, Options{})
	if len(res.Problems) > 0 || res.Info.Seconds != 1 {
		t.Errorf("RF64: %+v %v", res.Info, res.Problems)
	}
	cut := b.Bytes()[:b.Len()-100]
	if res := scan(t, cut, WAV, Options{}); len(res.Problems) == 0 || res.Problems[0].Kind != Truncated {
		t.Errorf("RF64 cut: %v", res.Problems)
	}
}

func TestLevels(t *testing.T) {
	clipped := sine(8000, 2) // amplitude 2 wraps int16: clamp instead
	for i, x := range sine(8000, 1) {
		clipped[i] = int16(max(-32767, min(32767, 2*float64(x))))
	}
	tests := []struct {
		name             string
		b                []byte
		format           string
		peak, tolerance  float64
		clippedAtLeast   float64
		clippedUnder     float64
		wantNoLevels     bool
		secondsAtLeast   float64
		channelsReported int
	}{
		{name: "silence", b: pcmWAV(8000, 1, make([]int16, 8000)), format: WAV, peak: 0, clippedUnder: 1e-9, secondsAtLeast: 1},
		{name: "half scale", b: pcmWAV(8000, 1, sine(8000, 0.5)), format: WAV, peak: 0.5, tolerance: 0.01, clippedUnder: 1e-9, secondsAtLeast: 1},
		{name: "full-scale sine is not clipped", b: pcmWAV(8000, 1, sine(8000, 1)), format: WAV, peak: 1, tolerance: 0.01, clippedUnder: 0.001, secondsAtLeast: 1},
		{name: "clipped", b: pcmWAV(8000, 1, clipped), format: WAV, peak: 1, tolerance: 0.01, clippedAtLeast: 0.2, clippedUnder: 1, secondsAtLeast: 1},
		{name: "flac", b: read(t, "call.flac"), format: FLAC, peak: 0.5, tolerance: 0.02, clippedUnder: 1e-9, secondsAtLeast: 1.1},
		{name: "mp3 16 kHz", b: read(t, "wideband.mp3"), format: MP3, peak: 0.5, tolerance: 0.1, clippedUnder: 1e-9, secondsAtLeast: 1.1},
		// go-mp3 decodes MPEG-1 and 2, not the 8 kHz MPEG 2.5 of call.mp3.
		{name: "mp3 8 kHz", b: read(t, "call.mp3"), format: MP3, wantNoLevels: true},
	}
	for _, tt := range tests {
		res := scan(t, tt.b, tt.format, Options{Samples: true})
		lv := res.Info.Levels
		if tt.wantNoLevels {
			if lv != nil {
				t.Errorf("%s: levels %+v, want none", tt.name, lv)
			}
			continue
		}
		if lv == nil {
			t.Errorf("%s: no levels", tt.name)
			continue
		}
		if math.Abs(lv.Peak-tt.peak) > tt.tolerance || lv.Clipped < tt.clippedAtLeast || lv.Clipped >= tt.clippedUnder || lv.Seconds < tt.secondsAtLeast {
			t.Errorf("%s: %+v", tt.name, *lv)
		}
	}
}

func TestWindowIsBounded(t *testing.T) {
	res := scan(t, pcmWAV(8000, 1, sine(80000, 0.5)), WAV, Options{Samples: true, Window: 2})
	if lv := res.Info.Levels; lv == nil || lv.Seconds != 2 {
		t.Errorf("levels %+v, want a 2 s window", lv)
	}
}

func TestSniffAndDescribe(t *testing.T) {
	tests := []struct {
		head, name, format, what string
	}{
		{"<!DOCTYPE html><html><body>404</body></html>", MP3, "", "an HTML page"},
		{"customer_id,call_start\n", WAV, "", "text"},
		{"\x00\x01\x02\x03\x04\x05\x06\x07", WAV, "", "data in no audio format preflight knows"},
		{"", WAV, "", "empty"},
		{"ID3\x04\x00\x00\x00\x00\x00\x00", "", MP3, ""},
		{"OggS\x00\x02", "", Ogg, ""},
		{"fLaC\x00", "", FLAC, ""},
		{"\x00\x00\x00\x18ftypM4A ", "", M4A, ""},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.head), tt.name); got != tt.format {
			t.Errorf("Sniff(%q) = %q, want %q", tt.head, got, tt.format)
		}
		if tt.what != "" {
			if got := Describe([]byte(tt.head)); got != tt.what {
				t.Errorf("Describe(%q) = %q, want %q", tt.head, got, tt.what)
			}
		}
	}
}

// TestShortInputs: a few bytes of anything, as any format, are read
// through without a panic; a WAV header cut short is a cut.
func TestShortInputs(t *testing.T) {
	for _, f := range Formats {
		for n := 0; n < 16; n++ {
			scan(t, bytes.Repeat([]byte{0xff}, n), f, Options{Samples: true})
		}
	}
	if res := scan(t, []byte("RIFF\x24\x00"), WAV, Options{}); len(res.Problems) != 1 || res.Problems[0].Kind != Truncated {
		t.Errorf("a cut RIFF header: %v", res.Problems)
	}
}

// FuzzScan: any bytes, as any format, end in a result that read them all,
// or an I/O error — never a panic or a hang.
func FuzzScan(f *testing.F) {
	f.Add(pcmWAV(8000, 1, sine(100, 0.5)), uint8(0))
	for i, name := range []string{"call.mp3", "call.flac", "call.ogg", "call.m4a"} {
		// scripts/fuzz.sh runs from a scratch directory, without testdata.
		if b, err := os.ReadFile(filepath.Join(src, name)); err == nil {
			f.Add(b, uint8(i+1))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		format := []string{WAV, MP3, FLAC, Ogg, M4A}[int(which)%5]
		scan(t, b, format, Options{Samples: true})
	})
}
