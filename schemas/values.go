package schemas

import "encoding/binary"

// Hand-written checks for the spec's value formats. They run once per value
// on the hot path, so they take bytes, never allocate, and are exact about
// the grammar: a generic parser (strconv, time.Parse) accepts forms the spec
// does not (exponents, "+1", "1_000", lowercase "t").

// IsInteger reports a plain base-10 integer: optional '-', digits, no
// fraction, no exponent.
func IsInteger(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsDecimal reports a plain decimal: optional '-', digits, optionally '.'
// and digits. No exponent, no leading '.', no trailing '.'.
func IsDecimal(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	if i == len(b) {
		return true
	}
	if b[i] != '.' || i+1 == len(b) {
		return false
	}
	for _, c := range b[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsNegative reports a number written with a leading minus (and not "-0").
func IsNegative(b []byte) bool {
	if len(b) < 2 || b[0] != '-' {
		return false
	}
	for _, c := range b[1:] {
		if c >= '1' && c <= '9' {
			return true
		}
	}
	return false
}

// ParseBool accepts exactly "true" and "false".
func ParseBool(b []byte) (v, ok bool) {
	switch string(b) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// TimeStatus is the verdict on a Timestamp value.
type TimeStatus uint8

const (
	// TimeOK: RFC 3339 date-time in UTC.
	TimeOK TimeStatus = iota
	// TimeBadFormat: not an ISO 8601 / RFC 3339 date-time.
	TimeBadFormat
	// TimeBadCalendar: the form is right but the instant does not exist (2023-02-30, 25:00).
	TimeBadCalendar
	// TimeNoZone: a date-time without Z or offset.
	TimeNoZone
	// TimeNotUTC: a date-time with a non-zero offset.
	TimeNotUTC
)

// ParseTimestamp parses YYYY-MM-DDTHH:MM:SS[.1-9 digits](Z|±HH:MM) and returns
// Unix nanoseconds. For TimeNoZone and TimeNotUTC the instant is still
// returned (as if UTC, and offset-corrected, respectively) so order and
// partition rules can keep working on data whose only fault is its zone.
func ParseTimestamp(b []byte) (int64, TimeStatus) {
	if ns, ok := parseZulu(b); ok {
		return ns, TimeOK
	}
	return parseTimestamp(b)
}

// parseTimestamp is ParseTimestamp for any form.
func parseTimestamp(b []byte) (int64, TimeStatus) {
	if len(b) < 19 {
		return 0, TimeBadFormat
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return 0, TimeBadFormat
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, TimeBadFormat
	}
	nanos, rest, ok := fraction(b[19:])
	if !ok {
		return 0, TimeBadFormat
	}
	offset, status, ok := zone(rest)
	if !ok {
		return 0, TimeBadFormat
	}
	if !realInstant(year, month, day, hour, minute, sec) {
		return 0, TimeBadCalendar
	}
	secs := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - offset
	return secs*1e9 + nanos, status
}

// Word-at-a-time ASCII digit tests: a byte is a digit when subtracting
// '0' does not borrow and adding 0x46 does not reach 0x80.
const (
	zeros8 = 0x3030303030303030
	sixes8 = 0x4646464646464646
	highs8 = 0x8080808080808080
)

// parseZulu is ParseTimestamp's fast path for the form almost every export
// writes, YYYY-MM-DDTHH:MM:SS[.fraction]Z, eight bytes at a time; false
// sends anything else (or an impossible date) the long way.
func parseZulu(b []byte) (int64, bool) {
	n := len(b)
	if n < 20 || n > 30 || b[n-1] != 'Z' || n > 20 && (n == 21 || b[19] != '.') {
		return 0, false
	}
	var nanos int64
	for i, scale := 20, int64(1e8); i < n-1; i, scale = i+1, scale/10 {
		c := b[i] - '0'
		if c > 9 {
			return 0, false
		}
		nanos += int64(c) * scale
	}
	// Bytes 4 and 7 are '-'; 10 'T', 13 and 16 ':'. Put '0' in their place
	// and every byte of both words must be a digit.
	x := binary.LittleEndian.Uint64(b[0:8])
	y := binary.LittleEndian.Uint64(b[8:16])
	z := uint64(binary.LittleEndian.Uint32(b[16:20]))&0xffffff | 0x30<<24 // ":SS" and a '0'
	const xSep, ySep, zSep = 0xff0000ff00000000, 0x0000ff0000ff0000, 0xff
	if x&xSep != 0x2d00002d00000000 || y&ySep != 0x00003a0000540000 || z&zSep != 0x3a {
		return 0, false
	}
	x = x&^xSep | zeros8&xSep
	y = y&^ySep | zeros8&ySep
	z = z&^zSep | 0x30
	if ((x-zeros8)|(x+sixes8))&highs8 != 0 || ((y-zeros8)|(y+sixes8))&highs8 != 0 || ((z-0x30303030)|(z+0x46464646))&0x80808080 != 0 {
		return 0, false
	}
	x, y, z = x-zeros8, y-zeros8, z-0x30303030
	d := func(w uint64, i uint) int { return int(w >> (8 * i) & 0xff) }
	year := d(x, 0)*1000 + d(x, 1)*100 + d(x, 2)*10 + d(x, 3)
	month, day := d(x, 5)*10+d(x, 6), d(y, 0)*10+d(y, 1)
	hour, minute, sec := d(y, 3)*10+d(y, 4), d(y, 6)*10+d(y, 7), d(z, 1)*10+d(z, 2)
	if !realInstant(year, month, day, hour, minute, sec) {
		return 0, false
	}
	return (daysFromCivil(year, month, day)*86400+int64(hour*3600+minute*60+sec))*1e9 + nanos, true
}

// realInstant reports a date that exists and a time of day on a 24-hour
// clock (no leap second: Go's time cannot hold one either).
func realInstant(year, month, day, hour, minute, sec int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && sec <= 59
}

// fraction reads an optional fraction of a second, ".1" to ".123456789",
// as nanoseconds, and returns what follows it.
func fraction(b []byte) (nanos int64, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '.' {
		return 0, b, true
	}
	n := 1
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	nd := n - 1
	if nd == 0 || nd > 9 {
		return 0, nil, false
	}
	frac, _ := digits(b[1:n])
	for k := nd; k < 9; k++ {
		frac *= 10
	}
	return int64(frac), b[n:], true
}

// zone reads what ends a timestamp: nothing (TimeNoZone), Z, or an offset
// ±HH:MM, returned in seconds east of UTC. -00:00 means "offset unknown"
// in RFC 3339: not a UTC assertion, so TimeNotUTC.
func zone(b []byte) (offset int64, status TimeStatus, ok bool) {
	switch {
	case len(b) == 0:
		return 0, TimeNoZone, true
	case len(b) == 1 && b[0] == 'Z':
		return 0, TimeOK, true
	case len(b) != 6 || b[0] != '+' && b[0] != '-' || b[3] != ':':
		return 0, 0, false
	}
	oh, okh := digits(b[1:3])
	om, okm := digits(b[4:6])
	if !okh || !okm || oh > 23 || om > 59 {
		return 0, 0, false
	}
	offset = int64(oh*3600 + om*60)
	if b[0] == '-' {
		offset = -offset
	}
	if offset != 0 || b[0] == '-' {
		status = TimeNotUTC
	}
	return offset, status, true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days since 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
