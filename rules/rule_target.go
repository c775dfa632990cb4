package rules

// The target/ rules.
const (
	TargetPath              = "target/path"
	TargetFormat            = "target/format"
	TargetBucket            = "target/bucket"
	TargetTranscriptsBucket = "target/transcripts-bucket"
	TargetAlreadyComplete   = "target/already-complete"
	TargetStrayObject       = "target/stray-object"
	TargetBackfill          = "target/backfill"
)

var ruleTargetPath = Info{
	ID:       TargetPath,
	Severity: Error,
	Needs:    NeedsLayout,
	Summary:  "Path does not follow FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/FILE",
	Why:      "ASAPP's automation decides how to process a file from its S3 path; a path outside the convention (missing dt=, impossible date, a data file named _SUCCESS) is not imported or is imported as the wrong feed or day.",
	Spec:     "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:\ns3://BUCKET_NAME/FEED_NAME/version=VERSION_NUMBER/format=FORMAT_NAME/dt=DATE/hr=HOUR/mi=MINUTE/DATAFILE_NAME(S)",
	Fix:      "Build the key as FEED_NAME/version=N/format=FORMAT/dt=YYYY-MM-DD[/hr=HH[/mi=MM]]/FILE with a real date and time.",
	Examples: Examples{Bad: []string{"call_center_issues/version=1/format=csv/2024-05-01/calls.csv"}, Good: []string{"call_center_issues/version=1/format=csv/dt=2024-02-29/calls.csv"}},
}

var ruleTargetFormat = Info{
	ID:       TargetFormat,
	Severity: Error,
	Needs:    NeedsLayout,
	Summary:  "format= segment disagrees with the file",
	Why:      "The format= segment tells ASAPP both the parser and the mode (incremental or snapshot); if it disagrees with the file, the file fails to parse or a snapshot is appended instead of replacing the table (or the reverse).",
	Spec:     "The value you provide us in the `format` field discussed above, tells ASAPP whether to treat the data you provide as Incremental or Snapshot data.\nSnapshot data must go into a format=snapshot_{type} folder.",
	Fix:      "Use format=csv or format=jsonl for incremental files and format=snapshot_csv or format=snapshot_jsonl for snapshots, matching the file's actual format.",
	Examples: Examples{Bad: []string{"sales_attribution/version=1/format=jsonl/dt=2024-05-01/sales.csv"}, Good: []string{"sales_attribution/version=1/format=csv/dt=2024-05-01/sales.csv"}},
}

var ruleTargetBucket = Info{
	ID:       TargetBucket,
	Severity: Error,
	Needs:    NeedsTarget,
	Summary:  "Bucket name does not follow ASAPP's convention",
	Why:      "ASAPP only imports from the buckets it created for you; a bucket name outside its convention is a typo or a wrong environment, so the upload fails or lands where nothing imports it.",
	Spec:     "For clarity, ASAPP name buckets use the following convention:\ns3://asapp-{env}-{company_name}-imports-{aws-region}\nEnvironment (prod, pre_prod, test)\ncompany name should not have spaces within.",
	Fix:      "Use the bucket ASAPP gave you: asapp-{env}-{company}-imports-{region} (asapp-customers-sftp-{env}-{region} for transcripts), with env one of prod, pre_prod, test.",
	Examples: Examples{Illustration: targetIllustration},
	Bad:      `s3://asapp-production-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
	Good:     `s3://asapp-prod-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
}

var ruleTargetTranscriptsBucket = Info{
	ID:       TargetTranscriptsBucket,
	Severity: Error,
	Needs:    NeedsTarget,
	Summary:  "Transcripts aimed at an imports bucket, or another feed at the sftp bucket",
	Why:      "Historical transcripts are collected from a separate sftp bucket, and other feeds from the imports bucket; data sent to the other one is never picked up.",
	Spec:     "Historical transcripts are sent to a distinct S3 target separate from other data imports.\nasapp-customers-sftp-{env}-{aws-region}",
	Fix:      "Send transcripts to asapp-customers-sftp-{env}-{region} and every other feed to asapp-{env}-{company}-imports-{region}.",
	Examples: Examples{Illustration: targetIllustration},
	Bad:      `s3://asapp-prod-acme-imports-us-east-1/transcripts/version=1/format=csv/dt=2024-05-01/transcripts.csv`,
	Good:     `s3://asapp-customers-sftp-prod-us-east-1/transcripts/version=1/format=csv/dt=2024-05-01/transcripts.csv`,
}

