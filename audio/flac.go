package audio

import (
	"encoding/binary"
	"fmt"
)

// FLAC: "fLaC", metadata blocks with STREAMINFO first (sample rate,
// channels, bits, total samples), then frames. A frame has no length
// field: it starts with a sync code and a header closed by a CRC-8 that
// carries the frame's number (or first sample's number), and ends with a
// CRC-16 of the whole frame. So the walk finds each next header by its
// sync, CRC-8 and number, and proves the frame before it whole by its
// CRC-16 — without decoding a sample. A last frame whose CRC-16 fails was
// cut off; frames summing to fewer samples than STREAMINFO says mean the
// end is missing.

type flacInfo struct {
	rate, channels, bits int
	total                int64
}

type flacHeader struct {
	variable bool // numbered by sample, not by frame
	number   int64
	block    int
}

// flacWalk is the state of the walk over the frames.
type flacWalk struct {
	started  bool
	variable bool
	cur      flacHeader
	crc      uint16
	frames   int64
	samples  int64
	junk     int64
	badCRC   int64
	badAt    int64
	missing  int64
	frameOff int64
}

func (s *scanner) flac() error {
	if s.opt.Samples {
		s.capCap = captureMax
	}
	if _, err := s.skip(4); err != nil {
		return err
	}
	fi, ok, err := s.flacMetadata()
	if err != nil || !ok {
		return err
	}
	w := &flacWalk{badAt: -1}
	if err := s.flacFrames(w); err != nil {
		return err
	}
	s.flacFinish(fi, w)
	return nil
}

// flacMetadata reads the metadata blocks; ok is false when the frames
// cannot be found after them.
func (s *scanner) flacMetadata() (fi flacInfo, ok bool, err error) {
	for first := true; ; first = false {
		off := s.pos
		h, err := s.read(4)
		if err != nil {
			return fi, false, err
		}
		if len(h) < 4 {
			s.problem(Truncated, off, "the file ends inside the metadata, at byte %d, before any audio frame", off)
			return fi, false, nil
		}
		last, typ, size := h[0]&0x80 != 0, h[0]&0x7f, int64(h[1])<<16|int64(h[2])<<8|int64(h[3])
		if first && (typ != 0 || size != 34) {
			s.problem(Corrupt, off, "the first metadata block is not a STREAMINFO: nothing says the sample rate, channels or length")
			return fi, false, nil
		}
		if typ == 0 && size == 34 {
			b, err := s.read(34)
			if err != nil || len(b) < 34 {
				s.problem(Truncated, off, "the file ends inside STREAMINFO")
				return fi, false, err
			}
			fi = parseStreamInfo(b)
		} else if got, err := s.skip(size); err != nil || got < size {
			s.problem(Truncated, off, "the metadata block at byte %d says %d bytes but the file ends after %d", off, size, got)
			return fi, false, err
		}
		if last {
			return fi, true, nil
		}
	}
}

func parseStreamInfo(b []byte) flacInfo {
	return flacInfo{
		rate:     int(b[10])<<12 | int(b[11])<<4 | int(b[12])>>4,
		channels: int(b[12]>>1&7) + 1,
		bits:     (int(b[12]&1)<<4 | int(b[13])>>4) + 1,
		total:    int64(b[13]&0xf)<<32 | int64(binary.BigEndian.Uint32(b[14:18])),
	}
}

// flacFrames walks the frames to the end of the stream.
func (s *scanner) flacFrames(w *flacWalk) error {
	for {
		b, err := s.peek(bufSize)
		if err != nil {
			return err
		}
		if len(b) == 0 {
			return nil
		}
		limit := len(b)
		if len(b) == bufSize {
			limit -= 16 // a header is at most 16 bytes: keep it whole in view
		}
		i := s.flacBytes(w, b, limit)
		s.keep(b[:i])
		d, _ := s.br.Discard(i)
		s.pos += int64(d)
	}
}

// flacBytes scans b[:limit] for frame boundaries, running the CRC-16 of
// the frame in progress; it returns how many bytes it consumed.
func (s *scanner) flacBytes(w *flacWalk, b []byte, limit int) int {
	crc := w.crc
	for i := 0; i < limit; i++ {
		if b[i] == 0xFF && i+1 < len(b) && b[i+1]&0xFE == 0xF8 {
			if h, ok := parseFLACHeader(b[i:]); ok && w.accepts(h) {
				w.crc = crc
				s.flacBoundary(w, h, s.pos+int64(i))
				crc = 0
			}
		}
		if !w.started {
			w.junk++
			continue
		}
		crc = crc<<8 ^ crc16Table[byte(crc>>8)^b[i]]
	}
	w.crc = crc
	return limit
}

// accepts says whether h can be the next frame's header: the same
// numbering, and the number that follows (or a later one, when frames
// are missing).
func (w *flacWalk) accepts(h flacHeader) bool {
	if !w.started {
		return h.number == 0
	}
	return h.variable == w.variable && h.number >= w.next()
}

// next is the number the frame after the current one should carry.
func (w *flacWalk) next() int64 {
	if w.variable {
		return w.cur.number + int64(w.cur.block)
	}
	return w.cur.number + 1
}

// flacBoundary closes the frame in progress (its CRC-16 over the whole
// frame must come out 0) and opens the one at off.
func (s *scanner) flacBoundary(w *flacWalk, h flacHeader, off int64) {
	if w.started {
		w.close()
		if h.number > w.next() {
			w.missing++
		}
	}
	w.started, w.variable, w.cur, w.frameOff = true, h.variable, h, off
}

func (w *flacWalk) close() {
	if w.crc != 0 {
		w.badCRC++
		if w.badAt < 0 {
			w.badAt = w.frameOff
		}
	}
	w.frames++
	w.samples += int64(w.cur.block)
}

