package publish

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// prefixState is what is under a target prefix before a publish writes.
type prefixState struct {
	complete bool // _SUCCESS is there
	leased   bool // a lease object is there
	// objects maps every other object's key to its size, the lease aside.
	objects map[string]int64
	// pending lists incomplete multipart uploads left under the prefix.
	pending []pendingUpload
	// holder is the lease's current holder, if any (read in dry runs).
	holder *LeaseHeldError
}

type pendingUpload struct {
	key, id   string
	initiated time.Time
}

// readState lists the prefix and its incomplete multipart uploads.
func readState(ctx context.Context, api API, p *Plan) (*prefixState, error) {
	st := &prefixState{objects: map[string]int64{}}
	bucket, prefix := p.Base.Bucket, p.Base.Prefix()
	pager := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, obj := range page.Contents {
			switch k := aws.ToString(obj.Key); k {
			case p.SuccessKey():
				st.complete = true
			case p.LeaseKey():
				st.leased = true
			default:
				st.objects[k] = aws.ToInt64(obj.Size)
			}
		}
	}
	var err error
	st.pending, err = listPending(ctx, api, bucket, prefix)
	return st, err
}

// listPending lists the incomplete multipart uploads under prefix.
func listPending(ctx context.Context, api API, bucket, prefix string) ([]pendingUpload, error) {
	var out []pendingUpload
	in := &s3.ListMultipartUploadsInput{Bucket: &bucket, Prefix: &prefix}
	for {
		page, err := api.ListMultipartUploads(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Uploads {
			out = append(out, pendingUpload{key: aws.ToString(u.Key), id: aws.ToString(u.UploadId), initiated: aws.ToTime(u.Initiated)})
		}
		if !aws.ToBool(page.IsTruncated) {
			return out, nil
		}
		in.KeyMarker, in.UploadIdMarker = page.NextKeyMarker, page.NextUploadIdMarker
	}
}

// strays are the objects under the prefix that this publish does not
// write, as s3:// URIs, sorted: ASAPP would import them with the new
// _SUCCESS.
func (st *prefixState) strays(p *Plan) []string {
	want := map[string]bool{}
	for _, it := range p.Items {
		want[it.Key()] = true
	}
	var out []string
	for k := range st.objects {
		if !want[k] {
			out = append(out, "s3://"+p.Base.Bucket+"/"+k)
		}
	}
	sort.Strings(out)
	return out
}

// keyOf is the object key of an s3:// URI in bucket.
func keyOf(bucket, uri string) string {
	return strings.TrimPrefix(uri, "s3://"+bucket+"/")
}
