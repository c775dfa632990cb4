package rules

import (
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// NullKind says whether and how a value stands for a missing one: the
// verdict every null rule gives, exported so `preflight fix` repairs
// exactly the values check reports.
type NullKind uint8

// The ways a value can be a null (see nullFormOf).
const (
	NotNull     = NullKind(notNull)
	RealNull    = NullKind(realNull)    // JSON null, or the unquoted CSV NULL
	EmptyCSV    = NullKind(emptyCSV)    // an empty CSV field
	QuotedNull  = NullKind(quotedNull)  // "NULL" in quotes: a quoted CSV field or a JSON string
	SpelledNull = NullKind(spelledNull) // null, None, N/A, \N...: not in free-text fields
)

// ClassifyNull is check's verdict on value v of field fl (csv: read from a CSV file).
func ClassifyNull(fl *schemas.Field, v *records.Value, csv bool) NullKind {
	return NullKind(nullFormOf(fl, v, csv))
}
