package rules

// The timestamp/ rules.
const (
	TimeISO8601 = "timestamp/iso8601"
	TimeUTC     = "timestamp/utc"
	TimeRange   = "timestamp/range"
)

var ruleTimeISO8601 = Info{
	ID:       TimeISO8601,
	Severity: Error,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Timestamp is not an ISO 8601 date-time or not a real instant",
	Why:      "ASAPP parses Timestamp fields as ISO 8601 date-times; a local format such as 03/16/2022 or an impossible date like 2023-02-30 fails the import or is dropped, so the record cannot be placed in time.",
	Spec:     "ISO 8601 formatted UTC timestamp.",
	Fix:      "Write timestamps as RFC 3339 date-times in UTC, e.g. `2022-03-16T18:42:24Z`, and check the date exists.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleTimeUTC = Info{
	ID:       TimeUTC,
	Severity: Error,
	Fixable:  true,
	Needs:    NeedsFeed,
	Summary:  "Timestamp has no zone or a non-UTC offset",
	Why:      "ASAPP assumes UTC; a timestamp without a zone, or with a local offset, shifts events by hours, misorders them against other feeds and moves records across day boundaries.",
	Spec:     "ISO 8601 formatted UTC timestamp.",
	Fix:      "Convert timestamps to UTC and end them with Z, e.g. `2024-05-01T08:00:00Z` instead of `2024-05-01T10:00:00+02:00`.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}

var ruleTimeRange = Info{
	ID:       TimeRange,
	Severity: Warning,
	Needs:    NeedsFeed,
	Summary:  "Timestamp before 2000-01-01 or more than 24 h in the future",
	Why:      "A timestamp before 2000 or in the future is almost always a placeholder (1900-01-01, the 1970 epoch) or a unit or time-zone mix-up, and attributes the record to the wrong period. The spec sets no range; this is preflight's own safety check.",
	Fix:      "Write NULL for unknown optional times instead of a placeholder date, and check the conversion (seconds vs milliseconds, local vs UTC).",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}
