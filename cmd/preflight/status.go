package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/status"
)

func statusCommand() *cli.Command {
	flags := append(s3Flags(""),
		&cli.StringFlag{Name: "bucket", Usage: "the target `BUCKET` (else from --credentials)"},
		&cli.StringFlag{Name: "prefix", Usage: "the `SUB-FOLDER` the feeds sit in (else from --credentials)"},
		&cli.StringSliceFlag{Name: "feed-name", Usage: "only this FEED_NAME (repeatable; default every feed, and stray keys anywhere)"},
		&cli.StringFlag{Name: "since", Usage: "only days from `YYYY-MM-DD` on; a daily feed's missing days are looked for from here"},
		&cli.StringFlag{Name: "until", Usage: "only days up to `YYYY-MM-DD`; missing days are looked for up to here (once their import has run)"},
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output: " + strings.Join(status.Formats, ", ")},
		&cli.BoolFlag{Name: "no-color", Usage: "no colour in the table (also: NO_COLOR env)"},
	)
	return &cli.Command{
		Name:  "status",
		Usage: "show the state of every partition in the target bucket, as ASAPP's daily import will see it",
		Description: `Lists the target (the bucket and sub-folder of --credentials, or --bucket/--prefix) and
gives every FEED/version=N/format=F/dt=D[/hr=H/mi=M]/ partition one state:
complete (an empty _SUCCESS written after all its data), pending (data without
_SUCCESS, or a publish writing it), marker-only (_SUCCESS without data),
bad-marker (a non-empty _SUCCESS), stale (data written after _SUCCESS) or
missing (a day without a partition in a daily incremental feed); late when
_SUCCESS landed after 04:00 UTC of the day after dt, when the import had run.
Keys that follow no layout are listed as stray. Nothing is written.

Exit status: 0 every partition complete and on time, nothing stray; 1 otherwise;
2 usage or access error.

Examples:
   preflight status --credentials creds.tsv
   preflight status --credentials creds.tsv --feed-name call_center_issues --since 2024-05-01 --format json`,
		Flags:  flags,
		Action: action(newStatusJob),
	}
}

// statusJob is `preflight status` with its flags turned into a value.
type statusJob struct {
	opts   status.Options
	api    status.API
	creds  *publish.Credentials
	format string
	color  bool
	out    io.Writer
}

func newStatusJob(c *cli.Context) (*statusJob, error) {
	if c.NArg() > 0 {
		return nil, usage(fmt.Sprintf("status takes no arguments (got %q); name the target with --credentials or --bucket", c.Args().First()))
	}
	j := &statusJob{format: c.String("format"), out: c.App.Writer,
		color: !c.Bool("no-color") && os.Getenv("NO_COLOR") == "" && isTerminal(c.App.Writer)}
	if !slices.Contains(status.Formats, j.format) {
		return nil, usage(fmt.Sprintf("--format %q: use one of %s", j.format, strings.Join(status.Formats, ", ")))
	}
	j.opts = status.Options{Since: c.String("since"), Until: c.String("until"), Feeds: c.StringSlice("feed-name")}
	if err := checkRange(j.opts.Since, j.opts.Until); err != nil {
		return nil, err
	}
	for _, f := range j.opts.Feeds {
		if f == "" || strings.ContainsAny(f, "/=") {
			return nil, usage(fmt.Sprintf("--feed-name %q: a single path segment without / or =", f))
		}
	}
	var err error
	if j.creds, j.api, err = s3Client(c); err != nil {
		return nil, err
	}
	j.opts.Bucket, j.opts.Root, _ = bucketOf(c, j.creds)
	if j.opts.Bucket == "" {
		return nil, usage("no bucket: pass --credentials or --bucket")
	}
	return j, nil
}

func checkRange(since, until string) error {
	for flag, v := range map[string]string{"--since": since, "--until": until} {
		if _, err := layout.ParseDate(v); v != "" && err != nil {
			return usage(fmt.Sprintf("%s %q: want YYYY-MM-DD", flag, v))
		}
	}
	if since != "" && until != "" && since > until {
		return usage(fmt.Sprintf("--since %s is after --until %s", since, until))
	}
	return nil
}

// run lists the target and prints its state; exit 1 when anything is not
// complete and on time.
func (j *statusJob) run(ctx context.Context) error {
	r, err := status.Read(ctx, j.api, j.opts)
	if ctx.Err() != nil {
		return errInterrupted
	}
	if err != nil {
		return usage(redactWith(j.creds, err.Error()))
	}
	if err := status.Write(j.out, r, j.format, status.WriteOptions{Color: j.color, Tool: "preflight " + version}); err != nil {
		return cli.Exit("writing the status: "+err.Error(), 2)
	}
	if !r.OK() {
		return cli.Exit("", 1)
	}
	return nil
}
