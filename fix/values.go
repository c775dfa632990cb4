package fix

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"sort"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/repair"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
)

var (
	nullEdit = edit{set: true, kind: records.Null}
	noEdit   edit // a value that is there, left as it is
)

func jsonNumber(raw []byte, integer bool) ([]byte, bool) { return repair.JSONNumber(raw, integer) }

// repair decides the repair of value i of rec (field fi) exactly as check
// judges the value, records it and reports whether there is one.
func (p *pass) repair(rec *records.Record, i, fi int, csv bool) bool {
	fl := &p.feed.Fields[fi]
	v := &rec.Values[i]
	vd := &p.verdicts[i]
	vd.null = rules.ClassifyNull(fl, v, csv)
	var rule string
	var e edit
	if vd.null == rules.NotNull {
		e, rule = p.repairType(fl, v, csv, vd)
	} else {
		e, rule = repairNull(fl, vd.null)
	}
	if !e.set {
		return false
	}
	p.edits[i] = e
	p.dirty = append(p.dirty, i)
	vd.null = rules.NotNull
	switch {
	case e.kind == records.Null:
		vd.null = rules.RealNull
	case fl.Type == schemas.Timestamp:
		ns, st := schemas.ParseTimestamp(e.raw)
		vd.ts, vd.tsOK = ns, timeRead(st)
	}
	line, _ := rec.Pos(v.Off)
	c := Change{Rule: rule, Line: line, Field: fl.Name, Action: "replace",
		Before: display(v.Kind, v.Raw, v.Quoted, csv), After: display(e.kind, e.raw, false, csv)}
	if p.tr != nil && fi != p.convField {
		c.Conversation = p.convOf(rec, csv)
	}
	p.recordChange(c)
	return true
}

// timeRead reports a timestamp check reads an instant from (one whose
// only fault is its zone still orders messages).
func timeRead(st schemas.TimeStatus) bool {
	return st == schemas.TimeOK || st == schemas.TimeNoZone || st == schemas.TimeNotUTC
}

// repairNull repairs a null written another way, and names the rule whose
// finding that removes: it becomes NULL (null in JSONL) where check
// reports it as null/* — in an optional field, or an empty CSV field
// anywhere. In a required field it is schema/required, which no repair
// fills in.
func repairNull(fl *schemas.Field, null rules.NullKind) (edit, string) {
	switch null {
	case rules.EmptyCSV:
		return nullEdit, rules.NullEmpty
	case rules.QuotedNull:
		if !fl.Required {
			return nullEdit, rules.NullQuoted
		}
	case rules.SpelledNull:
		if !fl.Required {
			return nullEdit, rules.NullSpelling
		}
	}
	return noEdit, ""
}

// repairType repairs a value that is there but not as the spec writes
// it; for a Timestamp it notes the instant in vd.
func (p *pass) repairType(fl *schemas.Field, v *records.Value, csv bool, vd *verdict) (edit, string) {
	text := csv || v.Kind == records.String
	switch fl.Type {
	case schemas.Timestamp:
		if text {
			return p.repairTimestamp(v, vd)
		}
	case schemas.Bool:
		if text {
			return repairBool(v, csv)
		}
	case schemas.Integer, schemas.Decimal:
		return repairNumber(fl, v, csv)
	case schemas.String:
		if !csv && (v.Kind == records.Number || v.Kind == records.Bool) {
			return edit{set: true, kind: records.String, raw: v.Raw}, rules.SchemaType
		}
		if fl.Index == p.roleField && text {
			if out, ok := repair.Role(v.Raw, p.r.opt.RoleMap); ok {
				return edit{set: true, kind: records.String, raw: out}, rules.TranscriptRole
			}
		}
	}
	return noEdit, ""
}

