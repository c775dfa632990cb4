package audio

import (
	"encoding/binary"
	"fmt"
)

// WAV: a RIFF (or RF64) header whose size covers the file, then chunks —
// "fmt " (the coding), "data" (the samples) and others (LIST, fact) —
// each an id, a 32-bit little-endian size and the body, padded to even.
// The sizes are written when a recording is finished: an export cut off
// leaves a data chunk longer than the file, and a recorder that died
// leaves sizes of 0 over the data it did write.

// wavFmt is the "fmt " chunk.
type wavFmt struct {
	tag              uint16
	channels         int
	rate, byteRate   int
	blockAlign, bits int
	seen             bool
}

// wavState is what the walk over the chunks has found.
type wavState struct {
	f        wavFmt
	riffSize int64 // -1: not declared (RF64 without ds64, or 0xFFFFFFFF)
	dataOff  int64 // -1: no data chunk
	declared int64 // the data chunk's size as written
	present  int64 // data bytes the file holds
	unset    bool  // the data size was never written (0 or 0xFFFFFFFF)
	// ds64Data is RF64's real data size; fact, the sample count of a
	// compressed coding.
	ds64Data, fact int64
}

func (s *scanner) wav() error {
	h, err := s.read(12)
	if err != nil {
		return err
	}
	if len(h) < 12 {
		s.problem(Truncated, 0, "the file ends inside its RIFF header, after %d bytes", len(h))
		return nil
	}
	st := &wavState{riffSize: int64(binary.LittleEndian.Uint32(h[4:8])), dataOff: -1}
	if string(h[:4]) != "RIFF" || st.riffSize == 0 || st.riffSize == 0xFFFFFFFF {
		st.riffSize = -1 // RF64/BW64 (the real size is in ds64), or never written
	}
	for {
		done, err := s.wavChunk(st)
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	s.wavFinish(st)
	return nil
}

// wavChunk reads one chunk; done at the end of the stream or of what can
// be read.
func (s *scanner) wavChunk(st *wavState) (done bool, err error) {
	off := s.pos
	h, err := s.read(8)
	if err != nil || len(h) == 0 {
		return true, err
	}
	if len(h) < 8 {
		s.problem(Truncated, off, "the file ends inside a chunk header at byte %d", off)
		return true, nil
	}
	id, size := string(h[:4]), int64(binary.LittleEndian.Uint32(h[4:8]))
	switch id {
	case "fmt ", "ds64", "fact":
		return s.wavSmallChunk(st, id, size, off)
	case "data":
		return s.wavData(st, size, off)
	}
	if !validChunkID(id) {
		s.problem(Corrupt, off, "bytes at offset %d are not a chunk header (%q): the chunks after it cannot be read", off, id)
		return true, nil
	}
	return s.wavSkip(id, size+size&1, off)
}

func validChunkID(id string) bool {
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// wavSkip passes over a chunk body; a body longer than the file is a cut.
func (s *scanner) wavSkip(id string, size, off int64) (bool, error) {
	got, err := s.skip(size)
	if err != nil {
		return true, err
	}
	if got < size {
		s.problem(Truncated, off, "the %q chunk at byte %d says %d bytes but the file ends after %d", id, off, size, got)
		return true, nil
	}
	return false, nil
}

// wavSmallChunk reads fmt, ds64 or fact, whose bodies are a few bytes.
func (s *scanner) wavSmallChunk(st *wavState, id string, size, off int64) (bool, error) {
	body, err := s.read(int(min(size, 64)))
	if err != nil {
		return true, err
	}
	if int64(len(body)) < min(size, 64) {
		s.problem(Truncated, off, "the %q chunk at byte %d is cut off", id, off)
		return true, nil
	}
	switch id {
	case "fmt ":
		if len(body) < 16 {
			s.problem(Corrupt, off, "the fmt chunk is %d bytes, too short to describe the audio", len(body))
			return true, nil
		}
		st.f = parseWavFmt(body)
	case "ds64":
		if len(body) >= 16 {
			st.riffSize = int64(binary.LittleEndian.Uint64(body[0:8]))
			st.ds64Data = int64(binary.LittleEndian.Uint64(body[8:16]))
		}
	case "fact":
		if len(body) >= 4 {
			st.fact = int64(binary.LittleEndian.Uint32(body[0:4]))
		}
	}
	if size > 64 {
		return s.wavSkip(id, size-64+size&1, off)
	}
	return s.wavSkip(id, size&1, off)
}

func parseWavFmt(b []byte) wavFmt {
	f := wavFmt{
		tag:        binary.LittleEndian.Uint16(b[0:2]),
		channels:   int(binary.LittleEndian.Uint16(b[2:4])),
		rate:       int(binary.LittleEndian.Uint32(b[4:8])),
		byteRate:   int(binary.LittleEndian.Uint32(b[8:12])),
		blockAlign: int(binary.LittleEndian.Uint16(b[12:14])),
		bits:       int(binary.LittleEndian.Uint16(b[14:16])),
		seen:       true,
	}
	// WAVE_FORMAT_EXTENSIBLE names the real coding in its sub-format GUID,
	// whose first two bytes are the classic tag.
	if f.tag == 0xFFFE && len(b) >= 26 {
		f.tag = binary.LittleEndian.Uint16(b[24:26])
	}
	return f
}

// wavData reads the data chunk: its samples through the level meter when
// asked to, the rest passed over. A size of 0 (or 0xFFFFFFFF without
// RF64's ds64) is a header a recorder never finished: the data then runs
// to the end of the file.
func (s *scanner) wavData(st *wavState, size, off int64) (bool, error) {
	if !st.f.seen {
		s.problem(Corrupt, off, "the data chunk comes before any fmt chunk: nothing says how to play it")
	}
	if size == 0xFFFFFFFF && st.ds64Data > 0 {
		size = st.ds64Data
	}
	st.dataOff, st.declared = off+8, size
	st.unset = size == 0 || size == 0xFFFFFFFF
	want := size
	if st.unset {
		want = 1 << 62
	}
	var dec func([]byte, *levelMeter)
	if s.opt.Samples && st.f.seen {
		s.levels = newLevelMeter(st.f.channels, int64(s.opt.Window*float64(st.f.rate)))
		dec = pcmDecoder(st.f)
	}
	got, err := s.wavSamples(want, dec)
	st.present = got
	if err != nil || got < want {
		return true, err
	}
	// A missing pad byte after odd-sized data at the very end is common
	// and harmless.
	_, err = s.skip(size & 1)
	return false, err
}

// wavSamples feeds the first window of the data chunk to the level
// meter, then skips the rest.
func (s *scanner) wavSamples(size int64, dec func([]byte, *levelMeter)) (int64, error) {
	var done int64
	for done < size && dec != nil && !s.levels.full() {
		b, err := s.peek(int(min(size-done, bufSize)))
		if err != nil {
			return done, err
		}
		if len(b) == 0 {
			return done, nil
		}
		dec(b, s.levels)
		d, _ := s.br.Discard(len(b))
		done += int64(d)
		s.pos += int64(d)
	}
	got, err := s.skip(size - done)
	return done + got, err
}

// wavFinish holds the sizes against the file and fills in Info.
func (s *scanner) wavFinish(st *wavState) {
	f := st.f
	in := &s.res.Info
	in.Format, in.Codec, in.SampleRate, in.Channels, in.Bits = WAV, wavCodec(f.tag, f.bits), f.rate, f.channels, f.bits
	if f.tag != 1 && f.tag != 3 {
		in.Bits = 0
	}
	switch {
	case !f.seen:
		s.problem(Corrupt, 12, "no fmt chunk: nothing says how the audio is coded")
	case f.channels == 0 || f.rate == 0 || f.blockAlign == 0:
		s.problem(Corrupt, 12, "the fmt chunk says %d channels at %d Hz with %d-byte blocks: not a playable coding", f.channels, f.rate, f.blockAlign)
	}
	if st.dataOff < 0 {
		return // header only: no data chunk
	}
	in.HasAudio = st.present > 0
	in.Seconds = st.seconds(st.present)
	s.wavSizes(st)
}

// wavSizes compares the declared sizes with the bytes there are.
func (s *scanner) wavSizes(st *wavState) {
	end := s.pos
	switch {
	case st.unset && st.present > 0:
		s.problem(Truncated, st.dataOff-8, "the data chunk's size was never written (it says %d) over %d bytes of audio: the recording or export was interrupted before the header was finished", st.declared, st.present)
	case st.unset:
	case st.present < st.declared:
		s.problem(Truncated, end, "the data chunk says %d bytes (%s) but the file ends after %d (%s): it was cut off",
			st.declared, fmtSeconds(st.seconds(st.declared)), st.present, fmtSeconds(st.seconds(st.present)))
	case st.riffSize >= 0 && st.riffSize+8 > end && !s.has(Truncated):
		s.problem(Truncated, end, "the RIFF header says the file is %d bytes but it is %d: it was cut off", st.riffSize+8, end)
	case st.riffSize >= 0 && st.riffSize+8 < end && !s.has(Corrupt):
		s.problem(Corrupt, st.riffSize+8, "%d bytes follow the end of the RIFF chunk at byte %d: another recording or other data was appended", end-st.riffSize-8, st.riffSize+8)
	}
	if a := int64(st.f.blockAlign); a > 0 && isPCM(st.f.tag) && !st.unset && st.present == st.declared && st.declared%a != 0 {
		s.problem(Corrupt, st.dataOff, "the data chunk holds %d bytes, not a whole number of %d-byte sample frames", st.declared, a)
	}
}

func isPCM(tag uint16) bool { return tag == 1 || tag == 3 || tag == 6 || tag == 7 }

// seconds is the duration of n bytes of the data chunk: for a compressed
// coding whose data is all there, the fact chunk's sample count.
func (st *wavState) seconds(n int64) float64 {
	f := st.f
	if st.fact > 0 && n == st.declared && !isPCM(f.tag) {
		return seconds(st.fact, f.rate)
	}
	if f.byteRate <= 0 {
		return 0
	}
	return float64(n) / float64(f.byteRate)
}

// wavCodec names a WAVE format tag as ffprobe does.
func wavCodec(tag uint16, bits int) string {
	switch tag {
	case 1:
		if bits == 8 {
			return "pcm_u8"
		}
		return fmt.Sprintf("pcm_s%dle", bits)
	case 3:
		return fmt.Sprintf("pcm_f%dle", bits)
	case 6:
		return "pcm_alaw"
	case 7:
		return "pcm_mulaw"
	case 2:
		return "adpcm_ms"
	case 0x11:
		return "adpcm_ima_wav"
	case 0x31:
		return "gsm_ms"
	case 0x55:
		return "mp3"
	case 0x40, 0x64:
		return "g726"
	}
	return fmt.Sprintf("wav_0x%04x", tag)
}
