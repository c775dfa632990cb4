package rules

// The null/ rules.
const (
	NullEmpty    = "null/empty-value"
	NullQuoted   = "null/quoted-null"
	NullSpelling = "null/spelling"
)

var ruleNullEmpty = Info{
	ID:       NullEmpty,
	Severity: Error,
	Fixable:  true,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "Empty field; missing values must be the unquoted string NULL",
	Why:      "ASAPP reads only the unquoted string NULL as a missing value in CSV; an empty field is ambiguous (empty string, or a dropped value) and is loaded as an empty string or rejected for typed fields. An empty required field gets this one finding (its fix is the same NULL), not schema/required as well.",
	Spec:     "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.",
	Fix:      "Write the unquoted string NULL for a missing value, e.g. `a,NULL,c` instead of `a,,c`.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleNullQuoted = Info{
	ID:       NullQuoted,
	Severity: Warning,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  `"NULL" in quotes, in CSV or as a JSON string: a null written as text`,
	Why:      "A quoted \"NULL\" (in CSV, or the JSON string \"NULL\" in JSONL) is a null written as text: ASAPP reads the four letters NULL, not a missing value, so a missing survey_answer arrives as the answer \"NULL\". preflight gives it one verdict everywhere: it is a missing value. In an optional field that is this warning; in a required field it is reported once, as schema/required, not here as well; and sales/attribution-key does not count it as a key.",
	Spec:     "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.",
	Fix:      "Write NULL without quotes in CSV (if your CSV writer quotes every field, switch it to minimal quoting, e.g. Python's csv.QUOTE_MINIMAL), and JSON null, not \"NULL\", in JSONL.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleNullSpelling = Info{
	ID:       NullSpelling,
	Severity: Warning,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Null written another way (null, None, N/A, \\N, nil...) outside free text",
	Why:      "Only the unquoted string NULL means missing; null, None, N/A, \\N or nil are imported as literal text, polluting categories and failing typed fields. NA is accepted in transfer because the spec names it there. Free-text fields are exempt: a customer who types \"None\" in a message means it, so text (transcripts), disposition_notes and survey_answer (call_center), and any custom-feed field marked \"x-preflight-free-text\": true are never flagged. In a required field a null spelling is a missing value, reported once as schema/required instead.",
	Spec:     "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.\nAgent queue name if call was transferred. NA or Null value for calls not transferred.",
	Fix:      "Replace every other spelling of null with the unquoted string NULL, e.g. `...,NULL,...` instead of `...,N/A,...`.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}
