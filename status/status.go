// Package status says what state a target bucket is in, the way ASAPP's
// daily import will see it: every partition of every feed
// (FEED/version=N/format=F/dt=D[/hr=H[/mi=M]]/) as complete, pending,
// marker-only, bad-marker, stale or missing, whether its _SUCCESS landed
// after the import had run (late), and the keys that follow no layout
// (stray). It only lists and reads; it never writes.
package status

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// State is what ASAPP's import makes of a partition.
type State string

// The states, from best to worst.
const (
	// Complete: an empty _SUCCESS, written after every data object.
	Complete State = "complete"
	// Pending: data objects (or a publish writing them) without _SUCCESS:
	// ASAPP waits for the marker and imports nothing yet.
	Pending State = "pending"
	// MarkerOnly: _SUCCESS with no data: ASAPP imports an empty day.
	MarkerOnly State = "marker-only"
	// BadMarker: a _SUCCESS that is not empty; the spec asks for an empty one.
	BadMarker State = "bad-marker"
	// Stale: data objects modified after _SUCCESS: ASAPP may have imported
	// the data as it was before.
	Stale State = "stale"
	// Missing: a day with no partition inside the range of a daily
	// incremental feed.
	Missing State = "missing"
)

// States lists the states in the order reports count them.
var States = []State{Complete, Pending, MarkerOnly, BadMarker, Stale, Missing}

// ImportDelay is when ASAPP imports a day: this long after the UTC midnight
// that ends it ("scheduled daily, 4 hours after UTC midnight, for the
// previous day's data").
const ImportDelay = 4 * time.Hour

// Partition is one partition prefix and its state.
type Partition struct {
	Feed    string  `json:"feed"`
	Version int     `json:"version"` // 0 for a feed with no partition at all
	Format  string  `json:"format"`
	DT      string  `json:"dt"`
	Hour    *string `json:"hr"` // "05"; null when the partition has no hr=
	Minute  *string `json:"mi"`
	State   State   `json:"state"`
	// Late: _SUCCESS landed after the import of the dt day had run.
	Late bool `json:"late"`
	// Objects and Bytes count the data objects (not _SUCCESS, not a lease).
	Objects     int        `json:"objects"`
	Bytes       int64      `json:"bytes"`
	SuccessTime *time.Time `json:"success_time"`
	// LastWrite is the newest data object's time.
	LastWrite *time.Time `json:"last_write,omitempty"`
	// URI is the partition prefix, s3://BUCKET/[SUB/]FEED/.../
	URI string `json:"uri,omitempty"`
	// Note says more: how long a pending one has waited, who is writing
	// it, incomplete multipart uploads.
	Note string `json:"note,omitempty"`
}

// Stray is an object that follows no layout: ASAPP's import never reads
// it, and it is usually a mistake in the path.
type Stray struct {
	URI      string    `json:"uri"`
	Bytes    int64     `json:"bytes"`
	Modified time.Time `json:"last_modified"`
	Reason   string    `json:"reason"`
}

// Report is the state of a bucket (or of its sub-folder).
type Report struct {
	Bucket string `json:"bucket"`
	// Root is the sub-folder listed ("" for the whole bucket).
	Root string `json:"root,omitempty"`
	// Feeds, Since and Until are the filters the report was made with.
	Feeds      []string    `json:"feeds,omitempty"`
	Since      string      `json:"since,omitempty"`
	Until      string      `json:"until,omitempty"`
	Generated  time.Time   `json:"generated"`
	Partitions []Partition `json:"partitions"`
	Stray      []Stray     `json:"stray"`
}

// OK is true when every partition is complete and on time and nothing is
// stray: what a cron job or CI step alerts on.
func (r *Report) OK() bool {
	for _, p := range r.Partitions {
		if p.State != Complete || p.Late {
			return false
		}
	}
	return len(r.Stray) == 0
}

// Counts are how many partitions are in each state, and how many are late.
func (r *Report) Counts() (byState map[State]int, late int) {
	byState = map[State]int{}
	for _, p := range r.Partitions {
		byState[p.State]++
		if p.Late {
			late++
		}
	}
	return byState, late
}

// URI is the listed location, s3://BUCKET/[ROOT/].
func (r *Report) URI() string {
	if r.Root == "" {
		return "s3://" + r.Bucket + "/"
	}
	return "s3://" + r.Bucket + "/" + r.Root + "/"
}

// API is the part of *s3.Client that Read uses: it only lists and reads.
type API interface {
	s3.ListObjectsV2APIClient
	ListMultipartUploads(context.Context, *s3.ListMultipartUploadsInput, ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// DefaultConcurrency is how many listings run at once.
const DefaultConcurrency = 8

// Options say what to look at.
type Options struct {
	Bucket string
	// Root is the sub-folder the feeds sit in ("" = the bucket's root).
	Root string
	// Feeds limits the report to these FEED_NAMEs (empty = every feed,
	// and stray keys anywhere under Root).
	Feeds []string
	// Since and Until (YYYY-MM-DD, inclusive) limit the days reported and
	// widen the range missing days are looked for in.
	Since, Until string
	// Now is the clock (zero = time.Now()).
	Now time.Time
	// Concurrency is how many listings run at once.
	Concurrency int
}

// Read lists the bucket and works out every partition's state.
func Read(ctx context.Context, api API, o Options) (*Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Since != "" && o.Until != "" && o.Since > o.Until {
		return nil, fmt.Errorf("--since %s is after --until %s", o.Since, o.Until)
	}
	l := &lister{api: api, o: o}
	objs, err := l.objects(ctx)
	if err != nil {
		return nil, err
	}
	uploads, err := l.uploads(ctx)
	if err != nil {
		return nil, err
	}
	b := newBuilder(o)
	for _, ob := range objs {
		b.add(ob)
	}
	for _, u := range uploads {
		b.addUpload(u)
	}
	if err := b.readLeases(ctx, api); err != nil {
		return nil, err
	}
	return b.report(), nil
}
