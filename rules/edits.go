package rules

import (
	"strings"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/repair"
	"github.com/preflight-data/preflight/schemas"
)

// The edits findings carry are the value repairs `preflight fix` makes
// (package repair), placed over the value as written, so SARIF viewers
// can show the change fix would make.

// valueEdit replaces value v as written — quotes and all — with text.
func valueEdit(rec *records.Record, v *records.Value, csv bool, text string) *Edit {
	end := valueEnd(rec, v, csv)
	if end < 0 {
		return nil
	}
	line, col := rec.Pos(v.Off)
	endLine, endCol := rec.Pos(end)
	return &Edit{Line: line, Col: col, EndLine: endLine, EndCol: endCol, New: text}
}

// valueEnd is the offset in rec.Raw just past value v as written: past
// the closing quote of a quoted CSV field or a JSON string; -1 if unknown.
func valueEnd(rec *records.Record, v *records.Value, csv bool) int {
	raw := rec.Raw
	if v.Off < 0 || v.Off > len(raw) {
		return -1
	}
	quoted := v.Quoted || !csv && v.Kind == records.String
	if !quoted {
		return v.Off + len(v.Raw)
	}
	for i := v.Off + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			if !csv {
				i++
			}
		case '"':
			if csv && i+1 < len(raw) && raw[i+1] == '"' {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}

func nullText(csv bool) string {
	if csv {
		return "NULL"
	}
	return "null"
}

// quoteFor writes a repaired text value: bare in CSV (what repair makes
// never needs quotes), a JSON string in JSONL.
func quoteFor(csv bool, s string) string {
	if csv {
		return s
	}
	return `"` + s + `"`
}

func (fc *fileCtx) timestampEdit(rec *records.Record, v *records.Value) *Edit {
	out, ok := repair.Timestamp(v.Raw, nil)
	if !ok {
		return nil
	}
	csv := fc.format == "csv"
	return valueEdit(rec, v, csv, quoteFor(csv, string(out)))
}

// typeEdit is the repair of a schema/type finding, when it is mechanical:
// TRUE is true, " 600" is 600, and in JSONL "600" is 600 and a number in
// a String field is the same digits as a string.
func (fc *fileCtx) typeEdit(rec *records.Record, fl *schemas.Field, v *records.Value) *Edit {
	csv := fc.format == "csv"
	var out []byte
	ok := false
	switch {
	case fl.Type == schemas.Bool && (csv || v.Kind == records.String):
		out = v.Raw
		if b, folded := repair.Bool(v.Raw); folded {
			out = b
		}
		_, ok = schemas.ParseBool(out)
	case (fl.Type == schemas.Integer || fl.Type == schemas.Decimal) && csv:
		valid := schemas.IsDecimal
		if fl.Type == schemas.Integer {
			valid = schemas.IsInteger
		}
		out, ok = repair.Trim(v.Raw, valid)
	case fl.Type == schemas.Integer || fl.Type == schemas.Decimal:
		if v.Kind == records.String {
			out, ok = repair.JSONNumber(v.Raw, fl.Type == schemas.Integer)
		}
	case fl.Type == schemas.String && !csv && (v.Kind == records.Number || v.Kind == records.Bool):
		return valueEdit(rec, v, csv, quoteFor(false, string(v.Raw)))
	}
	if !ok || strings.ContainsAny(string(out), "\"\\") {
		return nil
	}
	return valueEdit(rec, v, csv, string(out))
}
