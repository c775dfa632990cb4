// Package layout holds ASAPP's target path convention:
//
//	s3://BUCKET[/SUB-FOLDER]/FEED_NAME/version=N/format=FORMAT/dt=YYYY-MM-DD[/hr=HH[/mi=MM]]/FILE
//
// and the bucket naming rules. It is pure string and date logic with no I/O, so
// check (reading a local path), path (printing a URI) and publish (building
// object keys) all agree on one definition.
package layout

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/preflight-data/preflight/audio"
)

// Formats are the values ASAPP accepts in the format= segment. The snapshot_
// ones tell ASAPP to replace the feed rather than append to it. Recordings
// go under their container (format=wav, format=mp3...) or, when a prefix
// holds several, format=audio; the spec gives audio no format name of its
// own, so these are preflight's.
var Formats = append([]string{"csv", "jsonl", "snapshot_csv", "snapshot_jsonl", AudioFormat}, audio.Formats...)

// AudioFormat is the format= segment of recordings of any container.
const AudioFormat = "audio"

// IsAudioFormat reports whether a format= value is one of recordings.
func IsAudioFormat(f string) bool { return f == AudioFormat || audio.IsFormat(f) }

// SuccessName is the empty marker that tells ASAPP an upload is complete.
const SuccessName = "_SUCCESS"

// Target is one place in ASAPP's layout. Hour and Minute are -1 when absent.
type Target struct {
	Bucket, SubFolder, FeedName string
	Version                     int
	Format                      string // "csv", "jsonl", "snapshot_csv", "snapshot_jsonl"
	DT                          string // YYYY-MM-DD
	Hour, Minute                int    // -1 when absent
	File                        string
}

// Prefix is the object key prefix, without the bucket and ending in "/":
// [sub/]FEED/version=N/format=F/dt=D[/hr=HH[/mi=MM]]/
func (t Target) Prefix() string {
	var b strings.Builder
	if sub := strings.Trim(t.SubFolder, "/"); sub != "" {
		b.WriteString(sub)
		b.WriteByte('/')
	}
	fmt.Fprintf(&b, "%s/version=%d/format=%s/dt=%s/", t.FeedName, t.Version, t.Format, t.DT)
	if t.Hour >= 0 {
		fmt.Fprintf(&b, "hr=%02d/", t.Hour)
		// A minute without an hour has no place in the layout, so it is only
		// written under an hour.
		if t.Minute >= 0 {
			fmt.Fprintf(&b, "mi=%02d/", t.Minute)
		}
	}
	return b.String()
}

// Key is the full object key of File (Prefix alone when File is empty).
func (t Target) Key() string { return t.Prefix() + t.File }

// URI is s3://bucket/prefix+File, or the prefix alone when File is empty.
func (t Target) URI() string { return "s3://" + t.Bucket + "/" + t.Key() }

// Snapshot reports whether the format asks ASAPP to replace the feed's data.
func (t Target) Snapshot() bool { return strings.HasPrefix(t.Format, "snapshot_") }

// The modes of a partition: incremental data is appended, a snapshot
// replaces the feed. The format= segment says which (snapshot_ prefix).
const (
	Incremental = "incremental"
	Snapshot    = "snapshot"
)

// Mode is the target's mode, from its format= segment.
func (t Target) Mode() string {
	if t.Snapshot() {
		return Snapshot
	}
	return Incremental
}

// CheckMode refuses a mode other than incremental, snapshot or "" (not
// given). Flags and config name the setting in front of the error.
func CheckMode(mode string) error {
	switch mode {
	case "", Incremental, Snapshot:
		return nil
	}
	return fmt.Errorf("%q: use incremental or snapshot", mode)
}

// FormatFor is the format= segment for a file format ("csv" or "jsonl")
// in a mode: snapshot_csv for a CSV snapshot.
func FormatFor(mode, fileFormat string) string {
	if mode == Snapshot {
		return "snapshot_" + fileFormat
	}
	return fileFormat
}

// FileFormat is the file type the format segment promises: "csv" or "jsonl".
func (t Target) FileFormat() string { return strings.TrimPrefix(t.Format, "snapshot_") }

// Day is the dt day in UTC, from 00:00:00 to 23:59:59.999999999. Both are zero
// when DT is not a valid date.
func (t Target) Day() (start, end time.Time) {
	d, err := ParseDate(t.DT)
	if err != nil {
		return time.Time{}, time.Time{}
	}
	return d, d.Add(24*time.Hour - time.Nanosecond)
}

// ParseDate reads a dt value strictly: exactly YYYY-MM-DD and a real day
// (time.Parse already rejects 2023-02-30).
func ParseDate(s string) (time.Time, error) {
	if len(s) != len("2006-01-02") {
		return time.Time{}, fmt.Errorf("dt=%s is not YYYY-MM-DD", s)
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("dt=%s is not a real date (YYYY-MM-DD)", s)
	}
	return d, nil
}

// ValidFormat reports whether f is one of Formats.
func ValidFormat(f string) bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

// FromPath finds the layout in a local file path such as
// exports/call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv.
// found is false when the path has none of the version=, format= or dt=
// segments: such a file is simply not laid out, which is not a problem. When
// found, problems lists everything wrong with the layout; whether the format
// segment matches the file's contents is left to the caller.
func FromPath(p string) (t Target, found bool, problems []string) {
	segs := strings.Split(filepath.ToSlash(p), "/")
	t, found, problems = parseSegments(segs, true)
	return t, found, problems
}