var ruleTargetAlreadyComplete = Info{
	ID:       TargetAlreadyComplete,
	Severity: Error,
	Needs:    NeedsTarget,
	Gate:     true,
	Summary:  "Target prefix already holds _SUCCESS",
	Why:      "Once _SUCCESS is in a prefix, ASAPP treats that upload as complete and may already have imported it; files added afterwards are missed or imported twice.",
	Spec:     "Upon completing a data upload, you must upload an EMPTY file named _SUCCESS to the same path as your uploaded file, as a flag that indicates your data upload is complete. Until this file is uploaded, ASAPP will assume that the upload is in progress and will not import the associated data file.",
	Fix:      "Publish new data to its own dt (or hr/mi) prefix; to replace a completed upload, agree it with ASAPP and rerun with --replace. Config cannot turn this rule off or lower it: it is the safety gate that keeps a completed prefix from being changed by accident, and --replace is the way to do it on purpose.",
	Examples: Examples{Illustration: targetIllustration},
	Bad: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/_SUCCESS
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls-2.csv`,
	Good: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/_SUCCESS
upload:   call_center_issues/version=1/format=csv/dt=2024-05-02/calls.csv`,
}

var ruleTargetStrayObject = Info{
	ID:       TargetStrayObject,
	Severity: Error,
	Needs:    NeedsTarget,
	Gate:     true,
	Summary:  "Target prefix holds an object this publish does not write",
	Why:      "ASAPP imports everything under a prefix that holds _SUCCESS. An object there that this publish did not check — a file from an earlier upload with another file set, or one copied by hand — would be imported with the new marker as if it had been checked.",
	Spec:     "Upon completing a data upload, you must upload an EMPTY file named _SUCCESS to the same path as your uploaded file, as a flag that indicates your data upload is complete.",
	Fix:      "Delete the object, add the file it came from to the publish, or publish with --replace, which deletes objects the new upload does not have after the new files are verified and before _SUCCESS. Config cannot lower this rule: it is part of publish's guarantee.",
	Examples: Examples{Illustration: targetIllustration},
	Bad: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/calls-old.csv
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
	Good: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
}

var ruleTargetBackfill = Info{
	ID:       TargetBackfill,
	Severity: Warning,
	Needs:    NeedsTarget,
	Summary:  "dt is earlier than yesterday: needs a re-import scheduled with ASAPP",
	Why:      "Imports run once a day, 4 h after UTC midnight, for the previous day; data for an older dt is not picked up unless ASAPP schedules a re-import.",
	Spec:     "Data imports are scheduled daily, 4 hours after UTC midnight (for the previous day's data)\nIn the event that you upload historical data (i.e., from older dates than are currently in the system), please inform your ASAPP team so a complete re-import can be scheduled.",
	Fix:      "Tell your ASAPP team about the backfill so they schedule a re-import, or upload the data under the current day's dt if it belongs there.",
	Examples: Examples{Illustration: targetIllustration},
	Bad: `(uploaded on 2024-05-10)
call_center_issues/version=1/format=csv/dt=2024-04-20/calls.csv`,
	Good: `(uploaded on 2024-05-10)
call_center_issues/version=1/format=csv/dt=2024-05-09/calls.csv`,
}

// targetIllustration says why the target rules' examples are not files:
// publish checks them against the bucket, the dt and what the S3 prefix
// holds, not against a file's bytes.
const targetIllustration = "publish checks this rule against the S3 target (bucket, dt, the objects under the prefix), not a file's content; its tests are in publish/ (plan_test.go, and integration_test.go against a real S3 server)"
