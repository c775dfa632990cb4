package rules

// The encoding/ rules.
const (
	EncodingUTF8        = "encoding/utf8"
	EncodingBOM         = "encoding/bom"
	EncodingControlChar = "encoding/control-char"
)

var ruleEncodingUTF8 = Info{
	ID:       EncodingUTF8,
	Severity: Error,
	Fixable:  true,
	Summary:  "Invalid UTF-8 byte sequence",
	Why:      "ASAPP decodes every file as UTF-8. An invalid byte sequence (typically a Latin-1 or Windows-1252 export) makes the import reject the file or turns names and transcript text into replacement characters.",
	Spec:     "Encode files in UTF-8.",
	Fix:      "Export the file as UTF-8, or convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleEncodingBOM = Info{
	ID:       EncodingBOM,
	Severity: Warning,
	Fixable:  true,
	Summary:  "UTF-8 byte-order mark at the start of the file",
	Why:      "A byte-order mark is three invisible bytes (EF BB BF) glued to the first header name, so a reader that does not strip it sees a column called \"\\uFEFFcustomer_id\" and loses the first column. The spec does not mention BOMs; this is preflight's own safety check (preflight itself strips the BOM before reading the header).",
	Fix:      "Save the file as UTF-8 without BOM (e.g. Excel's plain \"CSV\" rather than \"CSV UTF-8\", or Python's encoding=\"utf-8\" rather than \"utf-8-sig\").",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleEncodingControlChar = Info{
	ID:       EncodingControlChar,
	Severity: Error,
	Fixable:  true,
	Summary:  "Raw control character inside a value",
	Why:      "Raw control characters break line-oriented readers: a line break inside a quoted CSV field splits one record into two with shifted columns, and a NUL or ESC can end the import of the file.",
	Spec:     "Escape control characters.",
	Fix:      "Remove control characters or escape them: in JSONL let the JSON encoder write `\\n` and `\\t`; in CSV replace line breaks inside a value with a space.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}
