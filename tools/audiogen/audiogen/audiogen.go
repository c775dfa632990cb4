// Package audiogen writes the audio rules' binary fixtures under
// testdata/rules/audio/: WAV files synthesised here, byte for byte the
// same on every run, and broken copies of the compressed recordings in
// testdata/audio/ (which encode.sh made once with sox, lame, flac,
// oggenc, opusenc and ffmpeg, and which are committed). A test
// regenerates everything into a temporary directory and compares, so
// the committed fixtures are always what this code writes.
package audiogen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// wavSpec describes a synthesised WAV file.
type wavSpec struct {
	rate, channels int
	mulaw          bool // 8-bit G.711 mu-law, else 8-bit unsigned PCM
	seconds        float64
	// sample gives channel ch's sample at time t, in [-1, 1] (clamped).
	sample func(t float64, ch int) float64
}

// tone is a 440 Hz sine at half scale, with a softer 1.3 kHz partial.
func tone(t float64, ch int) float64 {
	return 0.4*math.Sin(2*math.Pi*440*t) + 0.1*math.Sin(2*math.Pi*1300*t+float64(ch))
}

func scaled(k float64) func(float64, int) float64 {
	return func(t float64, ch int) float64 { return k * math.Sin(2*math.Pi*440*t) }
}

func silence(float64, int) float64 { return 0 }

// wav renders a spec as a whole, valid WAV file.
func wav(s wavSpec) []byte {
	frames := int(math.Round(s.seconds * float64(s.rate)))
	data := make([]byte, 0, frames*s.channels)
	for i := 0; i < frames; i++ {
		for ch := 0; ch < s.channels; ch++ {
			x := max(-1, min(1, s.sample(float64(i)/float64(s.rate), ch)))
			if s.mulaw {
				data = append(data, mulawByte(int16(math.Round(x*32124))))
			} else {
				data = append(data, byte(math.Round(128+x*127)))
			}
		}
	}
	tag := uint16(1)
	if s.mulaw {
		tag = 7
	}
	return wavBytes(tag, s.rate, s.channels, data, len(data))
}

// wavBytes is a RIFF/WAVE file of 8-bit samples whose data chunk declares
// size bytes and holds data.
func wavBytes(tag uint16, rate, channels int, data []byte, size int) []byte {
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + size + size&1))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(tag)
	le(uint16(channels))
	le(uint32(rate))
	le(uint32(rate * channels))
	le(uint16(channels))
	le(uint16(8))
	b.WriteString("data")
	le(uint32(size))
	b.Write(data)
	if len(data) == size && size&1 == 1 {
		b.WriteByte(0)
	}
	return b.Bytes()
}

// mulawByte encodes a 16-bit sample as G.711 mu-law.
func mulawByte(x int16) byte {
	const bias, clip = 0x84, 32635
	sign := byte(0)
	v := int(x)
	if v < 0 {
		v, sign = -v, 0x80
	}
	v = min(v, clip) + bias
	exp := 7
	for mask := 0x4000; v&mask == 0 && exp > 0; mask >>= 1 {
		exp--
	}
	mant := byte(v>>(exp+3)) & 0x0f
	return ^(sign | byte(exp)<<4 | mant)
}

