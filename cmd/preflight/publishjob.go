package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/rules"
)

// publishJob is `preflight publish` with its flags turned into a value:
// everything that can be refused is refused while building it, before any
// file is read or any request sent.
type publishJob struct {
	c          *cli.Context
	started    time.Time
	inputs     *rules.Inputs // what is checked: the files, and strays in their folders
	files      []string      // what is uploaded
	base       layout.Target
	creds      *publish.Credentials
	bucketFrom string
	settings   *settings
	outs       *outputs
	client     publish.API
	opts       publish.Options
}

func newPublishJob(c *cli.Context) (*publishJob, error) {
	j := &publishJob{c: c, started: time.Now()}
	if c.NArg() == 0 {
		return nil, usage("publish needs at least one FILE")
	}
	var err error
	if j.settings, err = loadSettings(c); err != nil {
		return nil, err
	}
	if err := gatesKept(j.settings); err != nil {
		return nil, err
	}
	if j.inputs, j.files, err = publishInputs(c.Args().Slice(), j.settings); err != nil {
		return nil, usage(err.Error())
	}
	ff, err := formatOfFiles(j.files, c.String("file-format"))
	if err != nil {
		return nil, usage(err.Error())
	}
	if j.base, j.creds, j.bucketFrom, err = resolveTarget(c, j.files, ff); err != nil {
		return nil, err
	}
	if j.opts, err = publishOptions(c); err != nil {
		return nil, err
	}
	if j.client, err = newPublishClient(c, j.creds); err != nil {
		return nil, err
	}
	if j.outs, err = prepareOutputs(j.settings, c.String("receipt")); err != nil {
		return nil, err
	}
	return j, nil
}

// gatesKept refuses a config that lowers a rule publish's promise rests on.
func gatesKept(s *settings) error {
	for id, sev := range s.cfg.Severity {
		if in, ok := rules.Lookup(id); ok && in.Gate && sev < in.Severity {
			return usage(fmt.Sprintf("%s: rules: %s: this rule cannot be lowered or turned off: it keeps a completed prefix from being changed by accident; use --replace to overwrite one on purpose",
				s.cfgPath, id))
		}
	}
	return nil
}

func publishOptions(c *cli.Context) (publish.Options, error) {
	o := publish.Options{
		PauseBeforePart: faultPause(),
		Replace:         c.Bool("replace"),
		DryRun:          c.Bool("dry-run"),
		Verify:          publish.Verify(c.String("verify")),
		PartSize:        int64(c.Int("part-size")) << 20,
		Lease:           publish.LeaseOptions{TTL: c.Duration("lease-ttl"), TakeOver: c.Bool("take-over-lease"), Tool: "preflight " + version},
	}
	switch {
	case o.Verify != publish.VerifyChecksum && o.Verify != publish.VerifyReadBack:
		return o, usage(fmt.Sprintf("--verify %q: use checksum or readback", o.Verify))
	case c.Int("part-size") < 5:
		return o, usage(fmt.Sprintf("--part-size %d: S3 parts are at least 5 MiB", c.Int("part-size")))
	case o.Lease.TTL < 10*time.Second:
		return o, usage(fmt.Sprintf("--lease-ttl %s: at least 10s, so a live run can renew it", o.Lease.TTL))
	}
	// The plan goes to stdout beside a table report, but to stderr when
	// stdout carries a machine-readable report.
	o.Out = c.App.ErrWriter
	if f := c.String("format"); f == "" || f == "table" {
		o.Out = c.App.Writer
	}
	if !c.Bool("no-progress") && !o.DryRun && isatty.IsTerminal(os.Stderr.Fd()) {
		o.Progress = os.Stderr
	}
	return o, nil
}

func newPublishClient(c *cli.Context, creds *publish.Credentials) (publish.API, error) {
	attempts := c.Int("max-attempts")
	if c.Bool("dry-run") {
		// A dry run reads the prefix best effort; it must not sit through
		// a minute of retries against a server that is not there.
		attempts = min(attempts, 2)
	}
	client, err := publish.NewClient(c.Context, publish.ClientOptions{
		Endpoint:    c.String("endpoint"),
		Region:      c.String("region"),
		Credentials: creds,
		MaxAttempts: attempts,
	})
	if err != nil {
		return nil, usage(err.Error())
	}
	return client, nil
}

