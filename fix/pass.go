package fix

import (
	"bytes"
	"strings"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
)

// pass is the first pass over a file: every record read, repaired and
// written in one go (a transcript's through its conversation's window).
type pass struct {
	r       *runner
	j       *job
	feed    *schemas.Feed
	csvIn   bool
	csvOut  bool
	recomma bool // a CSV separated by something else is written with commas
	comma   byte // the copy's CSV separator
	out     *output
	started bool // the first record was seen (a CSV header is decided on it)

	cols     []column  // CSV: what each column is
	fieldCol []int     // field index -> the column holding it (first one), -1
	expect   int       // CSV: fields per row
	keyField []int     // JSONL: member -> field index, -1 for an unknown key
	rename   []int     // JSONL: member -> field its key is renamed to, -1
	seen     []int     // JSONL: field -> member index + 1 in this record
	edits    []edit    // by column or member; only those in dirty are set
	dirty    []int     // the edits set for the current record
	verdicts []verdict // by column or member
	msg      message
	held     []Change // changes to the current record, until it is written
	scratch  []byte
	keyBuf   []byte
	others   []named
	buf      []byte
	gap      []byte // transcripts: a gap waiting to see the next record's conversation

	fileSeen  *keySet // this file's records (the run's are r.seen)
	tr        *trFile
	convField int // transcripts: field indexes, -1 elsewhere
	roleField int
	textField int
	tsField   int
}

type column struct {
	field int    // schema index; -1 for an unknown or repeated column
	name  []byte // the name the copy writes (CSV header cell, JSON key)
	quote bool   // the header cell was quoted
}

// edit is a repaired value: raw is a string's content or a literal.
type edit struct {
	set  bool
	kind records.Kind
	raw  []byte
}

// verdict is check's reading of a value as it now is (repaired or not),
// which the transcript rules use. It holds no pointer, so a row of them
// is cleared and written without the collector's write barriers.
type verdict struct {
	null rules.NullKind
	tsOK bool
	ts   int64 // a Timestamp's instant, when tsOK
}

var bom = []byte("\xEF\xBB\xBF")

func newPass(r *runner, j *job, out *output) *pass {
	feed := j.sniff.Feed
	p := &pass{r: r, j: j, feed: feed, out: out, fileSeen: newKeySet(),
		csvIn: j.sniff.Format == "csv", csvOut: j.to == "csv",
		convField: -1, roleField: -1, textField: -1, tsField: -1}
	p.comma = ','
	if p.csvIn && j.sniff.Delim != 0 && j.sniff.Delim != ',' {
		// Written with commas only when fix reads every line: a line it
		// cannot read keeps its separator, and would leave the copy with
		// two (j.recomma, from a first read).
		p.recomma = p.csvOut && j.recomma
		if p.csvOut && !p.recomma {
			p.comma = j.sniff.Delim
		}
	}
	p.fieldCol = make([]int, len(feed.Fields))
	p.seen = make([]int, len(feed.Fields))
	if !p.csvOut {
		out.defTerm = lf
	}
	if feed.ID == "transcripts" {
		p.convField, _ = feed.Lookup("conversation_externalId")
		p.roleField, _ = feed.Lookup("sender_role")
		p.textField, _ = feed.Lookup("text")
		p.tsField, _ = feed.Lookup("timestamp")
		p.tr = newTrFile()
	}
	if !p.csvIn && p.csvOut {
		p.out.record(p.csvHeaderOf(), lf)
	}
	if p.recomma || p.csvIn && !p.csvOut && p.comma != j.sniff.Delim && j.sniff.Delim != 0 {
		p.change(Change{Rule: rules.CSVDelimiter, Line: 1, Action: "replace",
			Before: rules.DelimiterName(j.sniff.Delim), After: "commas"})
	}
	return p
}

func (p *pass) change(c Change) { p.r.log.add(p.j, c) }

// recordChange holds a change to the current record until the record is
// written: a record found to be an exact copy of another is removed, and
// the removal is its one change.
func (p *pass) recordChange(c Change) { p.held = append(p.held, c) }

