package rules

// The partition/ rules.
const (
	PartitionWindow = "partition/window"
)

var rulePartitionWindow = Info{
	ID:       PartitionWindow,
	Severity: Error,
	Needs:    NeedsWindow,
	Summary:  "Record's event time is outside the dt partition",
	Why:      "The dt= segment tells ASAPP which day a file holds: in incremental mode records outside that UTC day are attributed to the wrong day or double-counted with the next day's file; in snapshot mode records after the day end should not exist yet. Local-time exports are the usual cause.",
	Spec:     "If you use the value `dt=2018-09-02` in your constricted filename, you are indicating that the data contained in that file includes records from `2018-09-02 00:00:00 UTC` → `2018-09-02 23:59:59 UTC`.\nA date of `2018-09-02` means the data includes, effectively, all things from `1970-01-01 00:00:00 UTC` → `2018-09-02 23:59:59 UTC`.",
	Fix:      "Select records by their UTC event time for the dt day (00:00:00–23:59:59 UTC), or move them to the file of the day they belong to.",
	Examples: Examples{Bad: []string{"call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv"}, Good: []string{"call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv"}},
	check:    partitionCheck,
}

var partitionCheck = &check{row: (*fileCtx).checkPartition, inParts: true}