func (s *scanner) flacFinish(fi flacInfo, w *flacWalk) {
	in := &s.res.Info
	in.Format, in.Codec, in.SampleRate, in.Channels, in.Bits = FLAC, "flac", fi.rate, fi.channels, fi.bits
	if w.started {
		if w.crc != 0 {
			s.problem(Truncated, w.frameOff, "the last frame, at byte %d, is cut off (its CRC-16 does not match)", w.frameOff)
		} else {
			w.close()
		}
	}
	in.HasAudio = w.samples > 0
	in.Seconds = seconds(w.samples, fi.rate)
	if fi.total > w.samples && !s.has(Truncated) {
		s.problem(Truncated, s.pos, "STREAMINFO says %d samples (%s) but the frames hold %d (%s): the end is missing",
			fi.total, fmtSeconds(seconds(fi.total, fi.rate)), w.samples, fmtSeconds(in.Seconds))
	}
	s.flacCorrupt(fi, w)
	if s.opt.Samples && in.HasAudio {
		s.decodeFLAC()
	}
}

func (s *scanner) flacCorrupt(fi flacInfo, w *flacWalk) {
	switch {
	case w.junk > 0 && w.started:
		s.problem(Corrupt, s.pos, "%d bytes between the metadata and the first frame are not FLAC", w.junk)
	case w.junk > 0:
		s.problem(Corrupt, s.pos-w.junk, "no FLAC frame follows the metadata: the %d bytes after it are not FLAC audio", w.junk)
	case w.badCRC > 0:
		s.problem(Corrupt, w.badAt, "%d %s CRC-16, the first at byte %d: the audio there is damaged", w.badCRC, plural(w.badCRC, "frame fails its", "frames fail their"), w.badAt)
	case w.missing > 0:
		s.problem(Corrupt, s.pos, "frame numbers skip ahead %d %s: frames are missing from the middle of the file", w.missing, plural(w.missing, "time", "times"))
	case fi.total > 0 && w.samples > fi.total:
		s.problem(Corrupt, 8, "STREAMINFO says %d samples but the frames hold %d", fi.total, w.samples)
	}
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseFLACHeader decodes a frame header and checks its CRC-8.
func parseFLACHeader(b []byte) (h flacHeader, ok bool) {
	if len(b) < 6 || b[0] != 0xFF || b[1]&0xFE != 0xF8 {
		return h, false
	}
	h.variable = b[1]&1 != 0
	bs, rate, ch, ss := int(b[2]>>4), int(b[2]&0xf), int(b[3]>>4), int(b[3]>>1&7)
	if bs == 0 || rate == 15 || ch > 10 || ss == 3 || b[3]&1 != 0 {
		return h, false
	}
	num, n := utf8Number(b[4:])
	if n == 0 {
		return h, false
	}
	h.number, n = num, 4+n
	if h.block, n = flacBlockSize(b, bs, n); h.block == 0 {
		return h, false
	}
	switch rate {
	case 12:
		n++
	case 13, 14:
		n += 2
	}
	if len(b) <= n || crc8(b[:n]) != b[n] {
		return h, false
	}
	return h, true
}

// flacBlockSize is a header's block size from its code, read from b[n:]
// for codes 6 and 7; n moves past what was read. 0 when b is short.
func flacBlockSize(b []byte, code, n int) (int, int) {
	switch {
	case code == 1:
		return 192, n
	case code <= 5:
		return 576 << (code - 2), n
	case code == 6 && len(b) > n:
		return int(b[n]) + 1, n + 1
	case code == 7 && len(b) > n+1:
		return int(binary.BigEndian.Uint16(b[n:])) + 1, n + 2
	case code >= 8:
		return 256 << (code - 8), n
	}
	return 0, n
}

// utf8Number decodes FLAC's UTF-8-style coded number; n is 0 when b does
// not hold one.
func utf8Number(b []byte) (v int64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	switch {
	case c < 0x80:
		return int64(c), 1
	case c&0xE0 == 0xC0:
		v, n = int64(c&0x1F), 2
	case c&0xF0 == 0xE0:
		v, n = int64(c&0x0F), 3
	case c&0xF8 == 0xF0:
		v, n = int64(c&0x07), 4
	case c&0xFC == 0xF8:
		v, n = int64(c&0x03), 5
	case c&0xFE == 0xFC:
		v, n = int64(c&0x01), 6
	case c == 0xFE:
		v, n = 0, 7
	default:
		return 0, 0
	}
	if len(b) < n {
		return 0, 0
	}
	for _, d := range b[1:n] {
		if d&0xC0 != 0x80 {
			return 0, 0
		}
		v = v<<6 | int64(d&0x3F)
	}
	return v, n
}

var crc8Table, crc16Table = crcTables()

func crcTables() (t8 [256]byte, t16 [256]uint16) {
	for i := range 256 {
		c8 := byte(i)
		c16 := uint16(i) << 8
		for range 8 {
			if c8&0x80 != 0 {
				c8 = c8<<1 ^ 0x07
			} else {
				c8 <<= 1
			}
			if c16&0x8000 != 0 {
				c16 = c16<<1 ^ 0x8005
			} else {
				c16 <<= 1
			}
		}
		t8[i], t16[i] = c8, c16
	}
	return t8, t16
}

func crc8(b []byte) byte {
	var c byte
	for _, x := range b {
		c = crc8Table[c^x]
	}
	return c
}

// String shows a header for test failures.
func (h flacHeader) String() string {
	return fmt.Sprintf("frame{number %d, block %d, variable %v}", h.number, h.block, h.variable)
}
