// Package audio reads the headers and frame structure of recorded call
// audio — WAV, MP3, FLAC, Ogg (Vorbis, Opus) and MP4/M4A — streaming, in
// one pass, to say what a recording is (codec, sample rate, channels,
// duration) and whether its container is whole: the sizes a header
// declares agree with the bytes that follow, frames are not cut off at
// the end, checksums hold. It decodes no audio unless Options.Samples
// asks for a bounded window of levels.
//
// Scan never fails on bad data: every problem is a Problem, and the
// stream is read to its end either way (callers hash every byte). Only
// I/O errors end a scan early.
package audio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The formats, as file extensions name them and as the format= path
// segment may: Ogg files hold Vorbis (or FLAC, Speex) as .ogg, Opus as
// .opus; M4A is the MP4 container with AAC or ALAC audio.
const (
	WAV  = "wav"
	MP3  = "mp3"
	FLAC = "flac"
	Ogg  = "ogg"
	Opus = "opus"
	M4A  = "m4a"
)

// Formats lists every format, in the order docs name them.
var Formats = []string{WAV, MP3, FLAC, Ogg, Opus, M4A}

// IsFormat reports whether f names an audio format.
func IsFormat(f string) bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

// FromExt is the format a file extension (".wav", any case) names, or "".
func FromExt(ext string) string {
	f := strings.ToLower(strings.TrimPrefix(ext, "."))
	if IsFormat(f) {
		return f
	}
	return ""
}

// Fits reports whether content of format got may carry a name that says
// want: an .ogg file may hold Opus, since both are Ogg.
func Fits(want, got string) bool {
	return want == got || want == Ogg && got == Opus
}

// Name is a format as people write it: "WAV", "Ogg Opus".
func Name(f string) string {
	switch f {
	case Ogg:
		return "Ogg"
	case Opus:
		return "Ogg Opus"
	}
	return strings.ToUpper(f)
}

// Info is what a recording's headers and frames say about it.
type Info struct {
	// Format is the container read: one of Formats.
	Format string `json:"format"`
	// Codec is the audio coding: pcm_s16le, pcm_mulaw, mp3, flac, vorbis,
	// opus, aac...
	Codec      string `json:"codec"`
	SampleRate int    `json:"sample_rate"`
	Channels   int    `json:"channels"`
	// Bits is the sample size of PCM and FLAC; 0 for lossy codecs.
	Bits int `json:"bits,omitempty"`
	// Seconds is the duration of the audio present in the file.
	Seconds float64 `json:"seconds"`
	// HasAudio is false when the file holds headers but no audio data.
	HasAudio bool `json:"-"`
	// Levels are what the decoded window showed, with Options.Samples.
	Levels *Levels `json:"levels,omitempty"`
}

// Kind classifies a Problem.
type Kind uint8

const (
	// Truncated: the file ends before what its headers promise — a cut
	// frame, a data chunk longer than the file, an unfinished header.
	Truncated Kind = iota + 1
	// Corrupt: the structure is broken inside — a bad checksum, junk
	// between frames, a missing required header.
	Corrupt
)

// Problem is one thing wrong with a container. Scan reports at most one
// of each Kind, so one broken file is one finding of each sort.
type Problem struct {
	Kind Kind
	// Offset is the byte offset where the problem shows; -1 when none.
	Offset int64
	Msg    string
}

// Options tune Scan.
type Options struct {
	// Samples decodes up to Window of audio from the start and measures
	// its levels (Info.Levels), where the codec can be decoded (WAV PCM,
	// mu-law and A-law, MP3, FLAC).
	Samples bool
	// Window bounds the decoded audio; 0 means DefaultWindow.
	Window float64
}

// DefaultWindow is how many seconds Options.Samples decodes by default.
const DefaultWindow = 60

// Result is what Scan found.
type Result struct {
	Info     Info
	Problems []Problem
	// Bytes is how many bytes were read: the whole stream.
	Bytes int64
}

// Scan reads a stream of the given format to its end: the headers, every
// frame or chunk header, and the checks on them. The error is an I/O
// error only; what is wrong with the data is in Result.Problems.
func Scan(r io.Reader, format string, opt Options) (*Result, error) {
	s := newScanner(r, opt)
	var err error
	switch format {
	case WAV:
		err = s.wav()
	case MP3:
		err = s.mp3()
	case FLAC:
		err = s.flac()
	case Ogg, Opus:
		err = s.ogg()
	case M4A:
		err = s.mp4()
	default:
		return nil, fmt.Errorf("audio: unknown format %q", format)
	}
	if err == nil {
		_, err = s.drain()
	}
	if err != nil {
		return nil, err
	}
	if s.levels != nil && s.levels.n > 0 {
		lv := s.levels.result()
		s.res.Info.Levels = &lv
	}
	s.res.Bytes = s.pos
	return &s.res, nil
}

