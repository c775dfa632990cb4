package repair

import (
	"bytes"
	"time"

	"github.com/preflight-data/preflight/schemas"
)

// Timestamp rewrites a near-miss timestamp in the spec's form,
// YYYY-MM-DDTHH:MM:SS[.fraction]Z in UTC, keeping the fraction's digits
// exactly as written. It repairs:
//
//   - a space (or a lower-case t) between date and time, a lower-case z;
//   - a zone written UTC, or an offset (+02:00, +0200, +02, with or without
//     a space before it), converted to UTC: 10:00:00+02:00 is 08:00:00Z;
//   - no zone at all, only when assume names the zone the export used (the
//     local time is then converted to UTC); without assume the zone stays
//     missing, because which zone was meant cannot be known (only the rest
//     of the form is repaired: a space becomes T);
//   - spaces around the value.
//
// ok is false when b is already in the spec's form (Z or +00:00) or is not
// one of these: a date alone, an impossible date or time, a local time that
// does not exist or happens twice in assume's zone (a daylight-saving
// change), a year outside 0001-9999 once in UTC.
func Timestamp(b []byte, assume *time.Location) (out []byte, ok bool) {
	if _, st := schemas.ParseTimestamp(b); st == schemas.TimeOK {
		return nil, false
	}
	t, ok := parseLoose(bytes.TrimSpace(b))
	if !ok {
		return nil, false
	}
	wall := time.Date(t.year, time.Month(t.month), t.day, t.hour, t.min, t.sec, 0, time.UTC)
	var utc time.Time
	switch {
	case t.hasZone:
		utc = wall.Add(-time.Duration(t.offset) * time.Second)
	case assume != nil:
		if utc, ok = inZone(wall, assume); !ok {
			return nil, false
		}
	default:
		// Which zone was meant cannot be known: only the form is
		// repaired, and timestamp/utc is left for a person.
		if out = appendTime(nil, wall, t.frac, false); bytes.Equal(out, b) {
			return nil, false
		}
		return out, true
	}
	if y := utc.Year(); y < 1 || y > 9999 {
		return nil, false
	}
	return appendTime(nil, utc, t.frac, true), true
}

// loose is a timestamp read with the near misses Timestamp accepts.
type loose struct {
	year, month, day, hour, min, sec int
	frac                             []byte // the digits after '.', as written
	hasZone                          bool
	offset                           int // seconds east of UTC
}

func parseLoose(b []byte) (t loose, ok bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return t, false
	}
	if c := b[10]; c != 'T' && c != 't' && c != ' ' {
		return t, false
	}
	var oks [6]bool
	t.year, oks[0] = num(b[0:4])
	t.month, oks[1] = num(b[5:7])
	t.day, oks[2] = num(b[8:10])
	t.hour, oks[3] = num(b[11:13])
	t.min, oks[4] = num(b[14:16])
	t.sec, oks[5] = num(b[17:19])
	if oks != [6]bool{true, true, true, true, true, true} || !exists(t) {
		return t, false
	}
	rest := b[19:]
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return t, false
		}
		t.frac, rest = rest[1:n], rest[n:]
	}
	if len(rest) > 1 && rest[0] == ' ' {
		rest = rest[1:]
	}
	t.hasZone, t.offset, ok = zone(rest)
	return t, ok
}

// zone reads what follows the time: nothing, Z, UTC or an offset.
func zone(b []byte) (has bool, offset int, ok bool) {
	switch {
	case len(b) == 0:
		return false, 0, true
	case len(b) == 1 && (b[0] == 'Z' || b[0] == 'z'), string(b) == "UTC":
		return true, 0, true
	case b[0] != '+' && b[0] != '-':
		return false, 0, false
	}
	var h, m int
	var okH, okM bool
	switch len(b) {
	case 3: // +HH
		h, okH = num(b[1:3])
		okM = true
	case 5: // +HHMM
		h, okH = num(b[1:3])
		m, okM = num(b[3:5])
	case 6: // +HH:MM
		if b[3] != ':' {
			return false, 0, false
		}
		h, okH = num(b[1:3])
		m, okM = num(b[4:6])
	}
	if !okH || !okM || h > 23 || m > 59 {
		return false, 0, false
	}
	offset = h*3600 + m*60
	if b[0] == '-' {
		offset = -offset
	}
	return true, offset, true
}

func num(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// exists reports a calendar date and a time of day that exist (no 24:00, no
// leap second: the spec's grammar has neither).
func exists(t loose) bool {
	if t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.min > 59 || t.sec > 59 {
		return false
	}
	return t.day <= time.Date(t.year, time.Month(t.month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// inZone reads a wall-clock time in loc. A time that a daylight-saving
// change skips, or repeats, has no single reading: ok is false.
func inZone(wall time.Time, loc *time.Location) (time.Time, bool) {
	// The offsets in force around the time cover both sides of any change.
	var offs []int
	for _, d := range []time.Duration{-48 * time.Hour, 0, 48 * time.Hour} {
		_, off := wall.Add(d).In(loc).Zone()
		if !containsInt(offs, off) {
			offs = append(offs, off)
		}
	}
	var found []time.Time
	for _, off := range offs {
		u := wall.Add(-time.Duration(off) * time.Second)
		if _, got := u.In(loc).Zone(); got == off && !containsTime(found, u) {
			found = append(found, u)
		}
	}
	if len(found) != 1 {
		return time.Time{}, false
	}
	return found[0], true
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsTime(list []time.Time, v time.Time) bool {
	for _, x := range list {
		if x.Equal(v) {
			return true
		}
	}
	return false
}

// appendTime writes YYYY-MM-DDTHH:MM:SS[.frac], then Z when utc.
func appendTime(dst []byte, t time.Time, frac []byte, utc bool) []byte {
	two := func(n int) { dst = append(dst, byte('0'+n/10), byte('0'+n%10)) }
	y := t.Year()
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	two(int(t.Month()))
	dst = append(dst, '-')
	two(t.Day())
	dst = append(dst, 'T')
	two(t.Hour())
	dst = append(dst, ':')
	two(t.Minute())
	dst = append(dst, ':')
	two(t.Second())
	if len(frac) > 0 {
		dst = append(dst, '.')
		dst = append(dst, frac...)
	}
	if utc {
		dst = append(dst, 'Z')
	}
	return dst
}
