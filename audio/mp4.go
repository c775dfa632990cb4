package audio

import (
	"encoding/binary"
)

// MP4/M4A: boxes, each a 32-bit size (1: a 64-bit size follows; 0: to the
// end of the file) and a type. The samples sit in mdat; moov indexes them
// and says the codec, rate, channels and duration. A recorder writes moov
// last, so an interrupted one leaves mdat without moov — unplayable — and
// an export cut off leaves a box longer than the file.

// mp4Boxes are the top-level box types a file may start with.
var mp4Boxes = map[string]bool{"ftyp": true, "moov": true, "mdat": true, "free": true, "wide": true, "skip": true}

func mp4Box(t []byte) bool { return mp4Boxes[string(t)] }

// moovMax bounds the moov box read into memory: the index of a call
// recording is a few hundred kilobytes.
const moovMax = 64 << 20

type mp4Walk struct {
	moov   bool
	mdat   bool
	stsd   string
	rate   int
	chans  int
	bits   int
	secs   float64
	sound  bool
	mvSecs float64
}

func (s *scanner) mp4() error {
	w := &mp4Walk{}
	for {
		done, err := s.mp4Box(w)
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	s.mp4Finish(w)
	return nil
}

// mp4Box reads one top-level box; done at the end.
func (s *scanner) mp4Box(w *mp4Walk) (bool, error) {
	off := s.pos
	h, err := s.peek(16)
	if err != nil || len(h) == 0 {
		return true, err
	}
	size, hdr, typ, ok := boxHeader(h)
	if !ok {
		s.problem(Truncated, off, "the file ends inside a box header at byte %d", off)
		_, err := s.drain()
		return true, err
	}
	if size != 0 && size < int64(hdr) || !validChunkID(typ) {
		s.problem(Corrupt, off, "bytes at offset %d are not a box header (%q, size %d): the boxes after it cannot be read", off, typ, size)
		_, err := s.drain()
		return true, err
	}
	if _, err := s.skip(int64(hdr)); err != nil {
		return true, err
	}
	return s.mp4Body(w, typ, size, hdr, off)
}

// boxHeader reads a box's size (0: to the end), header length and type.
func boxHeader(b []byte) (size int64, hdr int, typ string, ok bool) {
	if len(b) < 8 {
		return 0, 0, "", false
	}
	size, hdr, typ = int64(binary.BigEndian.Uint32(b[0:4])), 8, string(b[4:8])
	if size == 1 {
		if len(b) < 16 {
			return 0, 0, "", false
		}
		size, hdr = int64(binary.BigEndian.Uint64(b[8:16])), 16
	}
	return size, hdr, typ, true
}

func (s *scanner) mp4Body(w *mp4Walk, typ string, size int64, hdr int, off int64) (bool, error) {
	body := size - int64(hdr)
	if size == 0 {
		body = 1 << 62
	}
	switch typ {
	case "mdat":
		w.mdat = true
	case "moov":
		if body <= moovMax {
			buf := make([]byte, body)
			n, err := s.readInto(buf)
			if err != nil {
				return true, err
			}
			w.moov = true
			w.parseMoov(buf[:n])
			if int64(n) < body {
				s.problem(Truncated, off, "the moov box at byte %d says %d bytes but the file ends after %d", off, size, int64(n)+int64(hdr))
				return true, nil
			}
			return false, nil
		}
		w.moov = true
	}
	got, err := s.skip(body)
	if err != nil {
		return true, err
	}
	if size != 0 && got < body {
		s.problem(Truncated, off, "the %q box at byte %d says %d bytes but the file ends after %d: it was cut off", typ, off, size, got+int64(hdr))
		return true, nil
	}
	return size == 0, nil
}

// children calls fn for each box in b.
func children(b []byte, fn func(typ string, body []byte)) {
	for len(b) >= 8 {
		size, hdr, typ, ok := boxHeader(b)
		if !ok || size < int64(hdr) && size != 0 || size > int64(len(b)) {
			return
		}
		if size == 0 {
			size = int64(len(b))
		}
		fn(typ, b[hdr:size])
		b = b[size:]
	}
}

func (w *mp4Walk) parseMoov(b []byte) {
	children(b, func(typ string, body []byte) {
		switch typ {
		case "mvhd":
			if ts, d := mediaHeader(body); ts > 0 {
				w.mvSecs = float64(d) / float64(ts)
			}
		case "trak":
			w.parseTrak(body)
		}
	})
}

// mediaHeader reads the timescale and duration of an mvhd or mdhd box.
func mediaHeader(b []byte) (timescale uint32, duration uint64) {
	if len(b) >= 32 && b[0] == 1 {
		return binary.BigEndian.Uint32(b[20:24]), binary.BigEndian.Uint64(b[24:32])
	}
	if len(b) >= 20 {
		return binary.BigEndian.Uint32(b[12:16]), uint64(binary.BigEndian.Uint32(b[16:20]))
	}
	return 0, 0
}

// parseTrak takes the first sound track's duration and sample entry.
func (w *mp4Walk) parseTrak(b []byte) {
	if w.sound {
		return
	}
	children(b, func(typ string, body []byte) {
		if typ != "mdia" {
			return
		}
		var secs float64
		var sound bool
		children(body, func(typ string, body []byte) {
			switch typ {
			case "mdhd":
				if ts, d := mediaHeader(body); ts > 0 {
					secs = float64(d) / float64(ts)
				}
			case "hdlr":
				sound = len(body) >= 12 && string(body[8:12]) == "soun"
			case "minf":
				w.sampleEntry(body)
			}
		})
		if sound {
			w.sound, w.secs = true, secs
		}
	})
}

// sampleEntry reads the codec, channels and rate from minf/stbl/stsd.
func (w *mp4Walk) sampleEntry(minf []byte) {
	children(minf, func(typ string, stbl []byte) {
		if typ != "stbl" {
			return
		}
		children(stbl, func(typ string, stsd []byte) {
			if typ != "stsd" || len(stsd) < 8+36 || w.stsd != "" {
				return
			}
			e := stsd[8:]
			w.stsd = string(e[4:8])
			w.chans = int(binary.BigEndian.Uint16(e[24:26]))
			w.bits = int(binary.BigEndian.Uint16(e[26:28]))
			w.rate = int(binary.BigEndian.Uint32(e[32:36]) >> 16)
			if size := int(binary.BigEndian.Uint32(e[0:4])); size > 36 && size <= len(e) {
				w.entryBoxes(e[36:size])
			}
		})
	})
}

// entryBoxes reads an AAC sample entry's esds box: ffmpeg and others
// write 2 channels in the entry itself whatever the audio has, and
// AudioSpecificConfig says the real count and rate.
func (w *mp4Walk) entryBoxes(b []byte) {
	children(b, func(typ string, body []byte) {
		if typ != "esds" {
			return
		}
		if rate, chans, ok := esdsConfig(body); ok {
			if rate > 0 {
				w.rate = rate
			}
			if chans > 0 {
				w.chans = chans
			}
		}
	})
}

// esdsConfig reads the rate and channel count of an esds box's
// AudioSpecificConfig (ISO 14496-1 descriptors, 14496-3 config).
func esdsConfig(b []byte) (rate, chans int, ok bool) {
	if len(b) < 4 {
		return 0, 0, false
	}
	es, ok := descriptor(b[4:], 0x03)
	if !ok || len(es) < 3 {
		return 0, 0, false
	}
	flags, es := es[2], es[3:]
	skip := 0
	if flags&0x80 != 0 {
		skip += 2
	}
	if flags&0x40 != 0 && len(es) > skip {
		skip += 1 + int(es[skip])
	}
	if flags&0x20 != 0 {
		skip += 2
	}
	if len(es) < skip {
		return 0, 0, false
	}
	dc, ok := descriptor(es[skip:], 0x04)
	if !ok || len(dc) < 13 {
		return 0, 0, false
	}
	asc, ok := descriptor(dc[13:], 0x05)
	if !ok || len(asc) < 2 {
		return 0, 0, false
	}
	return audioSpecificConfig(asc)
}

// descriptor returns the body of a descriptor with the given tag at the
// start of b.
func descriptor(b []byte, tag byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, false
	}
	n, i := 0, 1
	for ; i < len(b) && i < 5; i++ {
		n = n<<7 | int(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			i++
			break
		}
	}
	return b[i:min(len(b), i+n)], true
}

