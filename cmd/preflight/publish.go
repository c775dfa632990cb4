package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/internal/regular"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/rules"
)

// targetFlags name the target path; publish and path share them so that
// `preflight path` prints exactly where `preflight publish` would write.
func targetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "bucket", Usage: "target `BUCKET` (else from --credentials)"},
		&cli.StringFlag{Name: "prefix", Usage: "`SUB-FOLDER` inside the bucket (else from --credentials)"},
		&cli.StringFlag{Name: "credentials", Usage: "the tab-separated `FILE` ASAPP sent: id, secret, bucket, sub-folder"},
		&cli.StringFlag{Name: "feed-name", Usage: "the FEED_NAME path segment ASAPP assigned, e.g. call_center_issues (else from the files' layout path)"},
		// Not plain "version": that reads like the tool's own --version.
		&cli.StringFlag{Name: "feed-version", Aliases: []string{"version"}, Usage: "the version=`N` path segment (default 1, or from the layout path)"},
		&cli.StringFlag{Name: "hr", Usage: "optional hour partition `HH` (00-23)"},
		&cli.StringFlag{Name: "mi", Usage: "optional minute partition `MM` (00-59), only with --hr"},
	}
}

// modeFlags are check's --mode and --dt, for path (publish gets them from
// checkFlags, where they also drive the partition rules).
func modeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "mode", Usage: "`incremental` or snapshot (default incremental, or from the layout path)"},
		&cli.StringFlag{Name: "dt", Usage: "the partition day `YYYY-MM-DD` (UTC); required unless the files sit in a layout path"},
	}
}

func publishCommand() *cli.Command {
	// checkFlags carries --feed, --mode, --dt, --format, --report, --config,
	// --fail-on and --no-progress: publish runs exactly check's checks.
	flags := append(checkFlags(), targetFlags()...)
	flags = append(flags,
		&cli.StringFlag{Name: "endpoint", Usage: "S3-compatible endpoint `URL` (http:// only to loopback)"},
		&cli.StringFlag{Name: "region", Value: publish.DefaultRegion, Usage: "AWS `REGION`"},
		&cli.IntFlag{Name: "max-attempts", Value: 10, Usage: "tries per S3 request `N`, with backoff, before the publish fails"},
		&cli.BoolFlag{Name: "dry-run", Usage: "check and print the plan; send no write request"},
		&cli.BoolFlag{Name: "replace", Usage: "overwrite a target that already has _SUCCESS (the old _SUCCESS is deleted first)"},
		&cli.StringFlag{Name: "receipt", Usage: "write a JSON receipt of the publish to `FILE`"},
	)
	return &cli.Command{
		Name:      "publish",
		Usage:     "check files, then upload them to ASAPP's S3 target and mark it complete",
		ArgsUsage: "FILE...",
		Description: "Runs the checks of `check` plus the partition and target rules and uploads only when they pass:\n" +
			"data files first (concurrent, checksummed, SSE AES256), each verified, then an empty _SUCCESS.\n" +
			"A failed upload leaves no _SUCCESS; re-running resumes. Exit: 0 published, 1 checks failed,\n" +
			"2 usage, 3 transfer failed (no _SUCCESS).",
		Flags:  flags,
		Action: publishAction,
	}
}

func pathCommand() *cli.Command {
	return &cli.Command{
		Name:      "path",
		Usage:     "print the S3 target URI for the given options, offline",
		ArgsUsage: "[FILE...]",
		Flags: append(append(targetFlags(), modeFlags()...),
			&cli.StringFlag{Name: "file-format", Usage: "`csv` or jsonl, when no FILE names it by extension"},
		),
		Action: func(c *cli.Context) error {
			files := c.Args().Slice()
			ff := c.String("file-format")
			if len(files) > 0 {
				var err error
				if ff, err = formatOfFiles(files); err != nil {
					return usage(err.Error())
				}
			}
			base, _, _, err := resolveTarget(c, files, ff)
			if err != nil {
				return err
			}
			if len(files) == 0 {
				fmt.Fprintln(c.App.Writer, base.URI())
				return nil
			}
			for _, f := range files {
				t := base
				t.File = filepath.Base(f)
				fmt.Fprintln(c.App.Writer, t.URI())
			}
			return nil
		},
	}
}

// usage is a one-line exit-2 error (main prefixes "preflight: ").
func usage(msg string) error { return cli.Exit(msg, 2) }

