// Package status_test measures `preflight status` listing a bucket of
// 10,000 partitions on the local S3 server (scripts/s3-server.sh):
//
//	eval "$(scripts/s3-server.sh env)"
//	go test ./bench/status -run '^$' -bench Status -benchtime 5x
//
// The bucket is seeded once per server (concurrent PutObject of tiny
// objects, a data object and an empty _SUCCESS per partition) and reused.
// PREFLIGHT_STATUS_BENCH_PARTITIONS changes the count.
package status_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/preflight-data/preflight/internal/s3test"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/status"
)

const benchBucket = "asapp-bench-acme-imports-us-east-1"

// feeds share the partitions: three daily series and an hourly one.
var feeds = []struct {
	name, format string
	hourly       bool
}{
	{"call_center_issues", "csv", false},
	{"sales_attribution", "jsonl", false},
	{"chat_tags", "csv", false},
	{"call_center_hourly", "jsonl", true},
}

func partitions() int {
	if n, err := strconv.Atoi(os.Getenv("PREFLIGHT_STATUS_BENCH_PARTITIONS")); err == nil && n > 0 {
		return n
	}
	return 10_000
}

// targets lays out n partitions over the feeds, from 2000-01-01 on.
func targets(n int) []layout.Target {
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]layout.Target, 0, n)
	for i := range n {
		f := feeds[i%len(feeds)]
		k := i / len(feeds)
		t := layout.Target{FeedName: f.name, Version: 1, Format: f.format, Hour: -1, Minute: -1}
		if f.hourly {
			t.DT, t.Hour = start.AddDate(0, 0, k/24).Format(time.DateOnly), k%24
		} else {
			t.DT = start.AddDate(0, 0, k).Format(time.DateOnly)
		}
		out = append(out, t)
	}
	return out
}

// seed writes the partitions unless an earlier run on this server did.
func seed(b *testing.B, c *s3.Client, n int) {
	ctx := context.Background()
	done := fmt.Sprintf("_bench/seeded-%d", n)
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(benchBucket), Key: &done}); err == nil {
		return
	}
	start := time.Now()
	work := make(chan string)
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for key := range work {
				s3test.PutTo(b, c, benchBucket, key, nil)
			}
		})
	}
	for _, t := range targets(n) {
		t.File = "part-0.csv"
		work <- t.Key()
		t.File = layout.SuccessName
		work <- t.Key()
	}
	close(work)
	wg.Wait()
	s3test.PutTo(b, c, benchBucket, done, nil)
	b.Logf("seeded %d partitions (%d objects) in %s", n, 2*n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkStatus is one whole status.Read: every listing and the states
// of every partition.
func BenchmarkStatus(b *testing.B) {
	e := s3test.Require(b)
	c := e.Client(b)
	s3test.CreateBucket(b, c, benchBucket)
	n := partitions()
	seed(b, c, n)
	b.ResetTimer()
	for b.Loop() {
		r, err := status.Read(context.Background(), c, status.Options{Bucket: benchBucket, Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Partitions) != n || len(r.Stray) != 1 {
			b.Fatalf("%d partitions, %d strays; want %d and the seed marker", len(r.Partitions), len(r.Stray), n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "partitions/s")
}
