package rules

// The file/ rules.
const (
	FileEmpty       = "file/empty"
	FileFormat      = "file/format"
	FileBinary      = "file/binary"
	FileTooLarge    = "file/record-too-large"
	FileUnknownFeed = "file/unknown-feed"
)

var ruleFileEmpty = Info{
	ID:       FileEmpty,
	Severity: Error,
	Summary:  "File has no data records",
	Why:      "A file without data records imports nothing, yet with a _SUCCESS marker the day counts as delivered; in snapshot mode an empty file replaces the whole table with nothing. The spec has no passage on empty files; this is preflight's own safety check.",
	Fix:      "Check that the export produced rows before uploading; if a day really has no data, agree with ASAPP how to signal that instead of sending a header-only file.",
	Examples: Examples{Bad: []string{"header-only.csv"}, Good: []string{"one-row.csv"}},
}

var ruleFileFormat = Info{
	ID:       FileFormat,
	Severity: Error,
	Summary:  "Content is not the format its name or format= segment says",
	Why:      "ASAPP's automation picks the parser from the file's path, so JSONL content under format=csv (or CSV named .jsonl) fails to parse or is read as garbage.",
	Spec:     "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:",
	Fix:      "Name the file and its format= segment after what it really contains (.csv and format=csv for CSV, .jsonl and format=jsonl for JSONL), or re-export it in the named format.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleFileBinary = Info{
	ID:       FileBinary,
	Severity: Error,
	Fixable:  true,
	Summary:  "File is binary or compressed, not CSV or JSONL text",
	Why:      "ASAPP imports plain CSV or JSONL text; a gzip, zip or spreadsheet file uploaded under a .csv or .jsonl name cannot be read at all, so the import fails.",
	Spec:     "You may provide files as CSV or JSONL format, but we strongly recommend JSONL where possible.",
	Fix:      "Decompress the file (`gunzip calls.csv.gz`, `unzip export.zip`) or export plain CSV/JSONL text instead of a spreadsheet, then check it again.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleFileTooLarge = Info{
	ID:       FileTooLarge,
	Severity: Error,
	Summary:  "Record larger than the reader's limit; it was skipped",
	Why:      "A record longer than 64 MiB is nearly always an unclosed quote or missing line break that swallowed the rest of the file; preflight skips it, and ASAPP's import would misread or reject it. The spec sets no size limit; this is preflight's own safety check.",
	Fix:      "Find the unterminated quote or missing newline just before the reported line and fix it; split a genuinely huge value into smaller records.",
	Examples: Examples{Illustration: "a record over the 64 MiB limit is too big to show or to keep in the repository; the tests write one (rules/rules_test.go, writeLargeRecords)"},
	Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help,2022-03-16T18:42:24Z
... (quote never closed: the next 70 MiB become one field)`,
	Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help",2022-03-16T18:42:24Z`,
}

var ruleFileUnknownFeed = Info{
	ID:       FileUnknownFeed,
	Severity: Error,
	Summary:  "Nothing decides which feed the file is; only format and encoding were checked",
	Why:      "Each feed has its own columns, types and rules, and ASAPP imports a file by the FEED_NAME in its path. A file whose header or keys match no feed (a stray notes.csv beside real exports, an export with renamed columns) cannot be checked against any schema, so preflight checks only its format and encoding, and says so here instead of stopping the whole run.",
	Spec:     "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:",
	Fix:      "Name the feed: `--feed call_center`, `feed:` or a `feeds:` glob in .preflight.yaml, or lay the file out under FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/. If the file is not an export for ASAPP, list it under `exclude:` in .preflight.yaml.",
	Examples: Examples{Bad: []string{"notes.csv"}, Good: []string{"headerless.csv"}},
}
