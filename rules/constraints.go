package rules

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/xeipuuv/gojsonschema"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// checkConstraints validates a custom feed's record with gojsonschema, for
// the keywords the compiled checkers do not know (enum, pattern, minimum,
// maxLength...). Types, required fields and timestamps are already checked
// on the fast path, so those errors are not repeated here. It is slow, and
// only ever runs for custom feeds.
func (fc *fileCtx) checkConstraints(row *Row) {
	doc := make(map[string]any, len(fc.feed.Fields))
	for i := range fc.feed.Fields {
		v := row.V[i]
		if v == nil {
			continue
		}
		doc[fc.feed.Fields[i].Name] = goValue(&fc.feed.Fields[i], v, fc.format == "csv")
	}
	res, err := fc.feed.Validator.Validate(gojsonschema.NewGoLoader(doc))
	if err != nil || res.Valid() {
		return
	}
	for _, e := range res.Errors() {
		switch e.Type() {
		case "required", "invalid_type", "format", "number_any_of", "number_one_of":
			continue
		}
		if !fc.coll.want(SchemaConstraint) {
			continue
		}
		f := Finding{Rule: SchemaConstraint, File: fc.plan.display, Line: row.Rec.Line, Col: 1, Field: e.Field()}
		if idx, ok := fc.feed.Lookup(e.Field()); ok && row.V[idx] != nil {
			f = fc.valueFinding(SchemaConstraint, row, &fc.feed.Fields[idx], row.V[idx])
		}
		f.Message = fmt.Sprintf("%s: %s", e.Field(), e.Description())
		f.Fix = "Make the value satisfy the feed's JSON Schema (preflight schema " + fc.feed.ID + ")."
		fc.coll.add(f)
	}
}

// goValue turns a value into what encoding/json would have decoded, typed
// by the schema for CSV (where every value is text).
func goValue(fl *schemas.Field, v *records.Value, csv bool) any {
	if v.Kind == records.Null {
		return nil
	}
	if !csv {
		switch v.Kind {
		case records.Number:
			return json.Number(string(v.Raw))
		case records.Bool:
			return string(v.Raw) == "true"
		case records.Object, records.Array:
			var x any
			if json.Unmarshal(v.Raw, &x) == nil {
				return x
			}
		}
		return string(v.Raw)
	}
	switch fl.Type {
	case schemas.Integer, schemas.Decimal:
		if _, err := strconv.ParseFloat(string(v.Raw), 64); err == nil {
			return json.Number(string(v.Raw))
		}
	case schemas.Bool:
		if b, ok := schemas.ParseBool(v.Raw); ok {
			return b
		}
	}
	return string(v.Raw)
}