// ParseURI reads s3://BUCKET[/SUB-FOLDER]/FEED_NAME/version=N/... . The file
// may be absent (a URI ending in "/" names the prefix). Everything before
// FEED_NAME is the sub-folder.
func ParseURI(uri string) (Target, error) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return Target{}, fmt.Errorf("%q is not an s3:// URI", uri)
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return Target{}, fmt.Errorf("%q has no bucket", uri)
	}
	segs := strings.Split(key, "/")
	t, found, problems := parseSegments(segs, false)
	if !found {
		return Target{}, fmt.Errorf("%q has no FEED_NAME/version=N/format=FORMAT/dt=YYYY-MM-DD path", uri)
	}
	if len(problems) > 0 {
		return Target{}, fmt.Errorf("%q: %s", uri, strings.Join(problems, "; "))
	}
	t.Bucket = bucket
	return t, nil
}

// partition keys in the order the layout requires them.
var keys = []string{"version", "format", "dt", "hr", "mi"}

func keyOf(seg string) string {
	k, _, ok := strings.Cut(seg, "=")
	if !ok {
		return ""
	}
	for _, want := range keys {
		if k == want {
			return k
		}
	}
	return ""
}

// parseSegments does the work of FromPath and ParseURI. local says the
// segments are a local path: there the file is required and what precedes the
// feed is just where the file happens to sit, not a sub-folder.
func parseSegments(segs []string, local bool) (t Target, found bool, problems []string) {
	t.Hour, t.Minute = -1, -1
	// A trailing slash means "no file".
	trailingSlash := len(segs) > 0 && segs[len(segs)-1] == ""
	segs = nonEmpty(segs)
	first, found := firstPartition(segs)
	if !found {
		return t, false, nil
	}
	// The file is the last segment unless it is itself a partition segment
	// (a path naming a directory, or a URI naming a prefix).
	end := len(segs)
	if !trailingSlash && end > 0 && keyOf(segs[end-1]) == "" && end-1 > first {
		t.File = segs[end-1]
		end--
	}
	if t.File == "" && local {
		problems = append(problems, "no file name after the partition segments")
	}
	if t.File == SuccessName {
		problems = append(problems, "a data file must not be named _SUCCESS: that name is the completion marker")
	}
	if first == 0 {
		problems = append(problems, "no FEED_NAME segment before version=")
	} else {
		t.FeedName = segs[first-1]
		if !local && first > 1 {
			t.SubFolder = strings.Join(segs[:first-1], "/")
		}
	}
	return t, true, append(problems, t.partition(segs[first:end])...)
}

// nonEmpty drops empty and "." segments ("a//b", a leading "/", "./a").
func nonEmpty(segs []string) []string {
	out := segs[:0:0]
	for _, s := range segs {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// firstPartition is the index of the first partition segment (everything
// from there to the end must follow the layout exactly); found is false
// when no version=, format= or dt= segment says the path is laid out.
func firstPartition(segs []string) (first int, found bool) {
	first = -1
	for i, s := range segs {
		switch keyOf(s) {
		case "version", "format", "dt":
			found = true
		}
		if first < 0 && keyOf(s) != "" {
			first = i
		}
	}
	return first, found
}

// partition walks the partition segments against the order the layout
// requires, storing each value in t and saying what is wrong.
func (t *Target) partition(part []string) (problems []string) {
	want := 0 // index into keys of the next expected key
	seen := map[string]bool{}
	for _, s := range part {
		k := keyOf(s)
		_, v, _ := strings.Cut(s, "=")
		if k == "" {
			problems = append(problems, fmt.Sprintf("unexpected segment %q among the partition segments", s))
			continue
		}
		if seen[k] {
			problems = append(problems, fmt.Sprintf("%s= appears more than once", k))
			continue
		}
		seen[k] = true
		idx := indexOf(k)
		switch {
		case idx < want:
			problems = append(problems, fmt.Sprintf("%s= is out of order: want version=/format=/dt=[/hr=[/mi=]]", k))
		case idx > want && idx <= 2:
			// A required segment was skipped; reported below as missing.
		case k == "mi" && !seen["hr"]:
			problems = append(problems, "mi= without hr=: the minute goes under an hour")
		}
		want = max(want, idx+1)
		problems = append(problems, parseValue(t, k, v)...)
	}
	for _, k := range keys[:3] {
		if !seen[k] {
			problems = append(problems, fmt.Sprintf("missing %s= segment", k))
		}
	}
	return problems
}

func indexOf(k string) int {
	for i, want := range keys {
		if k == want {
			return i
		}
	}
	return -1
}

// parseValue stores one partition value in t and says what is wrong with it.
func parseValue(t *Target, k, v string) []string {
	switch k {
	case "version":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || !allDigits(v) {
			return []string{fmt.Sprintf("version=%s is not a positive integer", v)}
		}
		t.Version = n
	case "format":
		t.Format = v
		if !ValidFormat(v) {
			return []string{fmt.Sprintf("format=%s is not one of %s", v, strings.Join(Formats, ", "))}
		}
	case "dt":
		t.DT = v
		if _, err := ParseDate(v); err != nil {
			return []string{err.Error()}
		}
	case "hr":
		n, ok := twoDigits(v, 23)
		if !ok {
			return []string{fmt.Sprintf("hr=%s is not an hour 00-23 (two digits)", v)}
		}
		t.Hour = n
	case "mi":
		n, ok := twoDigits(v, 59)
		if !ok {
			return []string{fmt.Sprintf("mi=%s is not a minute 00-59 (two digits)", v)}
		}
		t.Minute = n
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// twoDigits accepts exactly two digits up to max, as the spec writes hr=HH.
func twoDigits(s string, max int) (int, bool) {
	if len(s) != 2 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n <= max
}
