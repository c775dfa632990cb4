package audio

import (
	"encoding/binary"
	"fmt"
)

// MP3: an optional ID3v2 tag, then MPEG audio frames back to back, each a
// 4-byte header (11 sync bits, version, layer, bitrate, sample rate,
// padding, channel mode) whose fields give the frame's length; optional
// ID3v1 or APE tags at the end. The walk reads each header and steps over
// the frame: a frame longer than what is left of the file was cut off;
// bytes that are not a frame header where one should start are junk (the
// walk finds the next frame and goes on). A Xing, Info or VBRI header in
// the first frame says how many frames the encoder wrote.

// mp3Frame is one decoded frame header.
type mp3Frame struct {
	version  int // 1, 2, or 25 for MPEG 2.5
	layer    int // 1, 2, 3
	rate     int
	bitrate  int // kbit/s
	length   int // bytes, header included
	samples  int // per channel
	channels int
}

var mp3Bitrates = [2][3][16]int{
	{ // MPEG 1: layers I, II, III
		{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0},
		{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0},
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
	},
	{ // MPEG 2 and 2.5
		{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
	},
}

var mp3Rates = map[int][3]int{1: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 25: {11025, 12000, 8000}}

// parseMP3Frame decodes a frame header; ok is false when b is not one
// (free-format bitrates, which give no length, included).
func parseMP3Frame(b []byte) (f mp3Frame, ok bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return f, false
	}
	f.version = [4]int{25, 0, 2, 1}[b[1]>>3&3]
	f.layer = [4]int{0, 3, 2, 1}[b[1]>>1&3]
	bi, ri := int(b[2]>>4), int(b[2]>>2&3)
	if f.version == 0 || f.layer == 0 || bi == 0 || bi == 15 || ri == 3 {
		return f, false
	}
	v := 0
	if f.version != 1 {
		v = 1
	}
	f.bitrate = mp3Bitrates[v][f.layer-1][bi]
	f.rate = mp3Rates[f.version][ri]
	pad := int(b[2] >> 1 & 1)
	switch {
	case f.layer == 1:
		f.samples = 384
		f.length = (12*f.bitrate*1000/f.rate + pad) * 4
	case f.layer == 3 && f.version != 1:
		f.samples = 576
		f.length = 72*f.bitrate*1000/f.rate + pad
	default:
		f.samples = 1152
		f.length = 144*f.bitrate*1000/f.rate + pad
	}
	f.channels = 2
	if b[3]>>6 == 3 {
		f.channels = 1
	}
	return f, true
}

// mp3At reports whether a frame starts at off and, when the bytes reach
// that far, another one right after it.
func mp3At(b []byte, off int) bool {
	f, ok := parseMP3Frame(b[off:])
	if !ok {
		return false
	}
	next := off + f.length
	if len(b) < next+4 {
		return true // the bytes end first: one frame must do
	}
	g, ok := parseMP3Frame(b[next:])
	return ok && g.version == f.version && g.layer == f.layer && g.rate == f.rate
}

// mp3Find is the offset of the first frame in b (confirmed by the one
// after it), or -1.
func mp3Find(b []byte) int {
	for i := 0; i+4 <= len(b); i++ {
		if b[i] == 0xFF && mp3At(b, i) {
			return i
		}
	}
	return -1
}

// mp3Walk is the state of the walk over the frames.
type mp3Walk struct {
	first      mp3Frame
	frames     int64 // audio frames (a Xing/Info frame is not one)
	declared   int64 // frames the Xing/Info/VBRI header says; 0 when none
	junk       int64
	junkAt     int64
	seenFrames bool
}