var aacRates = [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// audioSpecificConfig reads the sampling frequency and channel
// configuration that follow the audio object type.
func audioSpecificConfig(b []byte) (rate, chans int, ok bool) {
	var acc uint64
	for i := 0; i < 8; i++ {
		acc <<= 8
		if i < len(b) {
			acc |= uint64(b[i])
		}
	}
	pos := 0
	bits := func(n int) int {
		v := int(acc >> (64 - pos - n) & (1<<n - 1))
		pos += n
		return v
	}
	if bits(5) == 31 {
		bits(6)
	}
	if fi := bits(4); fi == 15 {
		rate = bits(24)
	} else if fi < len(aacRates) {
		rate = aacRates[fi]
	}
	switch c := bits(4); {
	case c >= 1 && c <= 6:
		chans = c
	case c == 7:
		chans = 8
	}
	return rate, chans, true
}

func (s *scanner) mp4Finish(w *mp4Walk) {
	in := &s.res.Info
	in.Format, in.Codec, in.SampleRate, in.Channels = M4A, mp4Codec(w.stsd), w.rate, w.chans
	if w.stsd == "alac" || w.stsd == "lpcm" {
		in.Bits = w.bits
	}
	in.Seconds = w.secs
	if !w.sound {
		in.Seconds = w.mvSecs
	}
	in.HasAudio = w.sound && w.mdat && in.Seconds > 0
	switch {
	case s.has(Truncated):
	case !w.moov && w.mdat:
		s.problem(Truncated, s.pos, "no moov box: the file holds audio data but not the index that makes it playable, which a recorder writes last (the recording or export was interrupted)")
	case !w.moov:
		s.problem(Corrupt, 0, "no moov box: nothing says what the file holds")
	case !w.sound:
		s.problem(Corrupt, 0, "the moov box has no sound track")
	}
}

func mp4Codec(entry string) string {
	switch entry {
	case "mp4a":
		return "aac"
	case "alac":
		return "alac"
	case "Opus":
		return "opus"
	case "fLaC":
		return "flac"
	case "samr":
		return "amr_nb"
	case "sawb":
		return "amr_wb"
	case "ac-3":
		return "ac3"
	case "":
		return ""
	}
	return entry
}
