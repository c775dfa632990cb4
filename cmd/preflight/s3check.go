package main

import (
	"context"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/s3input"
)

// s3Flags say how to reach S3; check uses them only when an argument is an
// s3:// URI, and status always.
func s3Flags(what string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "credentials", Usage: what + "the tab-separated `FILE` ASAPP sent (id, secret, bucket, sub-folder); else the standard AWS chain"},
		&cli.StringFlag{Name: "endpoint", Usage: what + "S3-compatible endpoint `URL` (http:// only to loopback; AWS_ENDPOINT_URL and the shared config pass the same guard)"},
		&cli.StringFlag{Name: "region", Value: publish.DefaultRegion, Usage: what + "AWS `REGION`"},
		&cli.IntFlag{Name: "max-attempts", Value: 10, Usage: what + "tries per S3 request `N`, with backoff, before it fails"},
	}
}

// s3Client builds the S3 client from the flags; every endpoint passes
// publish's loopback guard. A bad endpoint or credentials file is exit 2,
// before any request.
func s3Client(c *cli.Context) (*publish.Credentials, publish.API, error) {
	creds, err := readCredentials(c.String("credentials"))
	if err != nil {
		return nil, nil, err
	}
	client, err := publish.NewClient(c.Context, publish.ClientOptions{
		Endpoint: c.String("endpoint"), Region: c.String("region"), Credentials: creds, MaxAttempts: c.Int("max-attempts"),
	})
	if err != nil {
		return nil, nil, usage(err.Error())
	}
	return creds, client, nil
}

// s3Reader lists and opens check's s3:// arguments.
type s3Reader struct {
	creds *publish.Credentials
	api   publish.API
}

// newS3Reader builds the client when an argument names S3, and only then:
// a local check never loads AWS configuration.
func newS3Reader(c *cli.Context, args []string) (*s3Reader, error) {
	for _, a := range args {
		if s3input.IsURI(a) {
			creds, api, err := s3Client(c)
			if err != nil {
				return nil, err
			}
			return &s3Reader{creds: creds, api: api}, nil
		}
	}
	return nil, nil
}

// walkArgs expands check's arguments into one run: local paths as
// rules.Walk walks them, s3:// URIs listed on S3 (an object as given, a
// prefix as a directory). Cross-file rules then see local and S3 inputs
// alike.
func walkArgs(ctx context.Context, s *settings, s3 *s3Reader, args []string) (*rules.Inputs, error) {
	var local, remote []string
	for _, a := range args {
		if s3input.IsURI(a) {
			remote = append(remote, a)
		} else {
			local = append(local, a)
		}
	}
	in := &rules.Inputs{}
	if len(local) > 0 {
		var err error
		if in, err = rules.Walk(local, rules.WalkOptions{Exclude: s.cfg.Excluded}); err != nil {
			return nil, usage(err.Error())
		}
	}
	if len(remote) == 0 {
		return in, nil
	}
	sc := s3input.New(s3.api, s3input.Options{Exclude: s.cfg.Excluded, BeforePart: faultPause()})
	for _, uri := range remote {
		got, err := sc.Expand(ctx, uri)
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		if err != nil {
			return nil, usage(redactWith(s3.creds, err.Error()))
		}
		in.Files = append(in.Files, got.Files...)
		in.Skipped = append(in.Skipped, got.Skipped...)
	}
	return sortInputs(in), nil
}

// sortInputs orders the inputs by path, as Walk does, naming each once.
func sortInputs(in *rules.Inputs) *rules.Inputs {
	sort.SliceStable(in.Files, func(i, j int) bool { return in.Files[i].Path < in.Files[j].Path })
	sort.SliceStable(in.Skipped, func(i, j int) bool { return in.Skipped[i].Path < in.Skipped[j].Path })
	files := in.Files[:0]
	for i, f := range in.Files {
		if i == 0 || f.Path != in.Files[i-1].Path {
			files = append(files, f)
		}
	}
	in.Files = files
	return in
}

// redactWith is the last guard on a message quoting a server: the secret
// never reaches output.
func redactWith(creds *publish.Credentials, s string) string {
	if creds == nil {
		return s
	}
	return creds.Redact(s)
}
