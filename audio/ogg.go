package audio

import (
	"bytes"
	"encoding/binary"
)

// Ogg: pages, each "OggS", flags, a granule position (the stream's sample
// count at the page's end), a stream serial, a page sequence number, a
// CRC-32 of the page, and a segment table giving the body's length. The
// walk checks every page's CRC and sequence, and reads the codec (Vorbis,
// Opus, FLAC, Speex) from the first packet of each stream. The duration
// is the last granule position; a stream whose last page is not marked
// end-of-stream was cut off.

type oggStream struct {
	codec    string
	rate     int // granule positions count at this rate
	inRate   int // Opus: the rate of the audio that was encoded
	channels int
	bits     int
	preSkip  int64
	nextSeq  uint32
	granule  int64
	eos      bool
	order    int
}

type oggWalk struct {
	streams map[uint32]*oggStream
	first   *oggStream // the first stream whose codec is audio
	badCRC  int64
	badAt   int64
	gaps    int64
	gapAt   int64
	junk    int64
	junkAt  int64
	orphan  int64
}

func (s *scanner) ogg() error {
	w := &oggWalk{streams: map[uint32]*oggStream{}, badAt: -1, gapAt: -1, junkAt: -1}
	for {
		done, err := s.oggPage(w)
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	s.oggFinish(w)
	return nil
}

// oggPage reads one page (or steps over junk to the next); done at the end.
func (s *scanner) oggPage(w *oggWalk) (bool, error) {
	off := s.pos
	b, err := s.peek(27)
	if err != nil || len(b) == 0 {
		return true, err
	}
	if !hasAt(b, 0, "OggS") {
		return false, s.oggJunk(w)
	}
	if len(b) < 27 {
		s.problem(Truncated, off, "the last page header, at byte %d, is cut off", off)
		_, err := s.drain()
		return true, err
	}
	nseg := int(b[26])
	b, err = s.peek(27 + nseg)
	if err != nil {
		return true, err
	}
	size := 27 + nseg
	for _, l := range b[27:min(len(b), 27+nseg)] {
		size += int(l)
	}
	page, err := s.peek(size)
	if err != nil {
		return true, err
	}
	if len(page) < size {
		s.problem(Truncated, off, "the last page, at byte %d, is cut off: %d of its %d bytes are there", off, len(page), size)
		_, err := s.drain()
		return true, err
	}
	w.page(page, off)
	_, err = s.skip(int64(size))
	return false, err
}

// oggJunk steps over bytes that are not a page to the next "OggS".
func (s *scanner) oggJunk(w *oggWalk) error {
	b, err := s.peek(bufSize)
	if err != nil {
		return err
	}
	n := bytes.Index(b[1:], []byte("OggS")) + 1
	if n == 0 {
		n = max(1, len(b)-3)
		if len(b) < bufSize {
			n = len(b)
		}
	}
	if w.junkAt < 0 {
		w.junkAt = s.pos
	}
	w.junk += int64(n)
	_, err = s.skip(int64(n))
	return err
}

// page checks one whole page.
func (w *oggWalk) page(p []byte, off int64) {
	if oggCRC(p) != binary.LittleEndian.Uint32(p[22:26]) {
		w.badCRC++
		if w.badAt < 0 {
			w.badAt = off
		}
	}
	flags := p[5]
	granule := int64(binary.LittleEndian.Uint64(p[6:14]))
	serial, seq := binary.LittleEndian.Uint32(p[14:18]), binary.LittleEndian.Uint32(p[18:22])
	st := w.streams[serial]
	if flags&2 != 0 && st == nil {
		st = &oggStream{order: len(w.streams)}
		st.identify(p[27+int(p[26]):])
		w.streams[serial] = st
		if w.first == nil && st.codec != "" {
			w.first = st
		}
	}
	if st == nil {
		w.orphan++
		return
	}
	if seq != st.nextSeq && flags&2 == 0 {
		w.gaps++
		if w.gapAt < 0 {
			w.gapAt = off
		}
	}
	st.nextSeq = seq + 1
	if granule != -1 {
		st.granule = granule
	}
	if flags&4 != 0 {
		st.eos = true
	}
}

// identify reads the codec from a stream's first packet.
func (st *oggStream) identify(b []byte) {
	switch {
	case hasAt(b, 0, "\x01vorbis") && len(b) >= 16:
		st.codec, st.channels, st.rate = "vorbis", int(b[11]), int(binary.LittleEndian.Uint32(b[12:16]))
	case hasAt(b, 0, "OpusHead") && len(b) >= 12:
		st.codec, st.channels, st.rate = "opus", int(b[9]), 48000
		st.preSkip = int64(binary.LittleEndian.Uint16(b[10:12]))
		if len(b) >= 16 {
			st.inRate = int(binary.LittleEndian.Uint32(b[12:16]))
		}
	case hasAt(b, 0, "\x7fFLAC") && len(b) >= 13+4+34:
		fi := parseStreamInfo(b[17:])
		st.codec, st.channels, st.rate, st.bits = "flac", fi.channels, fi.rate, fi.bits
	case hasAt(b, 0, "Speex   ") && len(b) >= 52:
		st.codec = "speex"
		st.rate = int(binary.LittleEndian.Uint32(b[36:40]))
		st.channels = int(binary.LittleEndian.Uint32(b[48:52]))
	}
}

func (s *scanner) oggFinish(w *oggWalk) {
	in := &s.res.Info
	in.Format = Ogg
	st := w.first
	if st == nil {
		if len(w.streams) > 0 || w.orphan > 0 {
			s.problem(Corrupt, 0, "no stream of the file is audio preflight knows (Vorbis, Opus, FLAC, Speex)")
		}
		s.oggCorrupt(w)
		return
	}
	if st.codec == "opus" {
		in.Format = Opus
	}
	in.Codec, in.Channels, in.SampleRate, in.Bits = st.codec, st.channels, st.rate, st.bits
	if st.inRate > 0 {
		// Opus always decodes at 48 kHz; what a speech model gets is the
		// audio that was encoded.
		in.SampleRate = st.inRate
	}
	samples := st.granule - st.preSkip
	in.HasAudio = samples > 0
	in.Seconds = seconds(max(samples, 0), st.rate)
	if !st.eos && !s.has(Truncated) {
		s.problem(Truncated, s.pos, "the %s stream ends without its end-of-stream page, after %s: the file was cut off", st.codec, fmtSeconds(in.Seconds))
	}
	s.oggCorrupt(w)
}

func (s *scanner) oggCorrupt(w *oggWalk) {
	switch {
	case w.badCRC > 0:
		s.problem(Corrupt, w.badAt, "%d %s CRC-32, the first at byte %d: the data there is damaged", w.badCRC, plural(w.badCRC, "page fails its", "pages fail their"), w.badAt)
	case w.gaps > 0:
		s.problem(Corrupt, w.gapAt, "page sequence numbers jump %d %s, the first at byte %d: pages are missing", w.gaps, plural(w.gaps, "time", "times"), w.gapAt)
	case w.junk > 0:
		s.problem(Corrupt, w.junkAt, "%d bytes that are not Ogg pages, from byte %d", w.junk, w.junkAt)
	case w.orphan > 0:
		s.problem(Corrupt, 0, "%d %s belong to no stream that began in the file: its start is missing", w.orphan, plural(w.orphan, "page", "pages"))
	}
}

var oggTable = func() (t [256]uint32) {
	for i := range 256 {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// oggCRC is the page's CRC-32 with its own CRC field taken as zero.
func oggCRC(p []byte) uint32 {
	c := oggUpdate(0, p[:22])
	c = oggUpdate(c, []byte{0, 0, 0, 0})
	return oggUpdate(c, p[26:])
}

func oggUpdate(c uint32, p []byte) uint32 {
	for _, b := range p {
		c = c<<8 ^ oggTable[byte(c>>24)^b]
	}
	return c
}
