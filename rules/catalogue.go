package rules

import (
	"sort"
	"sync"
)

// Rule IDs used by the engine. They are public API: never rename one.
const (
	EncodingUTF8        = "encoding/utf8"
	EncodingBOM         = "encoding/bom"
	EncodingControlChar = "encoding/control-char"
	FileEmpty           = "file/empty"
	FileFormat          = "file/format"
	FileBinary          = "file/binary"
	FileTooLarge        = "file/record-too-large"
	FileUnknownFeed     = "file/unknown-feed"

	CSVSyntax          = "csv/syntax"
	CSVFieldCount      = "csv/field-count"
	CSVHeaderMissing   = "csv/header-missing"
	CSVDuplicateColumn = "csv/duplicate-column"
	CSVDelimiter       = "csv/delimiter"
	NullEmpty          = "null/empty-value"
	NullQuoted         = "null/quoted-null"
	NullSpelling       = "null/spelling"

	JSONLSyntax       = "jsonl/syntax"
	JSONLNotObject    = "jsonl/not-object"
	JSONLBlankLine    = "jsonl/blank-line"
	JSONLDuplicateKey = "jsonl/duplicate-key"
	JSONLTooDeep      = "jsonl/too-deep"

	SchemaMissingColumn = "schema/missing-column"
	SchemaUnknownColumn = "schema/unknown-column"
	SchemaRequired      = "schema/required"
	SchemaType          = "schema/type"
	SchemaConstraint    = "schema/constraint"
	TimeISO8601         = "timestamp/iso8601"
	TimeUTC             = "timestamp/utc"
	TimeRange           = "timestamp/range"

	CallWindow          = "call_center/call-window"
	CallAssignedWindow  = "call_center/assigned-window"
	CallSurvey          = "call_center/survey-consistency"
	CallIVR             = "call_center/ivr-consistency"
	ValueNegative       = "value/negative"
	SalesAttributionKey = "sales/attribution-key"
	RecordDuplicate     = "record/duplicate"

	TranscriptRole            = "transcript/sender-role"
	TranscriptConflict        = "transcript/sender-conflict"
	TranscriptOrder           = "transcript/chronological-order"
	TranscriptDuplicate       = "transcript/duplicate-conversation"
	TranscriptRepeatedContent = "transcript/repeated-content"
	TranscriptSplit           = "transcript/conversation-split"
	TranscriptEmptyText       = "transcript/empty-text"
	TranscriptSingleParty     = "transcript/single-party"
	TranscriptSamplingSpan    = "transcript/sampling-window"

	PartitionWindow = "partition/window"
	TargetPath      = "target/path"
	TargetFormat    = "target/format"

	TargetBucket            = "target/bucket"
	TargetTranscriptsBucket = "target/transcripts-bucket"
	TargetAlreadyComplete   = "target/already-complete"
	TargetStrayObject       = "target/stray-object"
	TargetBackfill          = "target/backfill"
)

var (
	csvOnly   = []string{"csv"}
	jsonlOnly = []string{"jsonl"}
	tr        = []string{"transcripts"}
	cc        = []string{"call_center"}
)

