package status

import (
	"fmt"
	"time"

	"github.com/preflight-data/preflight/layout"
)

// series is one feed's daily incremental partitions: a FEED/version/format.
type series struct {
	feed    string
	version int
	format  string
}

// missing lists the days without a partition in each daily incremental
// series, from its first to its last dt (or --since/--until). A day after
// the last dt counts only once its import has run: today is not missing
// yet. A feed named with --feed-name that has no partition at all is one
// missing row.
func (b *builder) missing() []Partition {
	days := map[series]map[string]bool{}
	feeds := map[string]bool{}
	for _, a := range b.parts {
		feeds[a.t.FeedName] = true
		if a.t.Snapshot() {
			continue // a snapshot replaces the feed; there is no daily series
		}
		s := series{a.t.FeedName, a.t.Version, a.t.Format}
		if days[s] == nil {
			days[s] = map[string]bool{}
		}
		days[s][a.t.DT] = true
	}
	var out []Partition
	for s, present := range days {
		out = append(out, b.gaps(s, present)...)
	}
	for _, f := range b.o.Feeds {
		if !feeds[f] {
			out = append(out, Partition{Feed: f, State: Missing, URI: b.location() + f + "/",
				Note: fmt.Sprintf("no partition of this feed under %s", b.location())})
		}
	}
	return out
}

// gaps are the missing days of one series.
func (b *builder) gaps(s series, present map[string]bool) []Partition {
	first, last := "", ""
	for dt := range present {
		if first == "" || dt < first {
			first = dt
		}
		if dt > last {
			last = dt
		}
	}
	lo, hi := first, last
	if b.o.Since != "" {
		lo = b.o.Since
	}
	if b.o.Until != "" {
		hi = b.o.Until
	}
	start, err1 := layout.ParseDate(lo)
	end, err2 := layout.ParseDate(hi)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []Partition
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		dt := d.Format(time.DateOnly)
		if present[dt] || dt > last && b.o.Now.Before(ImportTime(dt)) {
			continue
		}
		t := layout.Target{FeedName: s.feed, Version: s.version, Format: s.format, DT: dt, Hour: -1, Minute: -1}
		out = append(out, Partition{Feed: s.feed, Version: s.version, Format: s.format, DT: dt, State: Missing,
			URI: b.location() + t.Prefix(), Note: "no partition for this day"})
	}
	return out
}