func publishAction(c *cli.Context) error {
	started := time.Now()
	if c.NArg() == 0 {
		return usage("publish needs at least one FILE")
	}
	if e := c.String("endpoint"); e != "" {
		// An invocation problem: refused before any file is read.
		if _, err := publish.CheckEndpoint(e); err != nil {
			return usage(err.Error())
		}
	}
	settings, err := loadSettings(c)
	if err != nil {
		return err
	}
	in, files, err := publishInputs(c.Args().Slice(), settings)
	if err != nil {
		return usage(err.Error())
	}
	ff, err := formatOfFiles(files)
	if err != nil {
		return usage(err.Error())
	}
	base, creds, bucketFrom, err := resolveTarget(c, files, ff)
	if err != nil {
		return err
	}

	// Target rules that need no network go in with the checks, so they show
	// in every report and count against --fail-on like any other finding.
	extra := publish.TargetFindings(base, c.String("feed"), bucketFrom, files, time.Now())
	res, err := publishChecks(c, settings, in, extra)
	if err != nil {
		return err
	}
	if c.String("feed") == "" {
		// The feed was inferred by the checks; only now can the transcripts
		// bucket rule run. A mismatch fails the run, so re-checking with it
		// costs time only on a run that is failing anyway.
		if more := transcriptsFindings(base, bucketFrom, res); len(more) > 0 {
			if res, err = publishChecks(c, settings, in, append(extra, more...)); err != nil {
				return err
			}
		}
	}
	rcpt := func(p *publish.Plan, out *publish.Outcome, runErr error) error {
		if c.String("receipt") == "" {
			return nil
		}
		r := publish.NewReceipt(p, res, out, c.Bool("dry-run"), started, time.Now(), runErr)
		if r.Target == "" {
			r.Target = base.URI()
		}
		return publish.WriteReceipt(c.String("receipt"), r)
	}
	if !settings.failNever && exitFor(res, settings.failOn) != 0 {
		if err := writeReports(c, settings, res); err != nil {
			return err
		}
		const msg = "checks failed: nothing uploaded"
		if err := rcpt(nil, nil, errors.New(msg)); err != nil {
			return usage(err.Error())
		}
		return cli.Exit(msg, 1)
	}

	ctx := c.Context
	if ctx == nil {
		ctx = context.Background()
	}
	plan, err := publish.NewPlan(ctx, base, files)
	if err != nil {
		return usage(err.Error())
	}
	client, err := publish.NewClient(ctx, publish.ClientOptions{
		Endpoint:    c.String("endpoint"),
		Region:      c.String("region"),
		Credentials: creds,
		MaxAttempts: c.Int("max-attempts"),
	})
	if err != nil {
		return usage(err.Error())
	}
	// The plan goes to stdout beside a table report, but to stderr when
	// stdout carries a machine-readable report.
	out := c.App.ErrWriter
	if f := c.String("format"); f == "" || f == "table" {
		out = c.App.Writer
	}
	var progress io.Writer
	if !c.Bool("no-progress") && !c.Bool("dry-run") && isatty.IsTerminal(os.Stderr.Fd()) {
		progress = os.Stderr
	}
	outcome, pubErr := publish.Publish(ctx, client, plan, publish.Options{
		Replace:  c.Bool("replace"),
		DryRun:   c.Bool("dry-run"),
		Out:      out,
		Progress: progress,
	})
	if outcome != nil {
		for _, f := range outcome.Findings {
			addFinding(res, f)
		}
	}
	if err := writeReports(c, settings, res); err != nil {
		return err
	}
	if err := rcpt(plan, outcome, pubErr); err != nil {
		return usage(err.Error())
	}
	if pubErr != nil {
		// Publish fails only with a TransferError: data may be partly
		// there, _SUCCESS is not.
		return cli.Exit(oneLine(pubErr.Error()), 3)
	}
	if outcome != nil && len(outcome.Findings) > 0 {
		return cli.Exit(outcome.Findings[0].Message+": nothing uploaded (--replace overwrites)", 1)
	}
	return nil
}

// publishChecks runs check's checks with the target rules on. A file that
// cannot be read stops the publish (exit 2): nothing unchecked is uploaded.
func publishChecks(c *cli.Context, s *settings, in *rules.Inputs, extra []rules.Finding) (*rules.Result, error) {
	res, readErr, err := runInputs(c, s, in, extra, true)
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, cli.Exit(readErrMessage(readErr)+": nothing uploaded", 2)
	}
	return res, nil
}