func (s *scanner) mp3() error {
	if s.opt.Samples {
		s.capCap = captureMax
	}
	if err := s.id3v2(); err != nil {
		return err
	}
	w := &mp3Walk{junkAt: -1}
	for {
		done, err := s.mp3Step(w)
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	s.mp3Finish(w)
	return nil
}

// id3v2 skips an ID3v2 tag at the start.
func (s *scanner) id3v2() error {
	h, err := s.peek(10)
	if err != nil || len(h) < 10 || string(h[:3]) != "ID3" {
		return err
	}
	size := int64(h[6]&0x7f)<<21 | int64(h[7]&0x7f)<<14 | int64(h[8]&0x7f)<<7 | int64(h[9]&0x7f)
	if h[5]&0x10 != 0 {
		size += 10 // footer
	}
	got, err := s.skip(10 + size)
	if err == nil && got < 10+size {
		s.problem(Truncated, 0, "the ID3 tag at the start says %d bytes but the file ends after %d", 10+size, got)
	}
	return err
}

// mp3Step reads one frame, or a tag, or junk; done at the end.
func (s *scanner) mp3Step(w *mp3Walk) (bool, error) {
	b, err := s.peek(4)
	if err != nil || len(b) == 0 {
		return true, err
	}
	f, ok := parseMP3Frame(b)
	if ok && w.seenFrames && (f.version != w.first.version || f.layer != w.first.layer || f.rate != w.first.rate) {
		ok = false // a false sync inside junk
	}
	if !ok {
		return s.mp3NotFrame(w)
	}
	off := s.pos
	if !w.seenFrames {
		w.first, w.seenFrames = f, true
		if n := s.xingFrames(f); n > 0 {
			w.declared = n
			_, err := s.skip(int64(f.length))
			return false, err
		}
	}
	got, err := s.skip(int64(f.length))
	if err != nil {
		return true, err
	}
	if got < int64(f.length) {
		s.problem(Truncated, off, "the last frame, at byte %d, is cut off: %d of its %d bytes are there", off, got, f.length)
		return true, nil
	}
	w.frames++
	return false, nil
}

// mp3NotFrame handles bytes where a frame should start: a tag at the end,
// or junk to step over to the next frame.
func (s *scanner) mp3NotFrame(w *mp3Walk) (bool, error) {
	b, err := s.peek(bufSize)
	if err != nil {
		return true, err
	}
	if n := trailingTag(b); n > 0 {
		_, err := s.skip(int64(n))
		return false, err
	}
	i := mp3Find(b[1:])
	if i < 0 {
		if len(b) < bufSize {
			// Junk to the end of the file.
			i = len(b) - 1
		} else {
			i = len(b) - 4
		}
	}
	i++
	if w.junkAt < 0 {
		w.junkAt = s.pos
	}
	w.junk += int64(i)
	_, err = s.skip(int64(i))
	return false, err
}

// trailingTag is the length of an ID3v1 or APEv2 tag at the start of b, or 0.
func trailingTag(b []byte) int {
	switch {
	case hasAt(b, 0, "TAG") && len(b) >= 128:
		return 128
	case hasAt(b, 0, "APETAGEX") && len(b) >= 32:
		n := int(binary.LittleEndian.Uint32(b[12:16]))
		if binary.LittleEndian.Uint32(b[20:24])&(1<<31) != 0 {
			n += 32 // a header precedes the items; the footer follows them
		}
		return n
	case hasAt(b, 0, "LYRICSBEGIN"):
		if i := indexOf(b, "LYRICS200"); i > 0 {
			return i + 9
		}
	}
	return 0
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

// xingFrames is the frame count a Xing, Info or VBRI header in the first
// frame declares, or 0.
func (s *scanner) xingFrames(f mp3Frame) int64 {
	b, err := s.peek(f.length)
	if err != nil || len(b) < f.length {
		return 0
	}
	side := 32
	switch {
	case f.version == 1 && f.channels == 1, f.version != 1 && f.channels == 2:
		side = 17
	case f.version != 1:
		side = 9
	}
	if x := 4 + side; len(b) >= x+12 && (hasAt(b, x, "Xing") || hasAt(b, x, "Info")) && b[x+7]&1 != 0 {
		return int64(binary.BigEndian.Uint32(b[x+8 : x+12]))
	}
	if len(b) >= 36+18 && hasAt(b, 36, "VBRI") {
		return int64(binary.BigEndian.Uint32(b[36+14 : 36+18]))
	}
	return 0
}

func (s *scanner) mp3Finish(w *mp3Walk) {
	f := w.first
	in := &s.res.Info
	in.Format, in.SampleRate, in.Channels = MP3, f.rate, f.channels
	in.Codec = fmt.Sprintf("mp%d", max(f.layer, 1))
	in.HasAudio = w.frames > 0
	in.Seconds = seconds(w.frames*int64(f.samples), f.rate)
	if w.junk > 0 {
		s.problem(Corrupt, w.junkAt, "%d bytes that are not MPEG audio frames, from byte %d: parts of the file are damaged or another file was mixed in", w.junk, w.junkAt)
	}
	if w.declared > w.frames && !s.has(Truncated) {
		s.problem(Truncated, s.pos, "the encoder's header says %d frames (%s) but the file holds %d (%s): it was cut off",
			w.declared, fmtSeconds(seconds(w.declared*int64(f.samples), f.rate)), w.frames, fmtSeconds(in.Seconds))
	}
	if s.opt.Samples && in.HasAudio {
		s.decodeMP3()
	}
}

// captureMax bounds the bytes kept for decoding a compressed window.
const captureMax = 8 << 20