// keep logs the held changes of a record that is written.
func (p *pass) keep() {
	for _, c := range p.held {
		p.change(c)
	}
	p.held = p.held[:0]
}

// onGap handles bytes between records: a byte-order mark goes, so do
// blank JSONL lines; what remains (lines fix cannot read) is kept.
func (p *pass) onGap(b []byte, start int64, line int) {
	if start == 0 && bytes.HasPrefix(b, bom) {
		b = b[len(bom):]
		p.change(Change{Rule: rules.EncodingBOM, Line: 1, Action: "remove", Before: "U+FEFF (byte-order mark)"})
	}
	if !p.csvIn || !p.csvOut {
		b = p.dropBlank(b, line)
	}
	if p.csvIn && !p.csvOut {
		b = jsonLines(b)
	}
	if len(b) == 0 {
		return
	}
	if p.tr != nil {
		p.gap = append(p.gap, b...)
		return
	}
	p.out.raw(b)
}

// dropBlank removes blank lines: in JSONL each is a jsonl/blank-line
// finding; in CSV made JSONL it holds no record either.
func (p *pass) dropBlank(b []byte, line int) []byte {
	var kept []byte
	for len(b) > 0 {
		n := bytes.IndexByte(b, '\n') + 1
		if n == 0 {
			n = len(b)
		}
		if l := b[:n]; len(bytes.Trim(l, " \t\r\n")) > 0 {
			kept = append(kept, l...)
		} else if !p.csvIn {
			p.change(Change{Rule: rules.JSONLBlankLine, Line: line, Action: "remove", Before: show(l)})
		}
		b = b[n:]
		line++
	}
	return kept
}

func (p *pass) onRecord(rec *records.Record, term []byte) error {
	if p.csvIn {
		if !p.started {
			p.started = true
			if p.csvHeader(rec, term) {
				return nil
			}
		}
		return p.csvRecord(rec, term)
	}
	return p.jsonRecord(rec, term)
}

// finish writes what is still held: the last window, a last gap.
func (p *pass) finish() {
	if p.tr != nil {
		p.tr.flush(p)
		p.out.raw(p.gap)
		p.gap = p.gap[:0]
	}
}

// csvHeader decides, as check does, whether the first record is a header,
// and sets the columns up. A header cell that names a field in another
// case (Sender_Role, " text") is renamed, unless the field has its own
// column; a file without a header gets one, in spec order.
func (p *pass) csvHeader(rec *records.Record, term []byte) bool {
	feed := p.feed
	if !rules.IsCSVHeader(feed, rec) {
		p.specColumns()
		if p.csvOut {
			b := p.buf[:0]
			for i := range feed.Fields {
				if i > 0 {
					b = append(b, p.comma)
				}
				b = append(b, feed.Fields[i].Name...)
			}
			t := term
			if len(t) == 0 {
				t = lf
			}
			p.out.record(b, t)
			p.change(Change{Rule: rules.CSVHeaderMissing, Line: 1, Action: "insert", After: show(b)})
		}
		return false
	}
	p.expect = len(rec.Values)
	p.cols = make([]column, len(rec.Values))
	taken := make([]bool, len(feed.Fields))
	for i := range rec.Values {
		v := &rec.Values[i]
		p.cols[i] = column{field: -1, name: append([]byte(nil), v.Raw...), quote: v.Quoted}
		if fi, ok := feed.LookupBytes(v.Raw); ok && !taken[fi] {
			p.cols[i].field, taken[fi] = fi, true
		}
	}
	renamed := false
	for i := range rec.Values {
		v := &rec.Values[i]
		if _, exact := feed.LookupBytes(v.Raw); exact || p.cols[i].field >= 0 {
			continue // a repeated column is csv/duplicate-column's
		}
		fi, ok := feed.LookupFold(strings.TrimSpace(string(v.Raw)))
		if !ok || taken[fi] {
			continue
		}
		name := feed.Fields[fi].Name
		p.cols[i] = column{field: fi, name: []byte(name)}
		taken[fi], renamed = true, true
		line, _ := rec.Pos(v.Off)
		// A required field's column under another name is reported
		// missing (the error), as well as unknown.
		rule := rules.SchemaUnknownColumn
		if feed.Fields[fi].Required {
			rule = rules.SchemaMissingColumn
		}
		p.change(Change{Rule: rule, Line: line, Field: name, Action: "rename", Before: show(v.Raw), After: name})
	}
	p.mapFields()
	if p.csvOut {
		if renamed || p.recomma {
			b := p.buf[:0]
			for i, c := range p.cols {
				if i > 0 {
					b = append(b, p.comma)
				}
				b = appendCSV(b, records.String, c.name, c.quote, p.comma)
			}
			p.out.record(b, term)
		} else {
			p.out.record(rec.Raw, term)
		}
	}
	return true
}

