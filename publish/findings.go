package publish

import (
	"fmt"
	"time"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/rules"
)

// TargetFindings are the target rules that need no network: the bucket name
// (target/bucket, target/transcripts-bucket) and a late dt (target/backfill).
// bucketFrom is where the bucket was named (the credentials file, or the
// target URI when it came from --bucket); backfill is reported on each local
// file so reports can point at something the user has. feed is the feed id
// ("" when unknown skips the transcripts check). now is passed in so tests
// can fix the clock.
func TargetFindings(base layout.Target, feed, bucketFrom string, files []string, now time.Time) []rules.Finding {
	var out []rules.Finding
	for _, p := range layout.CheckBucket(base.Bucket, feed) {
		out = append(out, rules.Finding{
			Rule:     p.Rule,
			Severity: rules.Error,
			File:     bucketFrom,
			Message:  p.Message, // names the bucket: no Value, or reports print it twice
			Fix:      p.Fix,
		})
	}
	if day, _ := base.Day(); !day.IsZero() {
		today := now.UTC().Truncate(24 * time.Hour)
		yesterday := today.AddDate(0, 0, -1)
		if day.Before(yesterday) {
			for _, f := range files {
				out = append(out, rules.Finding{
					Rule:     "target/backfill",
					Severity: rules.Warning,
					File:     f,
					Value:    "dt=" + base.DT,
					Message:  fmt.Sprintf("dt is before yesterday (%s UTC): ASAPP imports daily, 4 hours after UTC midnight, so this data will not be picked up by the regular import", yesterday.Format(time.DateOnly)),
					Fix:      "tell your ASAPP team about the historical upload so they schedule a re-import",
				})
			}
		}
	}
	return out
}

// alreadyComplete is the finding for a prefix that already holds _SUCCESS.
func alreadyComplete(p *Plan) rules.Finding {
	return rules.Finding{
		Rule:     rules.TargetAlreadyComplete,
		Severity: rules.Error,
		File:     p.SuccessURI(),
		Message:  fmt.Sprintf("%s already exists: this target was published and may already be imported", p.SuccessURI()),
		Fix:      "publish to a new dt/hr/mi, or pass --replace to overwrite the data (the old _SUCCESS is deleted first)",
	}
}

// strayObject is the finding for an object under the prefix that this
// publish does not write: _SUCCESS would vouch for it too.
func strayObject(p *Plan, uri string) rules.Finding {
	return rules.Finding{
		Rule:     rules.TargetStrayObject,
		Severity: rules.Error,
		File:     uri,
		Message:  fmt.Sprintf("%s is under %s but is not one of the files being published: ASAPP would import it with this upload's _SUCCESS, unchecked", uri, p.PrefixURI()),
		Fix:      "delete it, add the file it came from to this publish, or pass --replace to make the prefix hold exactly these files (it is deleted after the new files are verified)",
	}
}
