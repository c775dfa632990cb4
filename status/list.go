package status

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/s3input"
)

// object is one listed key.
type object struct {
	key  string
	size int64
	mod  time.Time
}

// upload is an incomplete multipart upload.
type upload struct {
	key       string
	initiated time.Time
}

// delimited is how many levels are listed with a "/" delimiter: the root
// (one prefix per feed), a feed (per version) and a version (per format).
// Each FEED/version=N/format=F/ is then listed flat, a thousand keys a
// page, concurrently with the others: a delimiter per dt= would cost a
// request per partition.
const delimited = 3

// lister lists a bucket's keys with bounded concurrency.
type lister struct {
	api  API
	o    Options
	mu   sync.Mutex
	objs []object
}

func rootPrefix(root string) string {
	if r := strings.Trim(root, "/"); r != "" {
		return r + "/"
	}
	return ""
}

// objects lists every key under the root, or under the chosen feeds.
func (l *lister) objects(ctx context.Context) ([]object, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	sem := make(chan struct{}, l.o.Concurrency)
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			subs, err := l.list(ctx, prefix, depth < delimited)
			<-sem
			if err != nil {
				cancel(err)
				return
			}
			for _, s := range subs {
				walk(s, depth+1)
			}
		}()
	}
	root := rootPrefix(l.o.Root)
	if len(l.o.Feeds) == 0 {
		walk(root, 0)
	}
	for _, f := range l.o.Feeds {
		walk(root+f+"/", 1)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return l.objs, nil
}

// list lists one prefix, all its pages, and returns its sub-prefixes when
// listed with the delimiter.
func (l *lister) list(ctx context.Context, prefix string, delimit bool) ([]string, error) {
	in := &s3.ListObjectsV2Input{Bucket: &l.o.Bucket, Prefix: &prefix}
	if delimit {
		in.Delimiter = aws.String("/")
	}
	var subs []string
	var objs []object
	pager := s3.NewListObjectsV2Paginator(l.api, in)
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, &s3input.Error{Op: "list", URI: "s3://" + l.o.Bucket + "/" + prefix, Err: err}
		}
		for _, o := range page.Contents {
			objs = append(objs, object{key: aws.ToString(o.Key), size: aws.ToInt64(o.Size), mod: aws.ToTime(o.LastModified)})
		}
		for _, p := range page.CommonPrefixes {
			subs = append(subs, aws.ToString(p.Prefix))
		}
	}
	l.mu.Lock()
	l.objs = append(l.objs, objs...)
	l.mu.Unlock()
	return subs, nil
}

// uploads lists the incomplete multipart uploads under the root: parts of
// an upload in progress, or left by one that died.
func (l *lister) uploads(ctx context.Context) ([]upload, error) {
	prefix := rootPrefix(l.o.Root)
	in := &s3.ListMultipartUploadsInput{Bucket: &l.o.Bucket, Prefix: &prefix}
	var out []upload
	for {
		page, err := l.api.ListMultipartUploads(ctx, in)
		if err != nil {
			return nil, &s3input.Error{Op: "list uploads", URI: "s3://" + l.o.Bucket + "/" + prefix, Err: err}
		}
		for _, u := range page.Uploads {
			out = append(out, upload{key: aws.ToString(u.Key), initiated: aws.ToTime(u.Initiated)})
		}
		if !aws.ToBool(page.IsTruncated) {
			return out, nil
		}
		in.KeyMarker, in.UploadIdMarker = page.NextKeyMarker, page.NextUploadIdMarker
	}
}
