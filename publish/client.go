package publish

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// DefaultRegion is where ASAPP's buckets live.
const DefaultRegion = "us-east-1"

// ClientOptions say how to reach S3.
type ClientOptions struct {
	// Endpoint is an S3-compatible server's URL; empty means AWS.
	Endpoint string
	// Region defaults to DefaultRegion.
	Region string
	// Credentials from ASAPP's file; nil means the standard AWS chain
	// (environment, shared profile, SSO, instance role).
	Credentials *Credentials
	// HTTPClient replaces the SDK's default (tests count requests with it).
	HTTPClient aws.HTTPClient
	// MaxAttempts per request, default 10: a nightly job should ride out
	// throttling and dropped connections rather than fail.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts, default 20s.
	MaxBackoff time.Duration
}

// CheckEndpoint parses an endpoint URL. Plain http is allowed only to a
// loopback host: anywhere else it would send data (and signed requests) in
// clear over the network, and ASAPP requires TLS in transit.
func CheckEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", raw, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("endpoint %q: want a URL such as https://s3.example.com", raw)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("endpoint %q: http:// is only allowed to a loopback host (127.0.0.1, ::1, localhost); use https://", raw)
		}
		return u, nil
	}
	return nil, fmt.Errorf("endpoint %q: scheme must be https (or http to loopback)", raw)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewClient builds an S3 client. Every way an endpoint can be set — the
// Endpoint option (--endpoint), AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, or
// endpoint_url in the shared config or profile — passes the same guard,
// CheckEndpoint, before any request is sent. A custom endpoint gets
// path-style addressing because S3-compatible servers rarely serve
// virtual-host buckets.
func NewClient(ctx context.Context, o ClientOptions) (*s3.Client, error) {
	region := o.Region
	if region == "" {
		region = DefaultRegion
	}
	attempts := o.MaxAttempts
	if attempts <= 0 {
		attempts = 10
	}
	backoff := o.MaxBackoff
	if backoff <= 0 {
		backoff = 20 * time.Second
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithRetryer(func() aws.Retryer {
			// The standard retryer already treats throttling, 5xx and
			// connection resets as retryable; it only needs more patience.
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts = attempts
				so.MaxBackoff = backoff
			})
		}),
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(o.Credentials.ID, o.Credentials.Secret, "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	var guardErr error
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		// Set here rather than through config.WithHTTPClient, which insists
		// on a *http.Client-like type when AWS_CA_BUNDLE is set.
		if o.HTTPClient != nil {
			so.HTTPClient = o.HTTPClient
		}
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		// By now so.BaseEndpoint holds whatever the SDK resolved from the
		// environment and shared config, or the flag: one guard for all.
		if so.BaseEndpoint == nil {
			return
		}
		u, err := CheckEndpoint(*so.BaseEndpoint)
		if err != nil {
			guardErr = fmt.Errorf("%w (from %s)", err, endpointSource(o.Endpoint))
			return
		}
		so.BaseEndpoint = aws.String(u.String())
		so.UsePathStyle = true
	})
	if guardErr != nil {
		return nil, guardErr
	}
	return client, nil
}

// endpointSource names where an endpoint came from, for the guard's message.
func endpointSource(flag string) string {
	switch {
	case flag != "":
		return "--endpoint"
	case os.Getenv("AWS_ENDPOINT_URL_S3") != "":
		return "AWS_ENDPOINT_URL_S3"
	case os.Getenv("AWS_ENDPOINT_URL") != "":
		return "AWS_ENDPOINT_URL"
	}
	return "endpoint_url in the AWS shared config"
}
