package rules

import (
	"bytes"
	"fmt"
	"time"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

var (
	nullWord = []byte("NULL")
	// y2k is the lower bound of timestamp/range: older instants in a
	// contact-center export are almost always a zero or epoch default.
	y2k = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	day = int64(24 * time.Hour)
)

// nullSpellings are ways exports write a missing value other than NULL.
// Matched case-insensitively; "NA" is separate because the spec allows it in transfer.
var nullSpellings = []string{"null", "none", "n/a", `\n`, "nil", "nan", "(null)", "<null>", "undefined"}

func isNullSpelling(b []byte, field string) bool {
	if len(b) == 0 || len(b) > 9 || bytes.Equal(b, nullWord) {
		return false
	}
	// Every spelling starts with one of these: most values stop here.
	switch b[0] | 0x20 {
	case 'n', 'u', '\\' | 0x20, '(' | 0x20, '<' | 0x20:
	default:
		return false
	}
	for _, s := range nullSpellings {
		if bytes.EqualFold(b, []byte(s)) {
			return true
		}
	}
	return bytes.EqualFold(b, []byte("na")) && field != "transfer"
}

// nullForm says whether and how a value stands for a missing one. Every
// rule that needs a value asks the same question (through nullFormOf or
// present), so a null written the wrong way gets one verdict everywhere.
type nullForm uint8

const (
	notNull     nullForm = iota
	realNull             // JSON null, or the unquoted CSV NULL
	emptyCSV             // an empty CSV field
	quotedNull           // "NULL" in quotes: a quoted CSV field or a JSON string
	spelledNull          // null, None, N/A, \N...: not in free-text fields
)

func nullFormOf(fl *schemas.Field, v *records.Value, csv bool) nullForm {
	switch {
	case v.Kind == records.Null:
		return realNull
	case v.Kind != records.String:
		return notNull
	case len(v.Raw) == 0:
		if csv {
			return emptyCSV
		}
		return notNull
	case bytes.Equal(v.Raw, nullWord):
		// An unquoted CSV NULL is Kind Null: a String NULL was quoted.
		return quotedNull
	case !fl.FreeText && isNullSpelling(v.Raw, fl.Name):
		return spelledNull
	}
	return notNull
}

// hasValue reports a field that is there and not a null however written.
func (fc *fileCtx) hasValue(row *Row, i int) bool {
	v := row.V[i]
	return v != nil && nullFormOf(&fc.feed.Fields[i], v, fc.format == "csv") == notNull
}

// present is hasValue and not blank: a value that says something.
func (fc *fileCtx) present(row *Row, i int) bool {
	return fc.hasValue(row, i) && len(bytes.TrimSpace(row.V[i].Raw)) > 0
}

// checkValues runs the null, schema and timestamp rules on every field.
// A null in a required field is one schema/required finding, however it is
// written; elsewhere a null written the wrong way is a null/* finding.
func (fc *fileCtx) checkValues(row *Row) {
	csv := fc.format == "csv"
	for i := range fc.feed.Fields {
		fl := &fc.feed.Fields[i]
		v := row.V[i]
		if v == nil {
			// An absent CSV column was reported once as schema/missing-column.
			if !csv && fl.Required {
				fc.required(row, fl, nil, notNull)
			}
			continue
		}
		switch form := nullFormOf(fl, v, csv); {
		case form == notNull:
			fc.checkType(row, fl, v, csv)
		case form == emptyCSV:
			fc.emptyValue(row, fl, v)
		case fl.Required:
			fc.required(row, fl, v, form)
		case form != realNull:
			fc.nullWritten(row, fl, v, form, csv)
		}
	}
}

// emptyValue reports an empty CSV field, required or not: the fix is the
// same NULL either way.
func (fc *fileCtx) emptyValue(row *Row, fl *schemas.Field, v *records.Value) {
	if !fc.coll.want(NullEmpty) {
		return
	}
	f := fc.valueFinding(NullEmpty, row, fl, v)
	if v.Quoted {
		f.Message = fmt.Sprintf("%s is an empty quoted string \"\"", fl.Name)
	} else {
		f.Message = fmt.Sprintf("%s is empty", fl.Name)
	}
	f.Fix = "Write the unquoted string NULL for a missing value (a,NULL,c, not a,,c)."
	f.Edit = valueEdit(row.Rec, v, true, "NULL")
	fc.coll.add(f)
}

// nullWritten reports an optional field's null written as text: "NULL" in
// quotes, or another spelling.
func (fc *fileCtx) nullWritten(row *Row, fl *schemas.Field, v *records.Value, form nullForm, csv bool) {
	rule := NullSpelling
	if form == quotedNull {
		rule = NullQuoted
	}
	if !fc.coll.want(rule) {
		return
	}
	f := fc.valueFinding(rule, row, fl, v)
	f.Edit = valueEdit(row.Rec, v, csv, nullText(csv))
	if form == quotedNull {
		f.Value = `"NULL"`
		f.Message = fmt.Sprintf("%s is a null written in quotes, which reads as text, not as a missing value", fl.Name)
		f.Fix = `Remove the quotes: write NULL, not "NULL".`
		if !csv {
			f.Fix = `Write JSON null, not the string "NULL".`
		}
	} else {
		f.Message = fmt.Sprintf("%s looks like a missing value written another way", fl.Name)
		f.Fix = "Write the unquoted string NULL for a missing value."
		if !csv {
			f.Fix = "Write JSON null (unquoted) for a missing value."
		}
		if bytes.EqualFold(v.Raw, []byte("na")) {
			f.Fix += " (NA is only allowed in transfer.)"
		}
	}
	fc.coll.add(f)
}

// required reports a required field that is absent (v nil) or a null,
// however the null is written.
func (fc *fileCtx) required(row *Row, fl *schemas.Field, v *records.Value, form nullForm) {
	if !fc.coll.want(SchemaRequired) {
		return
	}
	var f Finding
	if v != nil {
		f = fc.valueFinding(SchemaRequired, row, fl, v)
	} else {
		f = Finding{Rule: SchemaRequired, File: fc.plan.display, Line: row.Rec.Line, Col: 1, Field: fl.Name, Conversation: fc.conversation(row)}
	}
	switch form {
	case realNull:
		f.Message = fmt.Sprintf("%s is required but has no value", fl.Name)
	case quotedNull:
		f.Value = `"NULL"`
		f.Message = fmt.Sprintf("%s is required but holds a null written in quotes", fl.Name)
	case spelledNull:
		f.Message = fmt.Sprintf("%s is required but holds a null written another way", fl.Name)
	default:
		f.Message = fmt.Sprintf("required key %s is missing", fl.Name)
	}
	f.Fix = fmt.Sprintf("Fill in %s (%s, e.g. %s) on every record: it is required.", fl.Name, fl.Type, exampleOf(fl))
	fc.coll.add(f)
}

func exampleOf(fl *schemas.Field) string {
	if fl.Example != "" {
		return fl.Example
	}
	return "a value"
}

// valueFinding positions a finding at a value and names the field, value and conversation.
func (fc *fileCtx) valueFinding(rule string, row *Row, fl *schemas.Field, v *records.Value) Finding {
	f := fc.at(rule, row.Rec, v.Off)
	f.Field = fl.Name
	f.Value = Truncate(v.Raw)
	f.Conversation = fc.conversation(row)
	return f
}

// conversation is the transcript's conversation id, for findings.
func (fc *fileCtx) conversation(row *Row) string {
	if fc.tstate == nil {
		return ""
	}
	if v := row.V[0]; v != nil && v.Kind != records.Null {
		return Truncate(v.Raw)
	}
	return ""
}

func (fc *fileCtx) checkType(row *Row, fl *schemas.Field, v *records.Value, csv bool) {
	switch fl.Type {
	case schemas.String:
		if !csv && v.Kind != records.String {
			fc.typeError(row, fl, v, func() (string, string) {
				return fmt.Sprintf("%s must be a JSON string but is a %s", fl.Name, v.Kind), fmt.Sprintf(`Quote it: "%s": "%s".`, fl.Name, Truncate(v.Raw))
			})
		}
	case schemas.Integer:
		fc.checkNumber(row, fl, v, csv, "an Integer", schemas.IsInteger, func() (string, string) {
			return fmt.Sprintf("%s must be an Integer (digits, no fraction or exponent)", fl.Name), fmt.Sprintf("Write a whole number, e.g. %s.", exampleOf(fl))
		})
	case schemas.Decimal:
		fc.checkNumber(row, fl, v, csv, "a Decimal", schemas.IsDecimal, func() (string, string) {
			return fmt.Sprintf("%s must be a plain Decimal (like 129.45)", fl.Name), "Write digits with an optional '.' and fraction: no currency symbols, thousands separators or exponents."
		})
	case schemas.Bool:
		fc.checkBool(row, fl, v, csv)
	case schemas.Timestamp:
		if !csv && v.Kind != records.String {
			fc.typeError(row, fl, v, func() (string, string) {
				return fmt.Sprintf("%s must be an ISO 8601 timestamp string but is a JSON %s", fl.Name, v.Kind), "Write a quoted UTC timestamp like \"2020-01-03T20:02:13Z\"."
			})
			return
		}
		fc.checkTimestamp(row, fl, v)
	}
}

// checkNumber holds an Integer or Decimal field to its form (valid); in
// JSONL a number sent as a string gets its own message, since the fix is
// to drop the quotes.
func (fc *fileCtx) checkNumber(row *Row, fl *schemas.Field, v *records.Value, csv bool, what string, valid func([]byte) bool, bad func() (string, string)) {
	if !csv && v.Kind == records.String && valid(v.Raw) {
		fc.typeError(row, fl, v, func() (string, string) {
			return fmt.Sprintf("%s is a JSON string; %s must be a JSON number", fl.Name, what), fmt.Sprintf(`Send numbers as JSON numbers, without quotes: "%s": %s.`, fl.Name, Truncate(v.Raw))
		})
	} else if (!csv && v.Kind != records.Number) || !valid(v.Raw) {
		fc.typeError(row, fl, v, bad)
	}
}

func (fc *fileCtx) checkBool(row *Row, fl *schemas.Field, v *records.Value, csv bool) {
	_, ok := schemas.ParseBool(v.Raw)
	switch {
	case !csv && v.Kind == records.String && ok:
		fc.typeError(row, fl, v, func() (string, string) {
			return fmt.Sprintf("%s is a JSON string; a Bool must be JSON true or false", fl.Name), "Send booleans without quotes: true or false."
		})
	case !ok || (!csv && v.Kind != records.Bool):
		fc.typeError(row, fl, v, func() (string, string) {
			return fmt.Sprintf("%s must be true or false", fl.Name), "Write exactly true or false (lowercase); not 1/0, yes/no or TRUE."
		})
	}
}

// typeError reports a schema/type finding; explain formats its message and
// fix only when the finding is kept, so a column of bad values past the cap
// costs a count, not two Sprintfs per value.
func (fc *fileCtx) typeError(row *Row, fl *schemas.Field, v *records.Value, explain func() (msg, fix string)) {
	if !fc.coll.want(SchemaType) {
		return
	}
	f := fc.valueFinding(SchemaType, row, fl, v)
	f.Message, f.Fix = explain()
	f.Edit = fc.typeEdit(row.Rec, fl, v)
	fc.coll.add(f)
}

func (fc *fileCtx) checkTimestamp(row *Row, fl *schemas.Field, v *records.Value) {
	ns, st := schemas.ParseTimestamp(v.Raw)
	switch st {
	case schemas.TimeBadFormat, schemas.TimeBadCalendar:
		if fc.coll.want(TimeISO8601) {
			f := fc.valueFinding(TimeISO8601, row, fl, v)
			if st == schemas.TimeBadCalendar {
				f.Message = fmt.Sprintf("%s is not a real date and time", fl.Name)
				f.Fix = "Check the export's date arithmetic: month 01-12, a day that exists in that month, hour 00-23."
			} else {
				f.Message = fmt.Sprintf("%s is not an ISO 8601 date-time", fl.Name)
				f.Fix = "Write YYYY-MM-DDTHH:MM:SS[.fraction]Z, e.g. 2020-01-03T20:02:13Z" + timestampHint(v.Raw)
				f.Edit = fc.timestampEdit(row.Rec, v)
			}
			fc.coll.add(f)
		}
		return
	case schemas.TimeNoZone, schemas.TimeNotUTC:
		if fc.coll.want(TimeUTC) {
			f := fc.valueFinding(TimeUTC, row, fl, v)
			if st == schemas.TimeNoZone {
				f.Message = fmt.Sprintf("%s has no time zone", fl.Name)
				f.Fix = "Convert to UTC and append Z, e.g. 2020-01-03T20:02:13Z."
			} else {
				f.Message = fmt.Sprintf("%s is not in UTC", fl.Name)
				f.Fix = fmt.Sprintf("Convert to UTC and write Z: %s.", time.Unix(0, ns).UTC().Format("2006-01-02T15:04:05.999999999Z"))
				f.Edit = fc.timestampEdit(row.Rec, v)
			}
			fc.coll.add(f)
		}
	}
	row.TS[fl.Index] = ns
	row.TSOK[fl.Index] = true
	if (ns < y2k || ns > fc.now+day) && fc.coll.want(TimeRange) {
		f := fc.valueFinding(TimeRange, row, fl, v)
		if ns < y2k {
			f.Message = fmt.Sprintf("%s is before 2000-01-01", fl.Name)
			f.Fix = "Check for a zero or epoch default standing in for a missing time; write NULL (or null) if the time is unknown."
		} else {
			f.Message = fmt.Sprintf("%s is more than 24 hours in the future", fl.Name)
			f.Fix = "Check the time zone conversion and the year; future events cannot be in an export."
		}
		fc.coll.add(f)
	}
}

// timestampHint names the most common near-misses.
func timestampHint(b []byte) string {
	switch {
	case len(b) >= 11 && b[10] == ' ':
		return " (use T, not a space, between date and time)."
	case len(b) == 10:
		return " (a date alone is not a timestamp: add the time)."
	case len(b) >= 3 && bytes.IndexByte(b[:3], '/') >= 0 || bytes.Count(b, []byte("/")) == 2:
		return " (dates are YYYY-MM-DD, not with slashes)."
	case len(b) > 0 && b[0] >= '0' && b[0] <= '9' && bytes.IndexByte(b, '-') < 0:
		return " (not a Unix epoch number)."
	}
	return "."
}
