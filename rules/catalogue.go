package rules

import (
	"sort"
	"sync"
)

var (
	csvOnly   = []string{"csv"}
	jsonlOnly = []string{"jsonl"}
	tr        = []string{"transcripts"}
	cc        = []string{"call_center"}
)

// catalogue is the explicit list of rules, each defined in the rule_*.go
// file of its family. Adding a rule is its value there, one line here, and
// its testdata (testdata/rules/<ID>/bad, good and want.txt); the tests fail
// on a rule without docs, examples or testdata. Row passes run in the
// order their rules first appear here.
var catalogue = []*Info{
	&ruleEncodingUTF8,
	&ruleEncodingBOM,
	&ruleEncodingControlChar,
	&ruleFileEmpty,
	&ruleFileFormat,
	&ruleFileBinary,
	&ruleFileTooLarge,
	&ruleFileUnknownFeed,
	&ruleCSVSyntax,
	&ruleCSVFieldCount,
	&ruleCSVHeaderMissing,
	&ruleCSVDuplicateColumn,
	&ruleCSVDelimiter,
	&ruleNullEmpty,
	&ruleNullQuoted,
	&ruleNullSpelling,
	&ruleJSONLSyntax,
	&ruleJSONLNotObject,
	&ruleJSONLBlankLine,
	&ruleJSONLDuplicateKey,
	&ruleJSONLTooDeep,
	&ruleSchemaMissingColumn,
	&ruleSchemaUnknownColumn,
	&ruleSchemaRequired,
	&ruleSchemaType,
	&ruleSchemaConstraint,
	&ruleTimeISO8601,
	&ruleTimeUTC,
	&ruleTimeRange,
	&ruleCallWindow,
	&ruleCallAssignedWindow,
	&ruleCallSurvey,
	&ruleCallIVR,
	&ruleValueNegative,
	&ruleSalesAttributionKey,
	&ruleRecordDuplicate,
	&ruleTranscriptRole,
	&ruleTranscriptConflict,
	&ruleTranscriptOrder,
	&ruleTranscriptDuplicate,
	&ruleTranscriptRepeatedContent,
	&ruleTranscriptSplit,
	&ruleTranscriptEmptyText,
	&ruleTranscriptSingleParty,
	&ruleTranscriptSamplingSpan,
	&rulePartitionWindow,
	&ruleTargetPath,
	&ruleTargetFormat,
	&ruleTargetBucket,
	&ruleTargetTranscriptsBucket,
	&ruleTargetAlreadyComplete,
	&ruleTargetStrayObject,
	&ruleTargetBackfill,
	&ruleAudioFormat,
	&ruleAudioEmpty,
	&ruleAudioTruncated,
	&ruleAudioCorrupt,
	&ruleAudioTooShort,
	&ruleAudioTooLong,
	&ruleAudioSampleRate,
	&ruleAudioChannels,
	&ruleAudioSilent,
	&ruleAudioClipped,
	&ruleAudioUnmatched,
	&ruleAudioMissing,
}

var (
	catOnce   sync.Once
	catSorted []Info
	catByID   map[string]Info
)

// loadCatalogue fills in the examples rendered from testdata and indexes
// the rules, once.
func loadCatalogue() {
	catOnce.Do(func() {
		catByID = make(map[string]Info, len(catalogue))
		for _, r := range catalogue {
			in := *r
			if ex, ok := renderedExamples[in.ID]; ok && in.Examples.Illustration == "" {
				in.Bad, in.Good = ex.Bad, ex.Good
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