// run checks, publishes, and writes the reports and the receipt, whatever
// the outcome.
func (j *publishJob) run(ctx context.Context) error {
	defer j.outs.discard()
	res, err := j.check(ctx)
	if err != nil {
		if errors.Is(err, errInterrupted) {
			return j.finish(nil, nil, nil, publish.StatusInterrupted, errors.New("interrupted during the checks: nothing uploaded"))
		}
		return err
	}
	if !j.settings.failNever && exitFor(res, j.settings.failOn) != 0 {
		return j.finish(res, nil, nil, publish.StatusChecksFailed, errChecksFailed)
	}
	// The checks' tables are garbage now; give their memory back before
	// the upload takes its part buffers, so peak memory is the larger of
	// the two, not their sum.
	debug.FreeOSMemory()
	srcs, err := sourcesOf(res, j.files)
	if err != nil {
		return err
	}
	plan, err := publish.NewPlan(j.base, srcs)
	if err != nil {
		return usage(err.Error())
	}
	out, pubErr := publish.Publish(ctx, j.client, plan, j.opts)
	for _, f := range out.Findings {
		res.Report(f)
	}
	return j.finish(res, plan, out, j.status(ctx, out, pubErr), pubErr)
}

var errChecksFailed = errors.New("checks failed: nothing uploaded")

// check runs check's checks with the target rules on, hashing each file
// as it is read. A file that cannot be read stops the publish (exit 2):
// nothing unchecked is uploaded.
func (j *publishJob) check(ctx context.Context) (*rules.Result, error) {
	opt := rules.Options{Target: true, Hash: true}
	res, readErr, err := runInputs(ctx, j.settings, j.inputs, opt)
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, cli.Exit(readErrMessage(readErr)+": nothing uploaded", 2)
	}
	// The target rules need no file's content: they report after the run,
	// through the same door as every finding (severities, caps, counts).
	for _, f := range publish.TargetFindings(j.base, j.settings.feed, j.bucketFrom, j.files, time.Now()) {
		res.Report(f)
	}
	if j.settings.feed == "" {
		// The feed was inferred by the checks; only now can the transcripts
		// bucket rule run.
		for _, f := range transcriptsFindings(j.base, j.bucketFrom, res) {
			res.Report(f)
		}
	}
	return res, nil
}

// sourcesOf pairs each file with the digest its check took. A file the
// checks did not read through (binary content, with --fail-on never) has
// none and is never uploaded.
func sourcesOf(res *rules.Result, files []string) ([]publish.Source, error) {
	byPath := map[string]*rules.FileResult{}
	for i := range res.Files {
		byPath[res.Files[i].Path] = &res.Files[i]
	}
	out := make([]publish.Source, 0, len(files))
	for _, f := range files {
		fr := byPath[filepath.ToSlash(f)]
		if fr == nil || fr.Digest == nil {
			return nil, cli.Exit(fmt.Sprintf("%s was not read through by the checks: nothing uploaded", f), 2)
		}
		out = append(out, publish.Source{Path: f, Digest: *fr.Digest})
	}
	return out, nil
}

func (j *publishJob) status(ctx context.Context, out *publish.Outcome, err error) publish.Status {
	_, held := errors.AsType[*publish.LeaseHeldError](err)
	_, changed := errors.AsType[*publish.ChangedError](err)
	switch {
	case err == nil && len(out.Findings) > 0:
		return publish.StatusRefused
	case err == nil && j.opts.DryRun:
		return publish.StatusDryRun
	case err == nil:
		return publish.StatusPublished
	case held:
		return publish.StatusLeaseHeld
	case changed:
		return publish.StatusChanged
	case ctx.Err() != nil:
		return publish.StatusInterrupted
	}
	return publish.StatusFailed
}

// finish writes the reports and the receipt, then says how the run ended:
// one line, the exit code the contract gives the status.
func (j *publishJob) finish(res *rules.Result, plan *publish.Plan, out *publish.Outcome, st publish.Status, runErr error) error {
	if res != nil {
		if err := j.outs.writeReports(j.settings, res); err != nil {
			return err
		}
	}
	r := publish.NewReceipt(st, plan, res, out, j.started, time.Now(), runErr)
	if j.base.Bucket != "" && r.Target == "" {
		r.Target = j.base.URI()
	}
	r.Error = j.redact(r.Error)
	if err := j.outs.writeReceipt(r.Write); err != nil {
		return usage(err.Error())
	}
	return j.exit(st, out, runErr)
}

func (j *publishJob) exit(st publish.Status, out *publish.Outcome, runErr error) error {
	switch st {
	case publish.StatusPublished, publish.StatusDryRun:
		return nil
	case publish.StatusChecksFailed:
		return cli.Exit(runErr.Error(), 1)
	case publish.StatusRefused:
		return cli.Exit(out.Findings[0].Message+": nothing uploaded", 1)
	case publish.StatusInterrupted:
		uploaded := 0
		if out != nil {
			uploaded = out.Uploaded
		}
		return cli.Exit(fmt.Sprintf("interrupted: no _SUCCESS was written to %s (%d file(s) uploaded; a re-run resumes)", j.base.URI(), uploaded), 3)
	}
	return cli.Exit(j.redact(oneLine(runErr.Error())), 3)
}

// redact is the last guard on text quoting a server or library: the secret
// never reaches output, whatever column of the credentials file it was in.
func (j *publishJob) redact(s string) string {
	if j.creds == nil {
		return s
	}
	return j.creds.Redact(s)
}