// specColumns sets up a file without a header: the spec's order.
func (p *pass) specColumns() {
	p.expect = len(p.feed.Fields)
	p.cols = make([]column, len(p.feed.Fields))
	for i := range p.cols {
		p.cols[i] = column{field: i, name: []byte(p.feed.Fields[i].Name)}
	}
	p.mapFields()
}

func (p *pass) mapFields() {
	for i := range p.fieldCol {
		p.fieldCol[i] = -1
	}
	for c, col := range p.cols {
		if col.field >= 0 && p.fieldCol[col.field] < 0 {
			p.fieldCol[col.field] = c
		}
	}
}

func (p *pass) resetEdits(n int) {
	for _, i := range p.dirty {
		p.edits[i] = edit{}
	}
	p.dirty = p.dirty[:0]
	if cap(p.edits) < n {
		p.edits = make([]edit, n)
		p.verdicts = make([]verdict, n)
	}
	p.edits, p.verdicts = p.edits[:n], p.verdicts[:n]
	clear(p.verdicts)
}

func (p *pass) csvRecord(rec *records.Record, term []byte) error {
	p.j.recIn++
	if len(rec.Values) != p.expect {
		// Its values are shifted: check reads none of them, fix repairs
		// none (csv/field-count stays, the row is kept as it is).
		out := rec.Raw
		switch {
		case !p.csvOut:
			out = p.jsonArray(rec)
			if len(term) > 0 {
				term = lf
			}
		case p.recomma:
			p.resetEdits(len(rec.Values))
			out = p.csvPatch(rec)
		}
		return p.emit(out, term, rec.Line, p.brokenMessage(rec), nil)
	}
	p.resetEdits(len(rec.Values))
	changed := false
	for i := range rec.Values {
		if fi := p.cols[i].field; fi >= 0 && p.repair(rec, i, fi, true) {
			changed = true
		}
	}
	var out []byte
	switch {
	case !p.csvOut:
		out = p.csvToJSON(rec)
		if len(term) > 0 {
			term = lf // JSON Lines end in LF
		}
	case changed || p.recomma:
		out = p.csvPatch(rec)
	default:
		out = rec.Raw
	}
	colOf := func(fi int) int { return p.fieldCol[fi] }
	var m *message
	if p.tr != nil {
		m = p.message(rec, colOf)
	}
	return p.emit(out, term, rec.Line, m, func() [2]uint64 {
		p.others = p.others[:0]
		for c, col := range p.cols {
			if col.field < 0 {
				kind, raw := p.finalValue(rec, c)
				p.others = append(p.others, named{col.name, kind, raw})
			}
		}
		return p.valueKey(rec, true, colOf, p.others)
	})
}

// jsonArray writes a row JSONL cannot hold as an object (its fields do
// not match the columns) as an array of its fields: nothing is lost, and
// jsonl/not-object reports it.
func (p *pass) jsonArray(rec *records.Record) []byte {
	b := p.buf[:0]
	b = append(b, '[')
	for i := range rec.Values {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONValue(b, rec.Values[i].Kind, rec.Values[i].Raw)
	}
	b = append(b, ']')
	p.buf = b
	return b
}

// jsonLines writes CSV lines fix cannot read into a JSONL copy as one
// JSON array each, holding the line as a string: kept word for word, in
// a file that stays JSON Lines throughout (jsonl/not-object reports them).
func jsonLines(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		n := bytes.IndexByte(b, '\n') + 1
		if n == 0 {
			n = len(b)
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(b[:n], lf), []byte("\r"))
		out = append(out, '[')
		out = appendJSONString(out, line)
		out = append(out, ']', '\n')
		b = b[n:]
	}
	return out
}

