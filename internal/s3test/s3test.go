// Package s3test connects tests to the real S3 server that
// scripts/s3-server.sh runs on loopback (versitygw): the environment it
// exports, a client, a bucket, and a sub-folder of its own per test so
// tests never see each other's objects.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/preflight-data/preflight/publish"
)

// Bucket is the bucket tests write to: its name follows ASAPP's convention.
const Bucket = "asapp-test-acme-imports-us-east-1"

// Env is the server the tests reach.
type Env struct{ Endpoint, Key, Secret string }

// Require returns the server's settings. Without them the test is skipped,
// except under CI=true, where it fails: a CI that lost its server must not
// pass silently.
func Require(tb testing.TB) Env {
	tb.Helper()
	e := Env{os.Getenv("PREFLIGHT_S3_ENDPOINT"), os.Getenv("PREFLIGHT_S3_KEY"), os.Getenv("PREFLIGHT_S3_SECRET")}
	if e.Endpoint == "" || e.Key == "" || e.Secret == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("CI=true but PREFLIGHT_S3_ENDPOINT/KEY/SECRET are not set: start the server with scripts/s3-server.sh start and eval \"$(scripts/s3-server.sh env)\"")
		}
		tb.Skip("PREFLIGHT_S3_ENDPOINT not set; run scripts/s3-server.sh start and eval \"$(scripts/s3-server.sh env)\"")
	}
	return e
}

// Credentials are the server's keys with a target in Bucket.
func (e Env) Credentials(sub string) *publish.Credentials {
	return &publish.Credentials{ID: e.Key, Secret: e.Secret, Bucket: Bucket, SubFolder: sub}
}

// Client is an S3 client for the server; opts may set an HTTP client.
func (e Env) Client(tb testing.TB, opts ...func(*publish.ClientOptions)) *s3.Client {
	tb.Helper()
	o := publish.ClientOptions{Endpoint: e.Endpoint, Credentials: e.Credentials(""), MaxAttempts: 3, MaxBackoff: 100 * time.Millisecond}
	for _, f := range opts {
		f(&o)
	}
	c, err := publish.NewClient(context.Background(), o)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Setup makes sure Bucket exists and returns a client and a sub-folder
// unique to the test.
func (e Env) Setup(tb testing.TB) (*s3.Client, string) {
	tb.Helper()
	c := e.Client(tb)
	CreateBucket(tb, c, Bucket)
	sub := fmt.Sprintf("%s-%d", strings.NewReplacer("/", "_", " ", "_").Replace(tb.Name()), time.Now().UnixNano())
	return c, sub
}

// CreateBucket creates a bucket unless it is there already.
func CreateBucket(tb testing.TB, c *s3.Client, bucket string) {
	tb.Helper()
	_, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		tb.Fatal(err)
	}
}

// Put writes an object to Bucket with a plain PutObject.
func Put(tb testing.TB, c *s3.Client, key string, body []byte) {
	tb.Helper()
	PutTo(tb, c, Bucket, key, body)
}

// PutTo writes an object to a bucket with a plain PutObject.
func PutTo(tb testing.TB, c *s3.Client, bucket, key string, body []byte) {
	tb.Helper()
	_, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(string(body)),
		ContentLength: aws.Int64(int64(len(body))),
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// Modified is an object's LastModified as the server reports it.
func Modified(tb testing.TB, c *s3.Client, key string) time.Time {
	tb.Helper()
	out, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key)})
	if err != nil {
		tb.Fatal(err)
	}
	return aws.ToTime(out.LastModified)
}

// AfterSecond waits until the wall clock is in a later second than t: the
// server's LastModified has one-second resolution, so this is what makes
// the next write's time strictly later than t, however fast it comes.
func AfterSecond(t time.Time) {
	next := t.Truncate(time.Second).Add(time.Second)
	if d := time.Until(next); d > 0 {
		time.Sleep(d + 10*time.Millisecond)
	}
}
