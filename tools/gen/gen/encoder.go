package gen

import (
	"bufio"
	"strconv"
)

// encoder appends one record at a time, field by field, in either CSV or
// JSONL, so each feed's generator is written once for both formats.
// Records are built in the bufio.Writer's spare capacity (AvailableBuffer)
// and handed back with a single Write, which avoids copying.
type encoder struct {
	w       *bufio.Writer
	json    bool
	cols    []string
	keys    [][]byte // JSON: `"name":` per column, pre-encoded
	b       []byte   // record being built
	i       int      // next column index
	q       bool     // CSV: current string field is quoted
	n       int64    // bytes written so far
	records int64    // rows ended so far
	err     error
}

func newEncoder(w *bufio.Writer, cols []string, json bool) *encoder {
	e := &encoder{w: w, json: json, cols: cols}
	for _, c := range cols {
		e.keys = append(e.keys, []byte(strconv.Quote(c)+":"))
	}
	return e
}

func (e *encoder) header() {
	e.begin()
	for _, c := range e.cols {
		e.sep()
		e.b = append(e.b, c...)
	}
	e.end()
}

func (e *encoder) begin() {
	e.b = e.w.AvailableBuffer()
	e.i = 0
	if e.json {
		e.b = append(e.b, '{')
	}
}

func (e *encoder) end() {
	if e.json {
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, '\n')
	if e.err == nil {
		_, e.err = e.w.Write(e.b)
	}
	e.n += int64(len(e.b))
	e.records++
}

// sep starts the next field: separator and, for JSON, its key.
func (e *encoder) sep() {
	if e.i > 0 {
		e.b = append(e.b, ',')
	}
	if e.json {
		e.b = append(e.b, e.keys[e.i]...)
	}
	e.i++
}

func (e *encoder) null() {
	e.sep()
	if e.json {
		e.b = append(e.b, "null"...)
	} else {
		e.b = append(e.b, "NULL"...) // the spec's explicit, unquoted CSV null
	}
}

func (e *encoder) boolean(v bool) {
	e.sep()
	e.b = strconv.AppendBool(e.b, v)
}

// optBool writes v, or null when absent.
func (e *encoder) optBool(v bool, present bool) {
	if !present {
		e.null()
		return
	}
	e.boolean(v)
}

func (e *encoder) integer(v int64) {
	e.sep()
	e.b = strconv.AppendInt(e.b, v, 10)
}

// cents writes a non-negative decimal with two places, e.g. 12945 -> 129.45.
// JSON gets it as a number, which is what the schema's Decimal/Float wants.
func (e *encoder) cents(v int64) {
	e.sep()
	e.b = strconv.AppendInt(e.b, v/100, 10)
	e.b = append(e.b, '.', byte('0'+v/10%10), byte('0'+v%10))
}

// open starts a string field; quote says whether CSV needs quotes
// (any piece contains a comma or a double quote). Pieces then follow via
// piece/raw, and close ends the field.
func (e *encoder) open(quote bool) {
	e.sep()
	e.q = quote
	if e.json || quote {
		e.b = append(e.b, '"')
	}
}

func (e *encoder) close() {
	if e.json || e.q {
		e.b = append(e.b, '"')
	}
}

// piece appends a pre-escaped phrase.
func (e *encoder) piece(p *phrase) {
	if e.json {
		e.b = append(e.b, p.json...)
	} else {
		e.b = append(e.b, p.csv...)
	}
}

// raw appends bytes that need no escaping in either format (ASCII
// letters, digits, spaces, punctuation other than comma and quotes).
func (e *encoder) raw(s string) { e.b = append(e.b, s...) }

// str writes a one-phrase string field.
func (e *encoder) str(p *phrase) {
	e.open(p.quote)
	e.piece(p)
	e.close()
}

// optStr writes a phrase, or null when p is nil.
func (e *encoder) optStr(p *phrase) {
	if p == nil {
		e.null()
		return
	}
	e.str(p)
}

// digits writes a string field of decimal digits (ids are strings in the spec).
func (e *encoder) digits(v uint64) {
	e.open(false)
	e.b = strconv.AppendUint(e.b, v, 10)
	e.close()
}

const hexdig = "0123456789abcdef"

// uuid writes a version-4-shaped UUID string from the rng.
func (e *encoder) uuid(r *rng) {
	e.open(false)
	a, b := r.u64(), r.u64()
	a = a&^(0xf<<12) | 4<<12   // version nibble
	b = b&^(0x3<<62) | 0x2<<62 // variant bits
	e.hex(a>>32, 8)
	e.b = append(e.b, '-')
	e.hex(a>>16, 4)
	e.b = append(e.b, '-')
	e.hex(a, 4)
	e.b = append(e.b, '-')
	e.hex(b>>48, 4)
	e.b = append(e.b, '-')
	e.hex(b, 12)
	e.close()
}

// hex appends the low n nibbles of v, most significant first.
func (e *encoder) hex(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		e.b = append(e.b, hexdig[v>>(uint(i)*4)&0xf])
	}
}

// timestamp writes an ISO 8601 UTC instant with frac fractional digits
// (0-9, truncated), e.g. 2024-03-05T14:22:01.123456Z.
func (e *encoder) timestamp(ns int64, frac int) {
	e.open(false)
	e.b = appendTimestamp(e.b, ns, frac)
	e.close()
}

// appendTimestamp formats by hand: time.Time.AppendFormat is several
// times slower and this runs once per record.
func appendTimestamp(b []byte, ns int64, frac int) []byte {
	secs, sub := ns/1e9, ns%1e9
	days, sod := secs/86400, secs%86400
	y, m, d := civil(days)
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, int(sod/3600))
	b = append(b, ':')
	b = append2(b, int(sod/60%60))
	b = append(b, ':')
	b = append2(b, int(sod%60))
	if frac > 0 {
		b = append(b, '.')
		div := int64(1e8)
		for range frac {
			b = append(b, byte('0'+sub/div%10))
			div /= 10
		}
	}
	return append(b, 'Z')
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse; valid for non-negative days).
func civil(days int64) (y, m, d int) {
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}
