package rules

// The csv/ rules.
const (
	CSVSyntax          = "csv/syntax"
	CSVFieldCount      = "csv/field-count"
	CSVHeaderMissing   = "csv/header-missing"
	CSVDuplicateColumn = "csv/duplicate-column"
	CSVDelimiter       = "csv/delimiter"
)

var ruleCSVSyntax = Info{
	ID:       CSVSyntax,
	Severity: Error,
	Formats:  csvOnly,
	Summary:  "Malformed CSV: bare or unterminated quote, or data after a closing quote",
	Why:      "A stray or unclosed quote makes the parser merge or split fields, so values land in the wrong columns or the whole file is rejected. The spec warns that CSV is fragile but states no quoting rules; this check follows RFC 4180.",
	Fix:      "Quote every field that holds a comma, quote or line break, and double the quotes inside it, e.g. `\"I said \"\"cancel\"\" twice\"`; better, let a CSV library write the file.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleCSVFieldCount = Info{
	ID:       CSVFieldCount,
	Severity: Error,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "Row has more or fewer fields than the header",
	Why:      "A row with more or fewer fields than the header shifts every value after the break into the wrong column, or gets the row rejected; the usual cause is an unquoted comma inside a value. This is a CSV well-formedness check with no spec passage of its own. One mistake, one finding: the row's values are not then checked one by one (the shifted ones would only echo this finding as schema/type, timestamp or null/* findings), and in transcripts its conversation is not judged by single-party or duplicate-conversation, since one of its messages could not be read.",
	Fix:      "Quote values that contain commas (e.g. `\"Wireless, Premier\"`) and make every row carry exactly one value per header column, with NULL where a value is missing.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleCSVHeaderMissing = Info{
	ID:       CSVHeaderMissing,
	Severity: Warning,
	Fixable:  true,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "CSV has no header row; columns are taken in spec order",
	Why:      "Without a header ASAPP maps columns purely by position, so a single missing, extra or reordered column silently loads every value after it into the wrong field.",
	Spec:     "If you send a CSV file, ASAPP recommends that you include a header. Otherwise, your CSV must provide columns in the exact order listed below.",
	Fix:      "Add a first row naming the columns exactly as the spec spells them.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleCSVDuplicateColumn = Info{
	ID:       CSVDuplicateColumn,
	Severity: Error,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "Header names the same column twice",
	Why:      "When a header names a column twice, readers disagree on which of the two values wins, so one of them is silently lost at import. The spec has no passage on this; it is preflight's own safety check.",
	Fix:      "Drop the duplicate column, or rename it if it holds a different field.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleCSVDelimiter = Info{
	ID:       CSVDelimiter,
	Severity: Error,
	Fixable:  true,
	Formats:  csvOnly,
	Needs:    NeedsFeed,
	Summary:  "Fields are separated by ';', tab or '|', not commas",
	Why:      "CSV is comma-separated, and ASAPP's import splits rows on commas: a file whose fields are separated by semicolons (Excel's default in much of Europe), tabs or pipes arrives as one long column, so no column is found and every record fails. The spec names CSV without saying more; this follows RFC 4180. preflight says so once, then reads the file with the separator it found, so every other rule still checks it (and the feed can be told from the header); without this, each row would only be a one-field csv/field-count finding.",
	Spec:     "You may provide files as CSV or JSONL format, but we strongly recommend JSONL where possible. (CSV files are just too fragile.)",
	Fix:      "Export with a comma as the separator, quoting values that contain commas (in Excel: save as \"CSV (Comma delimited)\"; in Python: csv.writer's default delimiter), or send JSONL.",
	Examples: Examples{Bad: []string{"calls-semicolon.csv"}, Good: []string{"calls.csv"}},
}
