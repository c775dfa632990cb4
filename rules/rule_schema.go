package rules

// The schema/ rules.
const (
	SchemaMissingColumn = "schema/missing-column"
	SchemaUnknownColumn = "schema/unknown-column"
	SchemaRequired      = "schema/required"
	SchemaType          = "schema/type"
	SchemaConstraint    = "schema/constraint"
)

var ruleSchemaMissingColumn = Info{
	ID:       SchemaMissingColumn,
	Severity: Error,
	Fixable:  true,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "Required column absent from the CSV header",
	Why:      "A required column absent from the header leaves that field empty for every row, so ASAPP rejects the file or every record in it.",
	Spec:     "The table below shows the required fields to include in your uploaded call center data.\nThe fields described below must be the columns in your uploaded .CSV table.\nThe table below shows the required fields to be included in your uploaded sales methods and attribution data.",
	Fix:      "Add the missing column to the header and a value (or NULL where allowed) to every row; check its spelling against the spec.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleSchemaUnknownColumn = Info{
	ID:       SchemaUnknownColumn,
	Severity: Warning,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Column or key the feed does not define",
	Why:      "A column or key the feed does not define is ignored at import; it is often a misspelled spec field, whose real data then never arrives.",
	Spec:     "Make sure the structure for the imported file (whether columnar or json formatted) matches the current import standards (see below for details)",
	Fix:      "Rename the column to the spec's exact field name, or drop it if ASAPP does not expect it.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleSchemaRequired = Info{
	ID:       SchemaRequired,
	Severity: Error,
	Needs:    NeedsFeed,
	Summary:  "Required field missing, or a null however it is written",
	Why:      "A record missing a required field cannot be keyed or placed in time, so ASAPP drops it or fails the import. A null counts however it is written: an absent key, JSON null, CSV NULL, \"NULL\" in quotes, or another spelling such as N/A in a field that is not free text; each gets this one finding, not a null/quoted-null or null/spelling warning as well (an empty CSV field is null/empty-value's).",
	Spec:     "The table below shows the required fields to be included in your uploaded sales methods and attribution data.",
	Fix:      "Fill in every field whose REQUIRED? column says Yes; fix the export if the source lacks the value rather than sending null.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleSchemaType = Info{
	ID:       SchemaType,
	Severity: Error,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Value is not of the field's type",
	Why:      "The spec's FORMAT column fixes each field's type (String, Integer, Decimal, Float, Bool, Timestamp); a value of another type, such as 600 sent as the string \"600\" or 12.5 in an Integer field, fails the import or loads as garbage.",
	Fix:      "Write each value in its field's type: in JSONL send numbers and booleans bare (`600`, `true`), not as strings; write Integer fields as whole numbers without fraction or exponent (`782`, not `782.00`: JSON Schema's integer allows a zero fraction, the spec's Integer does not).",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleSchemaConstraint = Info{
	ID:       SchemaConstraint,
	Severity: Error,
	Needs:    NeedsCustomFeed,
	Summary:  "Value breaks a constraint of a custom feed's JSON Schema",
	Why:      "A custom feed's JSON Schema from config is the contract for that feed; a value that breaks one of its constraints (enum, pattern, minimum, maxLength...) would be rejected or mis-categorised downstream. ASAPP's spec does not cover custom feeds; the constraint comes from your own schema.",
	Fix:      "Change the value to satisfy the constraint named in the finding, or correct the schema in config if the constraint is wrong.",
	Examples: Examples{Setup: []string{"tickets.json"}, Bad: []string{"tickets.csv"}, Good: []string{"tickets.csv"}},
	check:    constraintCheck,
}

// constraintCheck validates a custom feed's records against its JSON Schema.
var constraintCheck = &check{
	start: func(fc *fileCtx) bool { return fc.feed.Validator != nil },
	row:   (*fileCtx).checkConstraints,
}