// resolveTarget builds the target prefix from flags, the credentials file and
// the files' own layout paths. A value given both ways must agree: a file
// under dt=2024-05-01 published with --dt 2024-05-02 is a mistake, not a
// preference. bucketFrom is where the bucket was named, for findings.
func resolveTarget(c *cli.Context, files []string, fileFormat string) (layout.Target, *publish.Credentials, string, error) {
	t := layout.Target{Hour: -1, Minute: -1}
	var creds *publish.Credentials
	if p := c.String("credentials"); p != "" {
		cr, err := publish.ReadCredentialsFile(p)
		if err != nil {
			return t, nil, "", usage(err.Error())
		}
		creds = &cr
	}

	// What the files' layout paths say, if they have one; every file must
	// say the same, since one publish completes one prefix.
	var fromPath *layout.Target
	for _, f := range files {
		pt, found, problems := layout.FromPath(f)
		if !found {
			continue
		}
		if len(problems) > 0 {
			return t, nil, "", usage(fmt.Sprintf("%s: %s", f, strings.Join(problems, "; ")))
		}
		pt.File = ""
		if fromPath != nil && *fromPath != pt {
			return t, nil, "", usage(fmt.Sprintf("%s is laid out under %s but other files under %s: publish one prefix at a time", f, pt.Prefix(), fromPath.Prefix()))
		}
		fromPath = &pt
	}

	// pick returns the flag value, else the path's, and refuses a conflict.
	pick := func(flag, fromFile string) (string, error) {
		v := c.String(flag)
		switch {
		case v == "":
			return fromFile, nil
		case fromFile != "" && fromFile != v:
			return "", usage(fmt.Sprintf("--%s %s disagrees with the files' layout path (%s)", flag, v, fromFile))
		}
		return v, nil
	}
	var pathFeed, pathVersion, pathDT, pathHr, pathMi, pathMode string
	if fromPath != nil {
		pathFeed, pathDT = fromPath.FeedName, fromPath.DT
		pathVersion = strconv.Itoa(fromPath.Version)
		if fromPath.Hour >= 0 {
			pathHr = fmt.Sprintf("%02d", fromPath.Hour)
		}
		if fromPath.Minute >= 0 {
			pathMi = fmt.Sprintf("%02d", fromPath.Minute)
		}
		pathMode = "incremental"
		if fromPath.Snapshot() {
			pathMode = "snapshot"
		}
		if fromPath.FileFormat() != fileFormat && fileFormat != "" {
			// target/format reports this on the file; the target itself
			// follows the layout path.
			fileFormat = fromPath.FileFormat()
		}
	}
	var err error
	if t.FeedName, err = pick("feed-name", pathFeed); err != nil {
		return t, nil, "", err
	}
	if t.FeedName == "" {
		return t, nil, "", usage("--feed-name is required (the FEED_NAME segment ASAPP assigned, e.g. call_center_issues)")
	}
	if strings.ContainsAny(t.FeedName, "/=") {
		return t, nil, "", usage(fmt.Sprintf("--feed-name %q: a single path segment without / or =", t.FeedName))
	}
	version, err := pick("feed-version", pathVersion)
	if err != nil {
		return t, nil, "", err
	}
	if version == "" {
		version = "1"
	}
	if t.Version, err = strconv.Atoi(version); err != nil || t.Version < 1 {
		return t, nil, "", usage(fmt.Sprintf("--feed-version %q: want a positive integer", version))
	}
	mode, err := pick("mode", pathMode)
	if err != nil {
		return t, nil, "", err
	}
	switch mode {
	case "", "incremental":
		t.Format = fileFormat
	case "snapshot":
		t.Format = "snapshot_" + fileFormat
	default:
		return t, nil, "", usage(fmt.Sprintf("--mode %q: use incremental or snapshot", mode))
	}
	if fileFormat == "" {
		return t, nil, "", usage("cannot tell csv from jsonl: name files .csv or .jsonl (or pass --file-format)")
	}
	if t.DT, err = pick("dt", pathDT); err != nil {
		return t, nil, "", err
	}
	if t.DT == "" {
		return t, nil, "", usage("--dt YYYY-MM-DD is required (the UTC day the data belongs to)")
	}
	hr, err := pick("hr", pathHr)
	if err != nil {
		return t, nil, "", err
	}
	mi, err := pick("mi", pathMi)
	if err != nil {
		return t, nil, "", err
	}

	bucketFrom := "--bucket"
	t.Bucket, t.SubFolder = c.String("bucket"), c.String("prefix")
	if creds != nil {
		if t.Bucket == "" {
			t.Bucket, bucketFrom = creds.Bucket, c.String("credentials")
		}
		if !c.IsSet("prefix") {
			t.SubFolder = creds.SubFolder
		}
	}
	if t.Bucket == "" {
		return t, nil, "", usage("no bucket: pass --bucket or --credentials")
	}

	// Validate through the same parser that reads URIs, so hr/mi/dt rules
	// live in one place.
	uri := t.URI()
	if hr != "" {
		uri += "hr=" + hr + "/"
		if mi != "" {
			uri += "mi=" + mi + "/"
		}
	} else if mi != "" {
		return t, nil, "", usage("--mi needs --hr")
	}
	parsed, err := layout.ParseURI(uri)
	if err != nil {
		return t, nil, "", usage(err.Error())
	}
	parsed.SubFolder = t.SubFolder // keep it verbatim (ParseURI splits on "/")
	if bucketFrom == "--bucket" {
		bucketFrom = parsed.URI()
	}
	return parsed, creds, bucketFrom, nil
}