// catalogue is the explicit list of rules: adding a rule is one line here,
// one entry in docs.go, the code, and testdata.
var catalogue = []Info{
	{ID: EncodingUTF8, Severity: Error, Summary: "Invalid UTF-8 byte sequence"},
	{ID: EncodingBOM, Severity: Warning, Summary: "UTF-8 byte-order mark at the start of the file"},
	{ID: EncodingControlChar, Severity: Error, Summary: "Raw control character inside a value"},
	{ID: FileEmpty, Severity: Error, Summary: "File has no data records"},
	{ID: FileFormat, Severity: Error, Summary: "Content is not the format its name or format= segment says"},
	{ID: FileBinary, Severity: Error, Summary: "File is binary or compressed, not CSV or JSONL text"},
	{ID: FileTooLarge, Severity: Error, Summary: "Record larger than the reader's limit; it was skipped"},
	{ID: FileUnknownFeed, Severity: Error, Summary: "Nothing decides which feed the file is; only format and encoding were checked"},

	{ID: CSVSyntax, Severity: Error, Summary: "Malformed CSV: bare or unterminated quote, or data after a closing quote", Formats: csvOnly},
	{ID: CSVFieldCount, Severity: Error, Summary: "Row has more or fewer fields than the header", Formats: csvOnly},
	{ID: CSVHeaderMissing, Severity: Warning, Summary: "CSV has no header row; columns are taken in spec order", Formats: csvOnly},
	{ID: CSVDuplicateColumn, Severity: Error, Summary: "Header names the same column twice", Formats: csvOnly},
	{ID: CSVDelimiter, Severity: Error, Summary: "Fields are separated by ';', tab or '|', not commas", Formats: csvOnly},
	{ID: NullEmpty, Severity: Error, Summary: "Empty field; missing values must be the unquoted string NULL", Formats: csvOnly},
	{ID: NullQuoted, Severity: Warning, Summary: `"NULL" in quotes, in CSV or as a JSON string: a null written as text`},
	{ID: NullSpelling, Severity: Warning, Summary: "Null written another way (null, None, N/A, \\N, nil...) outside free text"},

	{ID: JSONLSyntax, Severity: Error, Summary: "Line is not valid JSON, or has trailing data", Formats: jsonlOnly},
	{ID: JSONLNotObject, Severity: Error, Summary: "Line is valid JSON but not an object", Formats: jsonlOnly},
	{ID: JSONLBlankLine, Severity: Warning, Summary: "Empty or whitespace-only line", Formats: jsonlOnly},
	{ID: JSONLDuplicateKey, Severity: Error, Summary: "Object has the same key twice", Formats: jsonlOnly},
	{ID: JSONLTooDeep, Severity: Error, Summary: "JSON nested deeper than 64 levels", Formats: jsonlOnly},

	{ID: SchemaMissingColumn, Severity: Error, Summary: "Required column absent from the CSV header", Formats: csvOnly},
	{ID: SchemaUnknownColumn, Severity: Warning, Summary: "Column or key the feed does not define"},
	{ID: SchemaRequired, Severity: Error, Summary: "Required field missing, or a null however it is written"},
	{ID: SchemaType, Severity: Error, Summary: "Value is not of the field's type"},
	{ID: SchemaConstraint, Severity: Error, Summary: "Value breaks a constraint of a custom feed's JSON Schema"},
	{ID: TimeISO8601, Severity: Error, Summary: "Timestamp is not an ISO 8601 date-time or not a real instant"},
	{ID: TimeUTC, Severity: Error, Summary: "Timestamp has no zone or a non-UTC offset"},
	{ID: TimeRange, Severity: Warning, Summary: "Timestamp before 2000-01-01 or more than 24 h in the future"},

	{ID: CallWindow, Severity: Error, Summary: "call_end is before call_start", Feeds: cc},
	{ID: CallAssignedWindow, Severity: Warning, Summary: "call_assigned_to_agent outside [call_start, call_end]", Feeds: cc},
	{ID: CallSurvey, Severity: Warning, Summary: "survey_taken is true while survey_offered is false", Feeds: cc},
	{ID: CallIVR, Severity: Warning, Summary: "ivr_resolved and ivr_abandoned both true", Feeds: cc},
	{ID: ValueNegative, Severity: Error, Summary: "Negative duration, count or quantity", Feeds: []string{"call_center", "sales_attribution"}},
	{ID: SalesAttributionKey, Severity: Error, Summary: "Neither external_customer_id nor issue_id is present", Feeds: []string{"sales_attribution"}},
	{ID: RecordDuplicate, Severity: Warning, Summary: "Record identical to an earlier one in the run"},

	{ID: TranscriptRole, Severity: Error, Summary: "sender_role is not exactly agent, customer or bot", Feeds: tr},
	{ID: TranscriptConflict, Severity: Error, Summary: "Same sender_externalId with two roles in one conversation", Feeds: tr},
	{ID: TranscriptOrder, Severity: Error, Summary: "Message earlier than the previous message of its conversation", Feeds: tr},
	{ID: TranscriptDuplicate, Severity: Error, Summary: "The same transcript twice: same messages at the same times, under another id, in another file or repeated under its own id", Feeds: tr},
	{ID: TranscriptRepeatedContent, Severity: Warning, Summary: "A long conversation has word for word another's messages, at other times", Feeds: tr},
	{ID: TranscriptSplit, Severity: Warning, Summary: "Conversation appears in more than one file", Feeds: tr},
	{ID: TranscriptEmptyText, Severity: Warning, Summary: "Message text is empty or whitespace only", Feeds: tr},
	{ID: TranscriptSingleParty, Severity: Warning, Summary: "Conversation lacks a customer, or lacks an agent or bot", Feeds: tr},
	{ID: TranscriptSamplingSpan, Severity: Warning, Summary: "Conversations (50 or more) span under 12 months, or one month holds over a quarter", Feeds: tr},

	{ID: PartitionWindow, Severity: Error, Summary: "Record's event time is outside the dt partition", Needs: "partition"},
	{ID: TargetPath, Severity: Error, Summary: "Path does not follow FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/FILE", Needs: "partition"},
	{ID: TargetFormat, Severity: Error, Summary: "format= segment disagrees with the file", Needs: "partition"},
	{ID: TargetBucket, Severity: Error, Summary: "Bucket name does not follow ASAPP's convention", Needs: "target"},
	{ID: TargetTranscriptsBucket, Severity: Error, Summary: "Transcripts aimed at an imports bucket, or another feed at the sftp bucket", Needs: "target"},
	{ID: TargetAlreadyComplete, Severity: Error, Summary: "Target prefix already holds _SUCCESS", Needs: "target", Gate: true},
	{ID: TargetStrayObject, Severity: Error, Summary: "Target prefix holds an object this publish does not write", Needs: "target", Gate: true},
	{ID: TargetBackfill, Severity: Warning, Summary: "dt is earlier than yesterday: needs a re-import scheduled with ASAPP", Needs: "target"},
}

var (
	catOnce   sync.Once
	catSorted []Info
	catByID   map[string]Info
)

func loadCatalogue() {
	catOnce.Do(func() {
		catByID = map[string]Info{}
		for _, in := range catalogue {
			if d, ok := docs[in.ID]; ok {
				in.Why, in.Spec, in.Fix, in.Bad, in.Good = d.Why, d.Spec, d.Fix, d.Bad, d.Good
			}
			catSorted = append(catSorted, in)
			catByID[in.ID] = in
		}
		sort.Slice(catSorted, func(i, j int) bool { return catSorted[i].ID < catSorted[j].ID })
	})
}

// Catalogue returns every rule, sorted by ID.
func Catalogue() []Info {
	loadCatalogue()
	return append([]Info(nil), catSorted...)
}

// Lookup returns one rule's metadata.
func Lookup(id string) (Info, bool) {
	loadCatalogue()
	in, ok := catByID[id]
	return in, ok
}

// appliesTo reports whether a rule runs on a file of this feed and format.
func (i Info) appliesTo(feed, format string, partition, target bool) bool {
	if len(i.Feeds) > 0 && !contains(i.Feeds, feed) {
		return false
	}
	if len(i.Formats) > 0 && !contains(i.Formats, format) {
		return false
	}
	switch i.Needs {
	case "partition":
		return partition
	case "target":
		return target
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