// Generate writes every fixture under root (testdata/rules), reading the
// compressed recordings from src (testdata/audio).
func Generate(src, root string) error {
	files, err := Fixtures(src)
	if err != nil {
		return err
	}
	for name, b := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Fixtures is every generated file by its path under testdata/rules.
func Fixtures(src string) (map[string][]byte, error) {
	c := map[string][]byte{}
	for _, f := range []string{"call.mp3", "call.flac", "call.ogg", "call.opus", "call.m4a"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return nil, err
		}
		c[filepath.Ext(f)[1:]] = b
	}
	out := map[string][]byte{}
	call := wav(wavSpec{rate: 8000, channels: 1, seconds: 1.2, sample: tone})
	add := func(rule string, files map[string][]byte) {
		for name, b := range files {
			out["audio/"+rule+"/"+name] = b
		}
	}
	add("format", map[string][]byte{
		"bad/mp3-named.wav":  c["mp3"],
		"bad/error-page.mp3": []byte("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1><p>The requested recording was not found on this server.</p></body></html>\n"),
		"good/call.mp3":      c["mp3"],
		"good/opus.ogg":      c["opus"],
	})
	add("empty", map[string][]byte{
		"bad/zero-bytes.wav":  {},
		"bad/header-only.wav": wavBytes(1, 8000, 1, nil, 0)[:44],
		"good/call.wav":       call,
	})
	trunc, err := truncated(call, c)
	if err != nil {
		return nil, err
	}
	add("truncated", trunc)
	add("corrupt", corrupt(call, c))
	add("too-short", map[string][]byte{
		"bad/blip.wav":        wav(wavSpec{rate: 8000, channels: 1, seconds: 0.2, sample: tone}),
		"good/one-second.wav": wav(wavSpec{rate: 8000, channels: 1, seconds: 1, sample: tone}),
	})
	add("too-long", map[string][]byte{
		"bad/long.wav":        wav(wavSpec{rate: 8000, channels: 1, seconds: 1.5, sample: tone}),
		"good/one-second.wav": wav(wavSpec{rate: 8000, channels: 1, seconds: 1, sample: tone}),
	})
	short := func(ch int) []byte { return wav(wavSpec{rate: 8000, channels: ch, seconds: 0.25, sample: tone}) }
	add("sample-rate", map[string][]byte{
		"bad/4khz.wav":  wav(wavSpec{rate: 4000, channels: 1, seconds: 1, sample: tone}),
		"good/8khz.wav": wav(wavSpec{rate: 8000, channels: 1, mulaw: true, seconds: 1, sample: tone}),
	})
	add("channels", map[string][]byte{"bad/four-channels.wav": short(4), "good/stereo.wav": short(2)})
	add("silent", map[string][]byte{
		"bad/silence.wav": wav(wavSpec{rate: 8000, channels: 1, seconds: 1.2, sample: silence}),
		"good/quiet.wav":  wav(wavSpec{rate: 8000, channels: 1, seconds: 1.2, sample: scaled(2.0 / 127)}),
	})
	add("clipped", map[string][]byte{
		"bad/clipped.wav": wav(wavSpec{rate: 8000, channels: 1, seconds: 1.2, sample: scaled(2)}),
		"good/loud.wav":   wav(wavSpec{rate: 8000, channels: 1, seconds: 1.2, sample: scaled(1)}),
	})
	add("unmatched-recording", map[string][]byte{"bad/conv-9.wav": short(1), "good/conv-1.wav": short(1)})
	add("missing-recording", map[string][]byte{"bad/conv-1.wav": short(1), "good/conv-1.wav": short(1)})
	return out, nil
}

// truncated are audio/truncated's files: each recording cut off the way
// an interrupted copy or recorder leaves it.
func truncated(call []byte, c map[string][]byte) (map[string][]byte, error) {
	long := wav(wavSpec{rate: 8000, channels: 1, seconds: 1.5, sample: tone})
	unfinished := bytes.Clone(call)
	binary.LittleEndian.PutUint32(unfinished[4:8], 0)
	binary.LittleEndian.PutUint32(unfinished[40:44], 0)
	ogg, err := dropLastOggPage(c["ogg"])
	if err != nil {
		return nil, err
	}
	moov := bytes.LastIndex(c["m4a"], []byte("moov"))
	if moov < 4 {
		return nil, fmt.Errorf("call.m4a: no moov box at the end (encode.sh writes it last)")
	}
	return map[string][]byte{
		"bad/cut-in-data.wav": long[:44+4800],
		"bad/unfinished.wav":  unfinished,
		"bad/cut-frame.mp3":   c["mp3"][:len(c["mp3"])*6/10],
		"bad/cut.flac":        c["flac"][:len(c["flac"])*7/10],
		"bad/no-end.ogg":      ogg,
		"bad/no-index.m4a":    c["m4a"][:moov-4],
		"good/call.wav":       call,
		"good/call.mp3":       c["mp3"],
		"good/call.flac":      c["flac"],
		"good/call.ogg":       c["ogg"],
		"good/call.m4a":       c["m4a"],
	}, nil
}

// dropLastOggPage cuts an Ogg file at its last page: whole pages, but no
// end-of-stream page.
func dropLastOggPage(b []byte) ([]byte, error) {
	i := bytes.LastIndex(b, []byte("OggS"))
	if i <= 0 {
		return nil, fmt.Errorf("call.ogg: no second page")
	}
	return b[:i], nil
}

// corrupt are audio/corrupt's files: damage inside a whole file.
func corrupt(call []byte, c map[string][]byte) map[string][]byte {
	ogg := bytes.Clone(c["ogg"])
	ogg[len(ogg)-40] ^= 0xff // inside the last page's body
	flac := bytes.Clone(c["flac"])
	flac[len(flac)/2] ^= 0xff // inside a frame before the last
	mp3 := bytes.Clone(c["mp3"])
	for i := len(mp3) / 2; i < len(mp3)/2+200; i++ {
		mp3[i] = 0 // zeros over a frame header and its body
	}
	return map[string][]byte{
		"bad/two-in-one.wav":   append(bytes.Clone(call), call...),
		"bad/bad-checksum.ogg": ogg,
		"bad/bad-crc.flac":     flac,
		"bad/junk.mp3":         mp3,
		"good/call.wav":        call,
		"good/call.ogg":        c["ogg"],
		"good/call.flac":       c["flac"],
		"good/call.mp3":        c["mp3"],
	}
}
