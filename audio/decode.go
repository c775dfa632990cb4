package audio

import (
	"bytes"
	"encoding/binary"

	"github.com/hajimehoshi/go-mp3"
	"github.com/mewkiz/flac"
)

// Decoding a window of a compressed recording takes a real decoder, which
// a few dozen lines cannot be: MP3 through hajimehoshi/go-mp3, FLAC
// through mewkiz/flac (both pure Go). Each decodes the stream's first
// bytes, kept while the scan read them (at most captureMax), so the file
// is still read once. A decoder's error ends the window early: what was
// decoded so far is measured, and the container walk has already said
// what is wrong with the file.

// recoverDecoder ends a window whose decoder panicked on damaged data:
// the levels measured so far stand, and the run goes on.
func recoverDecoder() { _ = recover() }

// decodeMP3 measures the levels of the captured start of an MP3.
func (s *scanner) decodeMP3() {
	defer recoverDecoder()
	d, err := mp3.NewDecoder(bytes.NewReader(s.capture))
	if err != nil {
		return
	}
	// go-mp3 always gives 16-bit stereo, mono copied to both channels.
	m := newLevelMeter(2, int64(s.opt.Window*float64(d.SampleRate())))
	m.rate = d.SampleRate()
	s.levels = m
	buf := make([]byte, 16<<10)
	for !m.full() {
		n, err := d.Read(buf)
		for i := 0; i+1 < n; i += 2 {
			m.add(float64(int16(binary.LittleEndian.Uint16(buf[i:]))) / 32767)
		}
		if err != nil || n == 0 {
			break
		}
	}
}

// decodeFLAC measures the levels of the captured start of a FLAC file.
func (s *scanner) decodeFLAC() {
	defer recoverDecoder()
	st, err := flac.New(bytes.NewReader(s.capture))
	if err != nil || st.Info == nil || st.Info.BitsPerSample == 0 {
		return
	}
	full := float64(int64(1)<<(st.Info.BitsPerSample-1)) - 1
	m := newLevelMeter(int(st.Info.NChannels), int64(s.opt.Window*float64(st.Info.SampleRate)))
	m.rate = int(st.Info.SampleRate)
	s.levels = m
	for !m.full() {
		f, err := st.ParseNext()
		if err != nil {
			break
		}
		for i := 0; i < int(f.BlockSize); i++ {
			for _, sub := range f.Subframes {
				if i < len(sub.Samples) {
					m.add(float64(sub.Samples[i]) / full)
				}
			}
		}
	}
}
