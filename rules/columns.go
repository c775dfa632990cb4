package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// csvHeader decides whether the first CSV record is a header and sets up the
// column mapping. It reports true when the record was a header (not data).
// A header is recognised by naming at least one of the feed's columns (in
// any case): real data values never equal column names.
func (fc *fileCtx) csvHeader(rec *records.Record) bool {
	feed := fc.feed
	if !IsCSVHeader(feed, rec) {
		if fc.coll.want(CSVHeaderMissing) {
			fc.coll.add(Finding{Rule: CSVHeaderMissing, File: fc.plan.display, Line: rec.Line, Col: 1,
				Message: fmt.Sprintf("no header row: the %d columns are taken in the spec's exact order (%s)", len(feed.Fields), strings.Join(feed.Names(), ",")),
				Fix:     "Add a header row naming the columns; ASAPP recommends one."})
		}
		fc.colField = make([]int, len(feed.Fields))
		for i := range fc.colField {
			fc.colField[i] = i
		}
		fc.expect = len(feed.Fields)
		return false
	}
	fc.header = true
	fc.expect = len(rec.Values)
	fc.colField = make([]int, len(rec.Values))
	seen := map[int]int{}
	for i, v := range rec.Values {
		name := string(v.Raw)
		fc.colField[i] = -1
		idx, ok := feed.Lookup(name)
		if !ok {
			hint := "Remove the column, or rename it to one of the feed's columns (preflight schema " + feed.ID + ")."
			if j, ok := feed.LookupFold(strings.TrimSpace(name)); ok {
				hint = fmt.Sprintf("Did you mean %q? Column names are case-sensitive and take no spaces.", feed.Fields[j].Name)
			}
			if fc.coll.want(SchemaUnknownColumn) {
				f := fc.at(SchemaUnknownColumn, rec, v.Off)
				f.Field = Truncate(v.Raw)
				f.Message = fmt.Sprintf("column is not a field of the %s feed; its values are ignored", feed.ID)
				f.Fix = hint
				fc.coll.add(f)
			}
			continue
		}
		if first, dup := seen[idx]; dup {
			if fc.coll.want(CSVDuplicateColumn) {
				f := fc.at(CSVDuplicateColumn, rec, v.Off)
				f.Field = name
				f.Message = fmt.Sprintf("column appears twice in the header (columns %d and %d); the first is used", first+1, i+1)
				f.Fix = "Remove or rename the second column."
				fc.coll.add(f)
			}
			continue
		}
		seen[idx] = i
		fc.colField[i] = idx
	}
	for _, fl := range feed.Fields {
		if _, ok := seen[fl.Index]; ok || !fl.Required {
			continue
		}
		if fc.coll.want(SchemaMissingColumn) {
			fc.coll.add(Finding{Rule: SchemaMissingColumn, File: fc.plan.display, Line: rec.Line, Field: fl.Name,
				Message: fmt.Sprintf("required column %q is missing from the header", fl.Name),
				Fix:     fmt.Sprintf("Add a %s column (%s) to every row.", fl.Name, fl.Type)})
		}
	}
	return true
}

// IsCSVHeader reports whether a CSV file's first record is its header: it
// names at least one of the feed's columns, in any case.
func IsCSVHeader(feed *schemas.Feed, rec *records.Record) bool {
	for _, v := range rec.Values {
		if _, ok := feed.LookupFold(string(bytes.TrimSpace(v.Raw))); ok {
			return true
		}
	}
	return false
}

// mapCSV places a row's fields by column. It reports false for a row with
// extra or missing fields (a csv/field-count finding), whose values the
// caller must not check one by one: they are shifted.
func (fc *fileCtx) mapCSV(rec *records.Record) bool {
	if fc.colField == nil {
		// The first record is data in a file whose header detection was
		// skipped: cannot happen, but never index a nil mapping.
		fc.colField = []int{}
	}
	ok := len(rec.Values) == fc.expect
	if !ok && fc.coll.want(CSVFieldCount) {
		f := Finding{Rule: CSVFieldCount, File: fc.plan.display, Line: rec.Line, Col: 1}
		what := "header"
		if !fc.header {
			what = fc.feed.ID + " feed's columns"
		}
		f.Message = fmt.Sprintf("row has %d %s but the %s has %d", len(rec.Values), plural(len(rec.Values), "field"), what, fc.expect)
		f.Fix = "Quote values that contain commas, and write NULL for missing values so every row has every column."
		fc.coll.add(f)
	}
	n := len(rec.Values)
	if n > len(fc.colField) {
		n = len(fc.colField)
	}
	for i := 0; i < n; i++ {
		if idx := fc.colField[i]; idx >= 0 {
			fc.row.V[idx] = &rec.Values[i]
		}
	}
	return ok
}

// mapJSONL places an object's members by key; unknown keys are reported,
// and for a duplicate key the first member is checked (the reader already
// reported the duplicate).
func (fc *fileCtx) mapJSONL(rec *records.Record) {
	for i := range rec.Values {
		v := &rec.Values[i]
		idx, ok := fc.feed.LookupBytes(v.Key)
		if !ok {
			// Once per key per file: an extra key in every object is one
			// problem with the export, not a million.
			if fc.unknownKeys == nil {
				fc.unknownKeys = map[string]bool{}
			}
			if fc.unknownKeys[string(v.Key)] || len(fc.unknownKeys) > 1000 {
				continue
			}
			fc.unknownKeys[string(v.Key)] = true
			if fc.coll.want(SchemaUnknownColumn) {
				f := fc.at(SchemaUnknownColumn, rec, v.Off)
				f.Field = string(v.Key)
				f.Message = fmt.Sprintf("key is not a field of the %s feed; it is ignored (reported once per file)", fc.feed.ID)
				f.Fix = "Remove the key, or rename it to one of the feed's fields (preflight schema " + fc.feed.ID + ")."
				if j, ok := fc.feed.LookupFold(string(v.Key)); ok {
					f.Fix = fmt.Sprintf("Did you mean %q? Keys are case-sensitive.", fc.feed.Fields[j].Name)
				}
				fc.coll.add(f)
			}
			continue
		}
		if fc.row.V[idx] == nil {
			fc.row.V[idx] = v
		}
	}
}
