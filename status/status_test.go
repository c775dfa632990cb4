package status_test

// Integration tests against the real S3 server on loopback (see
// internal/s3test): a bucket seeded through publish and through plain
// PutObject with every state, then read back.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/internal/s3test"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/status"
)

const cc = "call_center_issues"

// day is today (UTC) plus n days.
func day(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly) }

// seed is a bucket sub-folder with every state in it.
type seed struct {
	t   *testing.T
	c   *s3.Client
	sub string
}

func (s *seed) target(feed, format, dt string, hour int) layout.Target {
	return layout.Target{Bucket: s3test.Bucket, SubFolder: s.sub, FeedName: feed, Version: 1, Format: format, DT: dt, Hour: hour, Minute: -1}
}

// publish uploads files through publish.Publish, the real code path:
// data, verification, then _SUCCESS.
func (s *seed) publish(t layout.Target, names ...string) {
	dir := s.t.TempDir()
	var srcs []publish.Source
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("id,value\n1,"+n+"\n"), 0o644); err != nil {
			s.t.Fatal(err)
		}
		d, err := digest.File(p)
		if err != nil {
			s.t.Fatal(err)
		}
		srcs = append(srcs, publish.Source{Path: p, Digest: d})
	}
	plan, err := publish.NewPlan(t, srcs)
	if err != nil {
		s.t.Fatal(err)
	}
	out, err := publish.Publish(context.Background(), s.c, plan, publish.Options{})
	if err != nil || !out.Complete {
		s.t.Fatalf("publish %s: %v", t.URI(), err)
	}
}

// put writes an object under a target's prefix with a plain PutObject.
func (s *seed) put(t layout.Target, name, body string) string {
	t.File = name
	s3test.Put(s.t, s.c, t.Key(), []byte(body))
	return t.Key()
}

// seedAll writes one partition per state (and a few of each kind of
// stray), and returns what status must say about them.
func seedAll(t *testing.T, c *s3.Client, sub string) []string {
	s := &seed{t: t, c: c, sub: sub}
	ctx := context.Background()
	s.publish(s.target(cc, "csv", day(-2), -1), "a.csv")           // complete, but after that day's import: late
	s.publish(s.target(cc, "csv", day(0), -1), "a.csv", "b.csv")   // complete; day(-1) is missing
	s.put(s.target(cc, "csv", day(1), -1), "a.csv", "1\n")         // pending
	s.put(s.target(cc, "csv", day(2), -1), layout.SuccessName, "") // marker-only
	s.put(s.target(cc, "csv", day(3), -1), "a.csv", "1\n")         // bad-marker
	s.put(s.target(cc, "csv", day(3), -1), layout.SuccessName, "done\n")
	stale := s.target(cc, "csv", day(4), -1)
	s.publish(stale, "a.csv")
	succ := stale
	succ.File = layout.SuccessName
	s3test.AfterSecond(s3test.Modified(t, c, succ.Key()))
	s.put(stale, "fix.csv", "2\n")                     // written after _SUCCESS: stale
	s.publish(s.target(cc, "csv", day(5), 5), "a.csv") // complete, hr=05
	lease := s.target(cc, "csv", day(6), -1)
	if _, err := publish.Acquire(ctx, c, s3test.Bucket, lease.Prefix()+publish.LeaseName, publish.LeaseOptions{Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	mp := s.target(cc, "csv", day(7), -1)
	mp.File = "big.csv"
	if _, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(s3test.Bucket), Key: aws.String(mp.Key())}); err != nil {
		t.Fatal(err)
	}
	// A snapshot feed has no daily series: its gaps are not missing days.
	for _, dt := range []string{day(-10), day(0)} {
		s.put(s.target("sales_attribution", "snapshot_jsonl", dt, -1), "s.jsonl", "{}\n")
		s.put(s.target("sales_attribution", "snapshot_jsonl", dt, -1), layout.SuccessName, "")
	}
	s3test.Put(t, c, sub+"/README.md", []byte("hi"))
	s3test.Put(t, c, sub+"/notes/readme.txt", []byte("hi"))
	s3test.Put(t, c, sub+"/"+cc+"/version=1/format=parquet/dt="+day(0)+"/x.parquet", []byte("PAR1"))
	s3test.Put(t, c, sub+"/"+cc+"/version=1/format=csv/dt="+day(0)+"/extra/x.csv", []byte("1\n"))
	s3test.Put(t, c, sub+"/"+cc+"/", nil) // a console's folder marker: not stray
	return []string{
		cc + " csv " + day(-2) + " - complete late 1",
		cc + " csv " + day(-1) + " - missing 0",
		cc + " csv " + day(0) + " - complete 2",
		cc + " csv " + day(1) + " - pending 1",
		cc + " csv " + day(2) + " - marker-only 0",
		cc + " csv " + day(3) + " - bad-marker 1",
		cc + " csv " + day(4) + " - stale 2",
		cc + " csv " + day(5) + " 05 complete 1",
		cc + " csv " + day(6) + " - pending 0",
		cc + " csv " + day(7) + " - pending 0",
		"sales_attribution snapshot_jsonl " + day(-10) + " - complete late 1",
		"sales_attribution snapshot_jsonl " + day(0) + " - complete 1",
	}
}

