package s3input

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/rules"
)

// Expand lists what uri names, as check inputs. A URI whose key names an
// object is that object, checked as given whatever its name (as a file
// named on the command line is); otherwise the key is a prefix ("/" is
// added when missing) and every object under it is accounted for, as Walk
// accounts for the files under a directory. A URI naming nothing, or only
// objects there is nothing to check in, is a *rules.UsageError; a failed
// request is an *Error.
func (c *Client) Expand(ctx context.Context, uri string) (*rules.Inputs, error) {
	bucket, key, err := Split(uri)
	if err != nil {
		return nil, &rules.UsageError{Msg: err.Error()}
	}
	if key != "" && !strings.HasSuffix(key, "/") {
		out, err := c.api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
		if err == nil {
			ob := c.object(bucket, key, aws.ToInt64(out.ContentLength), aws.ToString(out.ETag))
			return &rules.Inputs{Files: []rules.Input{{Path: ob.uri(), Source: ob}}}, nil
		}
		if !notFound(err) {
			return nil, &Error{Op: "read", URI: uri, Err: err}
		}
		key += "/"
	}
	return c.list(ctx, bucket, key)
}

// list accounts for every object under prefix.
func (c *Client) list(ctx context.Context, bucket, prefix string) (*rules.Inputs, error) {
	base := Scheme + bucket + "/" + prefix
	w := &lister{c: c, base: base, excluded: map[string]bool{}, in: &rules.Inputs{}}
	pager := s3.NewListObjectsV2Paginator(c.api, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	seen := 0
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, &Error{Op: "list", URI: base, Err: err}
		}
		for _, o := range page.Contents {
			seen++
			key := aws.ToString(o.Key)
			w.entry(c.object(bucket, key, aws.ToInt64(o.Size), aws.ToString(o.ETag)), key[len(prefix):])
		}
	}
	in := w.in
	sort.Slice(in.Files, func(i, j int) bool { return in.Files[i].Path < in.Files[j].Path })
	sort.Slice(in.Skipped, func(i, j int) bool { return in.Skipped[i].Path < in.Skipped[j].Path })
	switch {
	case seen == 0:
		return nil, &rules.UsageError{Msg: base + ": no such object or prefix"}
	case len(in.Files) == 0:
		return nil, &rules.UsageError{Msg: fmt.Sprintf("no %s objects under %s (%d skipped, e.g. %s: %s)",
			rules.DataKinds, base, len(in.Skipped), in.Skipped[0].Path, in.Skipped[0].Reason)}
	}
	return in, nil
}

// lister decides about each object under one listed prefix.
type lister struct {
	c        *Client
	base     string // s3://bucket/prefix/
	excluded map[string]bool
	in       *rules.Inputs
}

func (w *lister) skip(uri, reason string) {
	w.in.Skipped = append(w.in.Skipped, rules.Skipped{Path: uri, Reason: reason})
}

// entry mirrors the directory walk's decisions (rules.Walk) for one object;
// rel is its key below the listed prefix.
func (w *lister) entry(ob *object, rel string) {
	uri := ob.uri()
	if strings.HasSuffix(rel, "/") || rel == "" {
		w.skip(uri, "a folder marker (an empty object ending in /), not data")
		return
	}
	if w.skippedDir(rel) {
		return
	}
	name := path.Base(rel)
	if w.c.o.Exclude != nil {
		if g := w.c.o.Exclude(uri); g != "" {
			w.skip(uri, fmt.Sprintf("excluded by %q in the config", g))
			return
		}
	}
	switch {
	case name == layout.SuccessName:
		w.skip(uri, "the _SUCCESS completion marker, not data")
	case name == publish.LeaseName:
		w.skip(uri, "the lease of a publish writing this prefix, not data")
	case strings.HasPrefix(name, "."):
		w.skip(uri, "hidden file")
	case rules.FormatOf(name) != "":
		w.in.Files = append(w.in.Files, rules.Input{Path: uri, Source: ob})
	case inPartition(uri):
		w.in.Files = append(w.in.Files, rules.Input{Path: uri, Source: ob, Stray: true})
	default:
		w.skip(uri, "not a "+rules.DataKinds+" file")
	}
}

// skippedDir skips an object under a hidden or excluded "directory" below
// the listed prefix; the directory is listed once, as a walk lists it.
func (w *lister) skippedDir(rel string) bool {
	segs := strings.Split(rel, "/")
	for i := range len(segs) - 1 {
		dir := w.base + strings.Join(segs[:i+1], "/") + "/"
		if w.excluded[dir] {
			return true
		}
		reason := ""
		if strings.HasPrefix(segs[i], ".") {
			reason = "hidden directory"
		} else if w.c.o.Exclude != nil {
			if g := w.c.o.Exclude(strings.TrimSuffix(dir, "/")); g != "" {
				reason = fmt.Sprintf("excluded by %q in the config", g)
			}
		}
		if reason != "" {
			w.excluded[dir] = true
			w.skip(dir, reason)
			return true
		}
	}
	return false
}

// inPartition reports whether an object sits in a partition folder of the
// layout (under a dt= segment): ASAPP imports every object there.
func inPartition(uri string) bool {
	t, found, _ := layout.FromPath(uri)
	return found && t.DT != "" && t.File != ""
}
