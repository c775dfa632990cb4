package status

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
)

// acc gathers what is under one partition prefix.
type acc struct {
	t       layout.Target // File is empty
	objects int
	bytes   int64
	last    time.Time // newest data object
	success *object
	lease   *object
	holder  *publish.LeaseInfo // the lease's content, when it could be read
	uploads int
	started time.Time // newest incomplete multipart upload
}

// builder sorts listed keys into partitions and strays.
type builder struct {
	o      Options
	root   string
	parts  map[string]*acc // by key prefix below the root
	strays []Stray
}

func newBuilder(o Options) *builder {
	return &builder{o: o, root: rootPrefix(o.Root), parts: map[string]*acc{}}
}

// add files one key: under a partition, or stray.
func (b *builder) add(ob object) {
	dir, name := path.Split(strings.TrimPrefix(ob.key, b.root))
	if name == "" {
		return // a folder marker (an empty "dir/" object): nothing to import
	}
	a, reason := b.partition(dir)
	if a == nil {
		b.strays = append(b.strays, Stray{URI: "s3://" + b.o.Bucket + "/" + ob.key, Bytes: ob.size, Modified: ob.mod.UTC(), Reason: reason})
		return
	}
	switch name {
	case layout.SuccessName:
		a.success = &ob
	case publish.LeaseName:
		a.lease = &ob
	default:
		a.objects++
		a.bytes += ob.size
		if ob.mod.After(a.last) {
			a.last = ob.mod
		}
	}
}

// addUpload counts an incomplete multipart upload against its partition.
func (b *builder) addUpload(u upload) {
	dir, _ := path.Split(strings.TrimPrefix(u.key, b.root))
	if a, _ := b.partition(dir); a != nil {
		a.uploads++
		if u.initiated.After(a.started) {
			a.started = u.initiated
		}
	}
}

// partition is the partition a key prefix names, or why it names none.
func (b *builder) partition(dir string) (*acc, string) {
	if a := b.parts[dir]; a != nil {
		return a, ""
	}
	const outside = "outside FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/: the import never reads it"
	if dir == "" {
		return nil, outside
	}
	uri := "s3://" + b.o.Bucket + "/" + dir
	t, err := layout.ParseURI(uri)
	switch {
	case err != nil && strings.HasPrefix(err.Error(), strconv.Quote(uri)+": "):
		return nil, strings.TrimPrefix(err.Error(), strconv.Quote(uri)+": ")
	case err != nil:
		return nil, outside
	case t.SubFolder != "":
		return nil, fmt.Sprintf("the partition is under %s/, not at the top of %s: ASAPP looks for FEED_NAME there", t.SubFolder, b.location())
	case t.Prefix() != dir:
		return nil, fmt.Sprintf("the path is not spelled as the layout writes it (%s)", t.Prefix())
	}
	a := &acc{t: t}
	b.parts[dir] = a
	return a, ""
}

func (b *builder) location() string { return "s3://" + b.o.Bucket + "/" + b.root }

// readLeases reads who holds each lease, for the notes. A lease that
// cannot be read (released meanwhile) is noted without a holder.
func (b *builder) readLeases(ctx context.Context, api API) error {
	for _, a := range b.parts {
		if a.lease == nil {
			continue
		}
		out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.o.Bucket, Key: &a.lease.key})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		var info publish.LeaseInfo
		body, err := io.ReadAll(io.LimitReader(out.Body, 64<<10))
		_ = out.Body.Close()
		if err == nil && json.Unmarshal(body, &info) == nil {
			a.holder = &info
		}
	}
	return nil
}

// report turns the partitions into the report, with the missing days.
func (b *builder) report() *Report {
	r := &Report{Bucket: b.o.Bucket, Root: strings.Trim(b.o.Root, "/"), Feeds: b.o.Feeds, Since: b.o.Since, Until: b.o.Until,
		Generated: b.o.Now.UTC().Truncate(time.Second), Stray: b.strays}
	for _, a := range b.parts {
		if b.inRange(a.t.DT) {
			r.Partitions = append(r.Partitions, b.row(a))
		}
	}
	r.Partitions = append(r.Partitions, b.missing()...)
	sort.Slice(r.Partitions, func(i, j int) bool { return less(&r.Partitions[i], &r.Partitions[j]) })
	sort.Slice(r.Stray, func(i, j int) bool { return r.Stray[i].URI < r.Stray[j].URI })
	if r.Stray == nil {
		r.Stray = []Stray{}
	}
	if r.Partitions == nil {
		r.Partitions = []Partition{}
	}
	return r
}

func (b *builder) inRange(dt string) bool {
	return (b.o.Since == "" || dt >= b.o.Since) && (b.o.Until == "" || dt <= b.o.Until)
}

// row is one partition's line of the report.
func (b *builder) row(a *acc) Partition {
	t := a.t
	p := Partition{Feed: t.FeedName, Version: t.Version, Format: t.Format, DT: t.DT, Hour: two(t.Hour), Minute: two(t.Minute),
		Objects: a.objects, Bytes: a.bytes, URI: b.location() + t.Prefix()}
	if a.objects > 0 {
		last := a.last.UTC()
		p.LastWrite = &last
	}
	if a.success != nil {
		at := a.success.mod.UTC()
		p.SuccessTime = &at
		p.Late = at.After(ImportTime(t.DT))
	}
	var notes []string
	p.State, notes = b.state(a)
	p.Note = strings.Join(notes, "; ")
	return p
}

// ImportTime is when ASAPP imports day dt: 04:00 UTC the day after.
func ImportTime(dt string) time.Time {
	d, err := layout.ParseDate(dt)
	if err != nil {
		return time.Time{}
	}
	return d.Add(24*time.Hour + ImportDelay)
}

func two(n int) *string {
	if n < 0 {
		return nil
	}
	s := fmt.Sprintf("%02d", n)
	return &s
}

func less(a, b *Partition) bool {
	ka := []string{a.Feed, fmt.Sprintf("%09d", a.Version), a.Format, a.DT, deref(a.Hour), deref(a.Minute)}
	kb := []string{b.Feed, fmt.Sprintf("%09d", b.Version), b.Format, b.DT, deref(b.Hour), deref(b.Minute)}
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