// brokenMessage places a row with the wrong field count in its
// conversation when its id can be read; it is never judged a duplicate.
func (p *pass) brokenMessage(rec *records.Record) *message {
	m := &message{broken: true}
	if p.tr == nil {
		return m
	}
	if c := p.fieldCol[p.convField]; c >= 0 && c < len(rec.Values) {
		v := &rec.Values[c]
		if rules.ClassifyNull(&p.feed.Fields[p.convField], v, true) == rules.NotNull && len(v.Raw) > 0 {
			m.conv = v.Raw
		}
	}
	return m
}

// csvPatch writes a row with its repaired values; the others keep their
// bytes (quotes and all) unless the separator changes.
func (p *pass) csvPatch(rec *records.Record) []byte {
	b := p.buf[:0]
	for i := range rec.Values {
		if i > 0 {
			b = append(b, p.comma)
		}
		v := &rec.Values[i]
		switch e := &p.edits[i]; {
		case e.set:
			b = appendCSV(b, e.kind, e.raw, false, p.comma)
		case !p.recomma:
			b = append(b, rec.Raw[v.Off:csvEnd(rec.Raw, v)]...)
		default:
			b = appendCSV(b, v.Kind, v.Raw, v.Quoted, p.comma)
		}
	}
	p.buf = b
	return b
}

// csvToJSON writes a row as a JSON object: the feed's fields in spec
// order, typed (an Integer or Decimal as a JSON number with its digits as
// written, a Bool as true or false, NULL as null), then any other column
// as a string.
func (p *pass) csvToJSON(rec *records.Record) []byte {
	b := p.buf[:0]
	b = append(b, '{')
	first := true
	member := func(name []byte) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, name)
		b = append(b, ':')
	}
	for fi := range p.feed.Fields {
		c := p.fieldCol[fi]
		if c < 0 {
			continue
		}
		member(p.cols[c].name)
		kind, raw := p.final(rec, c)
		p.escapeNote(rec, c, kind, raw)
		b = appendTyped(b, &p.feed.Fields[fi], kind, raw)
	}
	for c, col := range p.cols {
		if col.field >= 0 {
			continue
		}
		member(col.name)
		kind, raw := p.final(rec, c)
		p.escapeNote(rec, c, kind, raw)
		b = appendJSONValue(b, kind, raw)
	}
	b = append(b, '}')
	p.buf = b
	return b
}

// escapeNote records a raw control character that the conversion escapes.
func (p *pass) escapeNote(rec *records.Record, c int, kind records.Kind, raw []byte) {
	if kind != records.String || !hasControl(raw) {
		return
	}
	line, _ := rec.Pos(rec.Values[c].Off)
	p.recordChange(Change{Rule: rules.EncodingControlChar, Line: line, Field: string(p.cols[c].name), Action: "convert",
		Before: show(raw), After: show(appendJSONString(nil, raw))})
}

// final is a CSV value after repair: its kind (Null or String) and text.
func (p *pass) final(rec *records.Record, c int) (records.Kind, []byte) {
	if e := &p.edits[c]; e.set {
		return e.kind, e.raw
	}
	v := &rec.Values[c]
	if v.Kind == records.Null {
		return records.Null, nil
	}
	return records.String, v.Raw
}

// appendTyped writes a CSV value as JSON in its field's type; a value not
// of that type stays a string, for check to report.
func appendTyped(b []byte, fl *schemas.Field, kind records.Kind, raw []byte) []byte {
	if kind == records.Null {
		return append(b, "null"...)
	}
	switch fl.Type {
	case schemas.Integer, schemas.Decimal:
		if n, ok := jsonNumber(raw, fl.Type == schemas.Integer); ok {
			return append(b, n...)
		}
	case schemas.Bool:
		if _, ok := schemas.ParseBool(raw); ok {
			return append(b, raw...)
		}
	}
	return appendJSONString(b, raw)
}
