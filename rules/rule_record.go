package rules

import "slices"

// The record/ rules.
const (
	RecordDuplicate = "record/duplicate"
)

var ruleRecordDuplicate = Info{
	ID:       RecordDuplicate,
	Severity: Warning,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Record identical to an earlier one in the run",
	Why:      "Incremental imports append, so an identical record sent twice is counted twice (calls, sales, messages), inflating every metric built on it. The spec has no passage on duplicate records; this is preflight's own safety check. In transcripts a message is compared with the messages of its conversation at the same instant; when every message of a conversation is doubled, the whole conversation was sent twice, which is one transcript/duplicate-conversation finding instead of one of these per message.",
	Fix:      "Remove the repeated record; if it comes from overlapping exports, make each export cover a disjoint time range.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
	check:    duplicateCheck,
}

// duplicateCheck remembers every record of a file for the run's
// record/duplicate. Messages of transcripts are compared by the transcript
// pass, within their conversation, instead.
var duplicateCheck = &check{
	start: func(fc *fileCtx) bool {
		if slices.Contains(tr, fc.feed.ID) || fc.coll.sev[RecordDuplicate] == Off {
			return false
		}
		fc.dup = newDupFile()
		return true
	},
	row: (*fileCtx).checkDuplicate,
}
