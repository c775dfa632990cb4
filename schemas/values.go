package schemas

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