func (p *pass) repairTimestamp(v *records.Value, vd *verdict) (edit, string) {
	ns, st := schemas.ParseTimestamp(v.Raw)
	vd.ts, vd.tsOK = ns, timeRead(st)
	if st == schemas.TimeOK {
		return noEdit, ""
	}
	out, ok := repair.Timestamp(v.Raw, p.r.opt.AssumeTZ)
	if !ok {
		return noEdit, ""
	}
	rule := rules.TimeUTC
	if st == schemas.TimeBadFormat || st == schemas.TimeBadCalendar {
		rule = rules.TimeISO8601
	}
	return edit{set: true, kind: records.String, raw: out}, rule
}

func repairBool(v *records.Value, csv bool) (edit, string) {
	out := v.Raw
	if b, ok := repair.Bool(v.Raw); ok {
		out = b
	}
	if _, ok := schemas.ParseBool(out); !ok || csv && bytes.Equal(out, v.Raw) {
		return noEdit, ""
	}
	kind := records.Bool
	if csv {
		kind = records.String
	}
	return edit{set: true, kind: kind, raw: out}, rules.SchemaType
}

func repairNumber(fl *schemas.Field, v *records.Value, csv bool) (edit, string) {
	if csv {
		valid := schemas.IsDecimal
		if fl.Type == schemas.Integer {
			valid = schemas.IsInteger
		}
		if out, ok := repair.Trim(v.Raw, valid); ok {
			return edit{set: true, kind: records.String, raw: out}, rules.SchemaType
		}
	} else if v.Kind == records.String {
		if out, ok := repair.JSONNumber(v.Raw, fl.Type == schemas.Integer); ok {
			return edit{set: true, kind: records.Number, raw: out}, rules.SchemaType
		}
	}
	return noEdit, ""
}

// display shows a value as a change lists it: NULL or null for a null, a
// JSON string or a quoted CSV field in its quotes.
func display(kind records.Kind, raw []byte, quoted, csv bool) string {
	switch {
	case kind == records.Null && csv:
		return "NULL"
	case kind == records.Null:
		return "null"
	case kind == records.String && (quoted || !csv):
		return `"` + show(raw) + `"`
	}
	return show(raw)
}

// message is what the conversation rules need of a transcript record.
type message struct {
	conv   []byte // conversation id; nil when the record has none
	ts     int64  // the instant, when tsOK
	tsOK   bool
	hash   [2]uint64 // (role, text, timestamp): equal for the same message
	broken bool      // the row's values could not be read (wrong field count)
}

// present is the value of column col after repair when check reads it
// as one (no null, however written); ok is false otherwise.
func (p *pass) present(rec *records.Record, col int) (raw []byte, ok bool) {
	if col < 0 || col >= len(rec.Values) || p.verdicts[col].null != rules.NotNull {
		return nil, false
	}
	if e := &p.edits[col]; e.set {
		return e.raw, true
	}
	return rec.Values[col].Raw, true
}

// message reads a repaired transcript record; colOf finds a field's value.
func (p *pass) message(rec *records.Record, colOf func(fi int) int) *message {
	m := &p.msg
	*m = message{}
	if id, ok := p.present(rec, colOf(p.convField)); ok && len(id) > 0 {
		m.conv = id
	}
	role, _ := p.present(rec, colOf(p.roleField))
	text, _ := p.present(rec, colOf(p.textField))
	tsRaw, _ := p.present(rec, colOf(p.tsField))
	if c := colOf(p.tsField); c >= 0 && c < len(rec.Values) {
		m.ts, m.tsOK = p.verdicts[c].ts, p.verdicts[c].tsOK
	}
	p.scratch, m.hash = messageHash(p.scratch[:0], role, text, m.ts, m.tsOK, tsRaw)
	return m
}

// convOf is a record's conversation id as read, for a change's context.
func (p *pass) convOf(rec *records.Record, csv bool) string {
	col := -1
	if csv {
		col = p.fieldCol[p.convField]
	} else if m := p.seen[p.convField]; m > 0 {
		col = m - 1
	}
	if col < 0 || col >= len(rec.Values) || rec.Values[col].Kind == records.Null {
		return ""
	}
	return show(rec.Values[col].Raw)
}