// scanner is the state of one Scan: a buffered reader that counts the
// bytes it consumes, and what was found.
type scanner struct {
	br  *bufio.Reader
	pos int64
	opt Options
	res Result
	// levels measures decoded samples, with Options.Samples.
	levels *levelMeter
	// capture keeps the stream's first bytes for a decoder, with
	// Options.Samples on a compressed format; capCap bounds it.
	capture []byte
	capCap  int
}

const bufSize = 64 << 10

func newScanner(r io.Reader, opt Options) *scanner {
	if opt.Window <= 0 {
		opt.Window = DefaultWindow
	}
	return &scanner{br: bufio.NewReaderSize(r, bufSize), opt: opt}
}

// problem records a problem unless one of its kind is already recorded.
func (s *scanner) problem(k Kind, off int64, format string, args ...any) {
	for _, p := range s.res.Problems {
		if p.Kind == k {
			return
		}
	}
	s.res.Problems = append(s.res.Problems, Problem{Kind: k, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

// has reports whether a problem of kind k was recorded.
func (s *scanner) has(k Kind) bool {
	for _, p := range s.res.Problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// peek returns up to n bytes without consuming them; fewer only at the end
// of the stream. n must be at most bufSize.
func (s *scanner) peek(n int) ([]byte, error) {
	b, err := s.br.Peek(n)
	if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
		err = nil
	}
	return b, err
}

// skip consumes up to n bytes and returns how many there were.
func (s *scanner) skip(n int64) (int64, error) {
	var done int64
	for done < n {
		chunk := int(min(n-done, bufSize))
		b, err := s.peek(chunk)
		if err != nil {
			return done, err
		}
		if len(b) == 0 {
			break
		}
		s.keep(b)
		d, _ := s.br.Discard(len(b))
		done += int64(d)
		s.pos += int64(d)
	}
	return done, nil
}

// read consumes and returns exactly n bytes, or fewer at the end of the
// stream. The slice is valid until the next call.
func (s *scanner) read(n int) ([]byte, error) {
	b, err := s.peek(n)
	if err != nil {
		return nil, err
	}
	s.keep(b)
	d, _ := s.br.Discard(len(b))
	s.pos += int64(d)
	return b, nil
}

// readInto consumes len(dst) bytes into dst, or fewer at the end; for
// blocks larger than the buffer (an MP4 moov box).
func (s *scanner) readInto(dst []byte) (int, error) {
	n, err := io.ReadFull(s.br, dst)
	s.keep(dst[:n])
	s.pos += int64(n)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil
	}
	return n, err
}

// drain consumes the rest of the stream.
func (s *scanner) drain() (int64, error) {
	return s.skip(1 << 62)
}

// keep copies consumed bytes into the capture buffer while it has room.
func (s *scanner) keep(b []byte) {
	if room := s.capCap - len(s.capture); room > 0 {
		s.capture = append(s.capture, b[:min(room, len(b))]...)
	}
}

// Sniff says which audio format a file's first bytes are, or "" when they
// are not audio. name is the format its name says ("" for none): an MP3
// may start with a few bytes of junk before its first frame, which is
// looked past only when the name says MP3.
func Sniff(head []byte, name string) string {
	switch {
	case len(head) >= 12 && (hasAt(head, 0, "RIFF") || hasAt(head, 0, "RF64") || hasAt(head, 0, "BW64")) && hasAt(head, 8, "WAVE"):
		return WAV
	case hasAt(head, 0, "fLaC"):
		return FLAC
	case hasAt(head, 0, "OggS"):
		if len(head) > 27 && bytes.Contains(head[27:min(len(head), 27+255+8)], []byte("OpusHead")) {
			return Opus
		}
		return Ogg
	case len(head) >= 8 && mp4Box(head[4:8]):
		return M4A
	case hasAt(head, 0, "ID3") || mp3At(head, 0):
		return MP3
	case name == MP3 && mp3Find(head) >= 0:
		return MP3
	}
	return ""
}

func hasAt(b []byte, off int, s string) bool {
	return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s
}

// Describe says in a few words what non-audio content is, for a message
// ("an HTML page", "text").
func Describe(head []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(t[:min(len(t), 512)])
	switch {
	case len(head) == 0:
		return "empty"
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<html")):
		return "an HTML page"
	case bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<")):
		return "XML text"
	case bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")):
		return "JSON text"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "gzip-compressed data"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive"
	case printable(head[:min(len(head), 4096)]):
		return "text"
	}
	return "data in no audio format preflight knows"
}

func printable(b []byte) bool {
	bad := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			bad++
		}
	}
	return bad*20 < len(b)
}

func seconds(samples int64, rate int) float64 {
	if rate <= 0 {
		return 0
	}
	return float64(samples) / float64(rate)
}

// fmtSeconds writes a duration in seconds for messages: "0.20 s", "12.5 s".
func fmtSeconds(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.1f s", s)
}
