package rules

// The jsonl/ rules.
const (
	JSONLSyntax       = "jsonl/syntax"
	JSONLNotObject    = "jsonl/not-object"
	JSONLBlankLine    = "jsonl/blank-line"
	JSONLDuplicateKey = "jsonl/duplicate-key"
	JSONLTooDeep      = "jsonl/too-deep"
)

var ruleJSONLSyntax = Info{
	ID:       JSONLSyntax,
	Severity: Error,
	Formats:  jsonlOnly,
	Summary:  "Line is not valid JSON, or has trailing data",
	Why:      "Each JSONL line is parsed as one JSON value; a line that is not valid JSON (single quotes, trailing commas, two objects on one line) is lost or fails the import. JSON Lines itself requires this; the spec has no further passage.",
	Fix:      "Write each record with a real JSON encoder (e.g. Python's json.dumps, not str(dict)), one object per line.",
	Examples: Examples{Bad: []string{"sales.jsonl"}, Good: []string{"sales.jsonl"}},
}

var ruleJSONLNotObject = Info{
	ID:       JSONLNotObject,
	Severity: Error,
	Formats:  jsonlOnly,
	Summary:  "Line is valid JSON but not an object",
	Why:      "ASAPP maps JSONL fields by key, so a line holding an array, string or number has no field names and cannot be imported. This is a JSON Lines structure check with no spec passage of its own.",
	Fix:      "Write each record as a JSON object whose keys are the spec's field names.",
	Examples: Examples{Bad: []string{"sales.jsonl"}, Good: []string{"sales.jsonl"}},
}

var ruleJSONLBlankLine = Info{
	ID:       JSONLBlankLine,
	Severity: Warning,
	Fixable:  true,
	Formats:  jsonlOnly,
	Summary:  "Empty or whitespace-only line",
	Why:      "Strict JSONL readers treat an empty line as invalid JSON and may reject the file; blank lines usually come from concatenating files or writing an extra newline per record. The spec has no passage on this; it is preflight's own safety check.",
	Fix:      "Remove blank lines so that every line holds exactly one JSON object, with a single newline at the end of the file.",
	Examples: Examples{Bad: []string{"sales.jsonl"}, Good: []string{"sales.jsonl"}},
}

var ruleJSONLDuplicateKey = Info{
	ID:       JSONLDuplicateKey,
	Severity: Error,
	Formats:  jsonlOnly,
	Summary:  "Object has the same key twice",
	Why:      "JSON parsers disagree on which of two equal keys wins (first, last, or an error), so the value ASAPP imports may not be the one you meant. The spec has no passage on this; it is preflight's own safety check.",
	Fix:      "Emit each key once per object; if two source fields map to one name, rename or drop one of them.",
	Examples: Examples{Bad: []string{"sales.jsonl"}, Good: []string{"sales.jsonl"}},
}

var ruleJSONLTooDeep = Info{
	ID:       JSONLTooDeep,
	Severity: Error,
	Formats:  jsonlOnly,
	Summary:  "JSON nested deeper than 64 levels",
	Why:      "Every ASAPP feed is flat, one scalar per field, so JSON nested more than 64 levels is a generator bug or a hostile file that can exhaust a parser's stack; preflight skips the line. The spec has no passage on this; it is preflight's own safety check.",
	Fix:      "Flatten the record to the spec's top-level scalar fields.",
	Examples: Examples{Bad: []string{"sales.jsonl"}, Good: []string{"sales.jsonl"}},
}