// Two independent 64-bit hashes make a 128-bit key: fix drops what it
// takes for an exact copy, so a collision must be out of reach (n²/2¹²⁹).
var seedA, seedB = maphash.MakeSeed(), maphash.MakeSeed()

// recordKey identifies a record by its bytes as written (line end aside).
func recordKey(b []byte) [2]uint64 {
	return [2]uint64{maphash.Bytes(seedA, b), maphash.Bytes(seedB, b)}
}

// messageHash is one message's (role, text, timestamp); summed over a
// conversation it is equal for two conversations with the same messages
// at the same times, in any order. The timestamp counts as its instant
// when it has one (so .000Z and Z agree), else as its text. buf is
// scratch space, returned for reuse.
func messageHash(buf, role, text []byte, ts int64, tsOK bool, tsRaw []byte) ([]byte, [2]uint64) {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(role)))
	buf = append(buf, role...)
	if tsOK {
		buf = append(buf, 1)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(ts))
	} else {
		buf = append(buf, 0)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(tsRaw)))
		buf = append(buf, tsRaw...)
	}
	buf = append(buf, text...)
	return buf, [2]uint64{maphash.Bytes(seedA, buf), maphash.Bytes(seedB, buf)}
}

// emit writes a record, dropping it when it is an exact copy of an
// earlier one of the run (record/duplicate; key is its valueKey).
// Transcripts go through their conversation's window; a row whose values
// could not be read is never judged a copy, as check does not compare it.
func (p *pass) emit(out, term []byte, line int, m *message, key func() [2]uint64) error {
	if p.tr != nil {
		p.tr.add(p, out, term, line, m)
		return nil
	}
	if m == nil || !m.broken {
		k := key()
		first, dup := p.r.seen.lookup(k)
		if !dup {
			first, dup = p.fileSeen.insert(k, int32(p.j.index), int32(line))
		}
		if dup {
			p.held = p.held[:0]
			p.change(Change{Rule: rules.RecordDuplicate, Line: line, Action: "remove", Before: show(out),
				After: "removed: the same record as " + p.r.where(first.file, first.line, p.j.index)})
			return nil
		}
	}
	p.keep()
	p.out.record(out, term)
	p.j.recOut++
	return nil
}

// named is a value outside the feed's fields, for valueKey.
type named struct {
	name []byte
	kind records.Kind
	raw  []byte
}

// valueKey identifies a record by its values after repair, as check's
// record/duplicate compares them: every field by kind (a CSV text is the
// kind it stands for, so a CSV row and a JSONL object can be the same
// record) and value, a null however written. Unlike check, the columns or
// keys outside the feed count too (by name): fix removes only what is an
// exact copy, and must not lose a value check does not read.
func (p *pass) valueKey(rec *records.Record, csv bool, colOf func(fi int) int, others []named) [2]uint64 {
	b := p.keyBuf[:0]
	b = append(b, p.feed.ID...) // records of two feeds are never the same
	b = append(b, 0)
	for fi := range p.feed.Fields {
		c := colOf(fi)
		if c < 0 || c >= len(rec.Values) {
			b = append(b, 0xff)
			continue
		}
		kind, raw := p.finalValue(rec, c)
		if csv && kind == records.String {
			kind = rules.CSVKind(p.feed.Fields[fi].Type, raw)
		}
		b = append(b, byte(kind)+1)
		if kind != records.Null {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(raw)))
			b = append(b, raw...)
		}
	}
	if len(others) > 1 {
		sort.Slice(others, func(i, k int) bool { return bytes.Compare(others[i].name, others[k].name) < 0 })
	}
	for _, o := range others {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(o.name)))
		b = append(b, o.name...)
		b = append(b, byte(o.kind)+1)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(o.raw)))
		b = append(b, o.raw...)
	}
	p.keyBuf = b
	return recordKey(b)
}

// finalValue is value c after repair: its kind and content.
func (p *pass) finalValue(rec *records.Record, c int) (records.Kind, []byte) {
	if e := &p.edits[c]; e.set {
		return e.kind, e.raw
	}
	v := &rec.Values[c]
	return v.Kind, v.Raw
}
