package audio

import (
	"encoding/binary"
	"math"
)

// Levels is what a decoded window of a recording showed.
type Levels struct {
	// Seconds of audio decoded (the window, or less in a shorter file).
	Seconds float64 `json:"seconds"`
	// Peak is the largest sample magnitude, 1 being full scale.
	Peak float64 `json:"peak"`
	// Clipped is the share of samples cut flat at full scale: at 0.99 of
	// it or more, and equal to the sample before (a loud sine's peaks are
	// not flat; a clipped waveform's are).
	Clipped float64 `json:"clipped"`
}

// ClipLevel is the magnitude, relative to full scale, from which a flat
// run of samples counts as clipped.
const ClipLevel = 0.99

// PeakDBFS is the peak in decibels relative to full scale; -120 for
// digital silence.
func (l Levels) PeakDBFS() float64 {
	if l.Peak <= 1e-6 {
		return -120
	}
	return 20 * math.Log10(l.Peak)
}

// levelMeter measures samples (all channels interleaved) up to a limit.
type levelMeter struct {
	channels int
	prev     []float64 // each channel's last sample
	limit    int64
	n        int64
	peak     float64
	clipped  int64
	carry    []byte
	rate     int
}

func newLevelMeter(channels int, frames int64) *levelMeter {
	channels = max(channels, 1)
	return &levelMeter{channels: channels, limit: frames * int64(channels), prev: make([]float64, channels)}
}

func (m *levelMeter) full() bool { return m.n >= m.limit }

func (m *levelMeter) add(x float64) {
	if m.n >= m.limit {
		return
	}
	ch := int(m.n % int64(m.channels))
	if a := math.Abs(x); a >= ClipLevel && x == m.prev[ch] {
		m.clipped++
	}
	m.peak = max(m.peak, math.Abs(x))
	m.prev[ch] = x
	m.n++
}

func (m *levelMeter) result() Levels {
	l := Levels{Peak: math.Min(m.peak, 1)}
	if m.n > 0 {
		l.Clipped = float64(m.clipped) / float64(m.n)
	}
	if m.rate > 0 {
		l.Seconds = float64(m.n/int64(m.channels)) / float64(m.rate)
	}
	return l
}

// feed decodes whole samples of size bytes each from b, keeping a sample
// split across two reads for the next call.
func (m *levelMeter) feed(b []byte, size int, conv func([]byte) float64) {
	if len(m.carry) > 0 {
		need := size - len(m.carry)
		if len(b) < need {
			m.carry = append(m.carry, b...)
			return
		}
		m.carry = append(m.carry, b[:need]...)
		m.add(conv(m.carry))
		m.carry, b = m.carry[:0], b[need:]
	}
	for len(b) >= size && !m.full() {
		m.add(conv(b[:size]))
		b = b[size:]
	}
	if !m.full() {
		m.carry = append(m.carry, b...)
	}
}

// pcmDecoder is the sample decoder of a WAV coding, or nil for codings
// preflight does not decode (ADPCM, GSM...).
func pcmDecoder(f wavFmt) func([]byte, *levelMeter) {
	var size int
	var conv func([]byte) float64
	switch {
	case f.tag == 1 && f.bits == 8:
		size, conv = 1, func(b []byte) float64 { return (float64(b[0]) - 128) / 127 }
	case f.tag == 1 && f.bits == 16:
		size, conv = 2, func(b []byte) float64 { return float64(int16(binary.LittleEndian.Uint16(b))) / 32767 }
	case f.tag == 1 && f.bits == 24:
		size, conv = 3, func(b []byte) float64 {
			return float64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24)>>8) / 8388607
		}
	case f.tag == 1 && f.bits == 32:
		size, conv = 4, func(b []byte) float64 { return float64(int32(binary.LittleEndian.Uint32(b))) / 2147483647 }
	case f.tag == 3 && f.bits == 32:
		size, conv = 4, func(b []byte) float64 { return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))) }
	case f.tag == 3 && f.bits == 64:
		size, conv = 8, func(b []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b)) }
	case f.tag == 7:
		size, conv = 1, func(b []byte) float64 { return float64(mulaw[b[0]]) / 32124 }
	case f.tag == 6:
		size, conv = 1, func(b []byte) float64 { return float64(alaw[b[0]]) / 32256 }
	default:
		return nil
	}
	rate := f.rate
	return func(b []byte, m *levelMeter) {
		m.rate = rate
		m.feed(b, size, conv)
	}
}

// mulaw and alaw are the G.711 expansions to 16-bit linear.
var mulaw, alaw = g711Tables()

func g711Tables() (mu, a [256]int16) {
	for i := range 256 {
		u := ^byte(i)
		t := (int(u&0x0f)<<3 + 0x84) << ((u & 0x70) >> 4)
		if u&0x80 != 0 {
			mu[i] = int16(0x84 - t)
		} else {
			mu[i] = int16(t - 0x84)
		}
		v := byte(i) ^ 0x55
		seg := (v & 0x70) >> 4
		x := int(v&0x0f) << 4
		switch seg {
		case 0:
			x += 8
		case 1:
			x += 0x108
		default:
			x = (x + 0x108) << (seg - 1)
		}
		if v&0x80 != 0 {
			a[i] = int16(x)
		} else {
			a[i] = int16(-x)
		}
	}
	return mu, a
}