func rows(r *status.Report) []string {
	var out []string
	for _, p := range r.Partitions {
		hr := "-"
		if p.Hour != nil {
			hr = *p.Hour
		}
		late := ""
		if p.Late {
			late = " late"
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s%s %d", p.Feed, p.Format, p.DT, hr, p.State, late, p.Objects))
	}
	return out
}

func strays(r *status.Report, sub string) []string {
	var out []string
	for _, s := range r.Stray {
		out = append(out, strings.TrimPrefix(s.URI, "s3://"+s3test.Bucket+"/"+sub+"/")+": "+s.Reason)
	}
	return out
}

// TestStates: every state of the issue, each from a real write sequence.
func TestStates(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	want := seedAll(t, c, sub)
	r, err := status.Read(context.Background(), c, status.Options{Bucket: s3test.Bucket, Root: sub})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(r); !reflect.DeepEqual(got, want) {
		t.Fatalf("partitions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantStray := []string{
		"README.md: outside FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/: the import never reads it",
		cc + "/version=1/format=csv/dt=" + day(0) + `/extra/x.csv: unexpected segment "extra" among the partition segments`,
		cc + "/version=1/format=parquet/dt=" + day(0) + "/x.parquet: format=parquet is not one of csv, jsonl, snapshot_csv, snapshot_jsonl, audio, wav, mp3, flac, ogg, opus, m4a",
		"notes/readme.txt: outside FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/: the import never reads it",
	}
	if got := strays(r, sub); !reflect.DeepEqual(got, wantStray) {
		t.Fatalf("strays:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantStray, "\n"))
	}
	notes := map[string]string{}
	for _, p := range r.Partitions {
		notes[p.DT+string(p.State)] = p.Note
	}
	for key, want := range map[string]string{
		day(1) + "pending":    "no _SUCCESS; last write",
		day(3) + "bad-marker": "_SUCCESS holds 5 bytes",
		day(4) + "stale":      "after _SUCCESS",
		day(6) + "pending":    "a publish is writing it: run",
		day(7) + "pending":    "1 incomplete multipart upload",
	} {
		if !strings.Contains(notes[key], want) {
			t.Errorf("%s: note %q, want it to say %q", key, notes[key], want)
		}
	}
	if r.OK() {
		t.Fatal("OK() on a bucket with every problem")
	}
}

// TestRangeAndFeeds: --since/--until limit the days and widen the range
// missing days are looked for in (but not into days whose import has not
// run); --feed-name limits the feeds, and a named feed with nothing is
// reported missing.
func TestRangeAndFeeds(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	seedAll(t, c, sub)
	r, err := status.Read(context.Background(), c, status.Options{Bucket: s3test.Bucket, Root: sub,
		Feeds: []string{cc, "no_such_feed"}, Since: day(-4), Until: day(9)})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, p := range r.Partitions {
		if p.State == status.Missing {
			missing = append(missing, p.Feed+" "+p.DT)
		}
		if p.Feed == "sales_attribution" {
			t.Errorf("feed %s reported, but only %s was asked for", p.Feed, cc)
		}
	}
	want := []string{cc + " " + day(-4), cc + " " + day(-3), cc + " " + day(-1), "no_such_feed "}
	if !reflect.DeepEqual(missing, want) {
		t.Fatalf("missing %q, want %q", missing, want)
	}
	if len(r.Stray) != 2 {
		t.Fatalf("strays %q: want the two under %s only", strays(r, sub), cc)
	}
	r, err = status.Read(context.Background(), c, status.Options{Bucket: s3test.Bucket, Root: sub, Since: day(0), Until: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(r); len(got) != 2 {
		t.Fatalf("one day: %q, want its two partitions", got)
	}
}

// TestAllComplete: a bucket where every partition is published on time
// and nothing else is there is OK.
func TestAllComplete(t *testing.T) {
	e := s3test.Require(t)
	c, sub := e.Setup(t)
	s := &seed{t: t, c: c, sub: sub}
	for i := range 3 {
		s.publish(s.target(cc, "csv", day(i), -1), "a.csv")
	}
	r, err := status.Read(context.Background(), c, status.Options{Bucket: s3test.Bucket, Root: sub})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || len(r.Partitions) != 3 {
		t.Fatalf("OK %v, partitions %q", r.OK(), rows(r))
	}
}