// transcriptsFindings runs the bucket-versus-feed rule for feeds the checks
// inferred (when --feed was not given).
func transcriptsFindings(base layout.Target, bucketFrom string, res *rules.Result) []rules.Finding {
	seen := map[string]bool{}
	var out []rules.Finding
	for _, f := range res.Files {
		if f.Feed == "" || seen[f.Feed] {
			continue
		}
		seen[f.Feed] = true
		for _, fd := range publish.TargetFindings(base, f.Feed, bucketFrom, nil, time.Time{}) {
			if fd.Rule == "target/transcripts-bucket" {
				out = append(out, fd)
			}
		}
	}
	return out
}

// publishInputs walks args as check does and returns what to check and the
// data files to upload. A directory being published is a partition: any
// other file in it (calls_part2.csv.gz) is a stray, checked (so the checks
// fail) but never uploaded, as data left behind would be. Only regular files are published:
// the bytes uploaded must be the bytes checked, and a pipe or stdin cannot
// be read a second time.
func publishInputs(args []string, s *settings) (*rules.Inputs, []string, error) {
	in, err := rules.Walk(args, rules.WalkOptions{Exclude: s.cfg.Excluded, Partition: true})
	if err != nil {
		return nil, nil, err
	}
	var files, strays []string
	for _, f := range in.Files {
		if f.Stray {
			strays = append(strays, f.Path)
			continue
		}
		if f.Path == rules.Stdin {
			return nil, nil, errors.New("publish uploads files, not stdin: save the data to a file, check it, and publish the file")
		}
		if st, err := os.Stat(f.Path); err == nil && !st.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("%s is %s: publish uploads regular files only (the bytes uploaded must be the bytes checked)", f.Path, regular.Kind(st.Mode()))
		}
		files = append(files, f.Path)
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no .csv, .jsonl or .ndjson files to publish in %s (found only %s)", strings.Join(args, " "), strings.Join(strays, ", "))
	}
	return in, files, nil
}

// formatOfFiles is the one format all files share: one prefix has one format=.
func formatOfFiles(files []string) (string, error) {
	var ff string
	for _, f := range files {
		g := rules.FormatOf(f)
		if g == "" {
			if t, found, _ := layout.FromPath(f); found && layout.ValidFormat(t.Format) {
				g = t.FileFormat()
			}
		}
		if g == "" {
			return "", fmt.Errorf("%s: cannot tell csv from jsonl by its name (.csv, .jsonl, .ndjson)", f)
		}
		if ff != "" && g != ff {
			return "", fmt.Errorf("%s is %s but other files are %s: one target holds one format", f, g, ff)
		}
		ff = g
	}
	return ff, nil
}

// addFinding adds a finding made after the checks ran (the _SUCCESS gate)
// with the per-file counts reports total, as the engine does for its own.
func addFinding(res *rules.Result, f rules.Finding) {
	res.Findings = append(res.Findings, f)
	var fr *rules.FileResult
	for i := range res.Files {
		if res.Files[i].Path == f.File {
			fr = &res.Files[i]
		}
	}
	if fr == nil {
		res.Files = append(res.Files, rules.FileResult{Path: f.File})
		fr = &res.Files[len(res.Files)-1]
	}
	switch f.Severity {
	case rules.Error:
		fr.Errors++
	case rules.Warning:
		fr.Warnings++
	case rules.Note:
		fr.Notes++
	}
	if fr.Counts == nil {
		fr.Counts = map[string]int64{}
	}
	fr.Counts[f.Rule]++
	if !slices.Contains(fr.Rules, f.Rule) {
		fr.Rules = append(fr.Rules, f.Rule)
		slices.Sort(fr.Rules)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
