package fix

import (
	"strings"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/rules"
)

// jsonRecord repairs one JSONL object. As check does, the first member
// with a field's key is that field (a repeated key is
// jsonl/duplicate-key's); a key that names a field in another case is
// renamed, unless the field has its own key in the object.
func (p *pass) jsonRecord(rec *records.Record, term []byte) error {
	p.j.recIn++
	vals := rec.Values
	n := len(vals)
	p.resetEdits(n)
	if cap(p.keyField) < n {
		p.keyField, p.rename = make([]int, n), make([]int, n)
	}
	p.keyField, p.rename = p.keyField[:n], p.rename[:n]
	clear(p.seen)
	for i := range vals {
		p.keyField[i], p.rename[i] = -1, -1
		if fi, ok := p.feed.LookupBytes(vals[i].Key); ok {
			p.keyField[i] = fi
			if p.seen[fi] == 0 {
				p.seen[fi] = i + 1
			}
		}
	}
	renamed := p.renameKeys(rec)
	changed := renamed
	for fi, m := range p.seen {
		if m > 0 && p.repair(rec, m-1, fi, false) {
			changed = true
		}
	}
	var out []byte
	switch {
	case p.csvOut:
		out = p.jsonToCSV(rec)
	case renamed:
		out = p.jsonRewrite(rec)
	case changed:
		out = p.jsonPatch(rec)
	default:
		out = rec.Raw
	}
	colOf := func(fi int) int { return p.seen[fi] - 1 }
	var m *message
	if p.tr != nil {
		m = p.message(rec, colOf)
	}
	return p.emit(out, term, rec.Line, m, func() [2]uint64 {
		p.others = p.others[:0]
		for i := range rec.Values {
			if p.keyField[i] < 0 && p.rename[i] < 0 || p.keyField[i] >= 0 && p.seen[p.keyField[i]] != i+1 {
				kind, raw := p.finalValue(rec, i)
				p.others = append(p.others, named{rec.Values[i].Key, kind, raw})
			}
		}
		return p.valueKey(rec, false, colOf, p.others)
	})
}

func (p *pass) renameKeys(rec *records.Record) bool {
	renamed := false
	for i := range rec.Values {
		if p.keyField[i] >= 0 {
			continue
		}
		key := rec.Values[i].Key
		fi, ok := p.feed.LookupFold(strings.TrimSpace(string(key)))
		if !ok || p.seen[fi] != 0 {
			continue
		}
		p.seen[fi], p.rename[i], renamed = i+1, fi, true
		name := p.feed.Fields[fi].Name
		line, _ := rec.Pos(rec.Values[i].Off)
		p.recordChange(Change{Rule: rules.SchemaUnknownColumn, Line: line, Field: name, Action: "rename", Before: show(key), After: name})
	}
	return renamed
}

// jsonPatch writes the object with its repaired values spliced in; every
// other byte stays as it was.
func (p *pass) jsonPatch(rec *records.Record) []byte {
	b := p.buf[:0]
	last := 0
	for i := range rec.Values {
		e := &p.edits[i]
		if !e.set {
			continue
		}
		v := &rec.Values[i]
		b = append(b, rec.Raw[last:v.Off]...)
		b = appendJSONValue(b, e.kind, e.raw)
		last = jsonEnd(rec.Raw, v)
	}
	b = append(b, rec.Raw[last:]...)
	p.buf = b
	return b
}

// jsonRewrite writes the object anew, for renamed keys: each key written
// by fix, each value as it was unless repaired.
func (p *pass) jsonRewrite(rec *records.Record) []byte {
	b := p.buf[:0]
	b = append(b, '{')
	for i := range rec.Values {
		if i > 0 {
			b = append(b, ',')
		}
		v := &rec.Values[i]
		key := v.Key
		if fi := p.rename[i]; fi >= 0 {
			key = []byte(p.feed.Fields[fi].Name)
		}
		b = appendJSONString(b, key)
		b = append(b, ':')
		if e := &p.edits[i]; e.set {
			b = appendJSONValue(b, e.kind, e.raw)
		} else {
			b = append(b, rec.Raw[v.Off:jsonEnd(rec.Raw, v)]...)
		}
	}
	b = append(b, '}')
	p.buf = b
	return b
}

// csvHeaderOf is the header of a JSONL file made CSV: the feed's fields in
// spec order, then the other keys in the order first seen.
func (p *pass) csvHeaderOf() []byte {
	b := p.buf[:0]
	for i := range p.feed.Fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.feed.Fields[i].Name...)
	}
	for _, k := range p.j.extraKeys {
		b = append(b, ',')
		b = appendCSV(b, records.String, k, false, ',')
	}
	p.buf = b
	return b
}

// jsonToCSV writes an object as a CSV row under csvHeaderOf: a field or
// key it lacks, or a null, is NULL; a number or boolean its literal; an
// object or array its JSON text, quoted; a string its text, quoted when it
// must be — "NULL" in quotes, so it stays the string it was, and an empty
// string NULL, the only way CSV writes it.
func (p *pass) jsonToCSV(rec *records.Record) []byte {
	b := p.buf[:0]
	for fi := range p.feed.Fields {
		if fi > 0 {
			b = append(b, ',')
		}
		b = p.csvFromJSON(b, rec, p.seen[fi]-1)
	}
	for _, k := range p.j.extraKeys {
		b = append(b, ',')
		i := -1
		for m := range rec.Values {
			if p.keyField[m] < 0 && p.rename[m] < 0 && string(rec.Values[m].Key) == string(k) {
				i = m
				break
			}
		}
		b = p.csvFromJSON(b, rec, i)
	}
	p.buf = b
	return b
}

func (p *pass) csvFromJSON(b []byte, rec *records.Record, i int) []byte {
	if i < 0 {
		return append(b, nullWord...)
	}
	kind, raw := p.finalValue(rec, i)
	switch kind {
	case records.Null:
		return append(b, nullWord...)
	case records.Number, records.Bool:
		return append(b, raw...)
	case records.Object, records.Array:
		return appendCSV(b, records.String, raw, true, ',')
	}
	if len(raw) == 0 {
		line, _ := rec.Pos(rec.Values[i].Off)
		p.recordChange(Change{Rule: rules.NullEmpty, Line: line, Field: string(rec.Values[i].Key), Action: "convert",
			Before: `""`, After: "NULL (CSV has no other way to write an empty value)"})
		return append(b, nullWord...)
	}
	return appendCSV(b, records.String, raw, string(raw) == "NULL", ',')
}
