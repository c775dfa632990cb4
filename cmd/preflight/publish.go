package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
		&cli.StringFlag{Name: "file-format", Usage: "the format= segment's file type `FORMAT`: csv, jsonl, a recording's container (wav, mp3...) or audio for several (default: from the files)"},
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
		&cli.StringFlag{Name: "endpoint", Usage: "S3-compatible endpoint `URL` (http:// only to loopback; AWS_ENDPOINT_URL and the shared config pass the same guard)"},
		&cli.StringFlag{Name: "region", Value: publish.DefaultRegion, Usage: "AWS `REGION`"},
		&cli.IntFlag{Name: "max-attempts", Value: 10, Usage: "tries per S3 request `N`, with backoff, before the publish fails"},
		&cli.BoolFlag{Name: "dry-run", Usage: "check and print the plan; send no write request (the prefix's state is read best effort)"},
		&cli.BoolFlag{Name: "replace", Usage: "overwrite a target that already has _SUCCESS: the old _SUCCESS is deleted first, objects the new upload lacks are deleted before the new _SUCCESS"},
		&cli.StringFlag{Name: "receipt", Usage: "write a JSON receipt of the publish to `FILE` (also when it fails or is interrupted)"},
		&cli.StringFlag{Name: "verify", Value: string(publish.VerifyChecksum), Usage: "how each object is proven: checksum (the server's own full-object checksum; read back when it has none) or readback (always download and hash)"},
		&cli.DurationFlag{Name: "lease-ttl", Value: publish.DefaultLeaseTTL, Usage: "how long the prefix's lease lasts without renewal (a crashed run's lease frees after it)"},
		&cli.BoolFlag{Name: "take-over-lease", Usage: "take the prefix's lease even if it has not expired: only when its holder is known to be dead"},
		&cli.IntFlag{Name: "part-size", Value: publish.DefaultPartSize >> 20, Usage: "multipart part size in `MiB` (5 or more); a file up to it is sent in one PUT"},
	)
	return &cli.Command{
		Name:      "publish",
		Usage:     "check files, then upload them to ASAPP's S3 target and mark it complete",
		ArgsUsage: "FILE...",
		Description: "Runs the checks of `check` plus the partition and target rules and uploads only when they pass:\n" +
			"data files first (hashed as sent, checksummed by the server, SSE AES256), each verified, then an\n" +
			"empty _SUCCESS. One publisher per prefix (a lease). A failed or interrupted run leaves no _SUCCESS;\n" +
			"re-running resumes. Exit: 0 published, 1 checks or target rules failed (nothing uploaded), 2 usage,\n" +
			"3 not completed: transfer failed, interrupted, another run holds the prefix, or a file changed.",
		Flags:  flags,
		Action: action(newPublishJob),
	}
}

func pathCommand() *cli.Command {
	return &cli.Command{
		Name:      "path",
		Usage:     "print the S3 target URI for the given options, offline",
		ArgsUsage: "[FILE...]",
		Flags:     append(targetFlags(), modeFlags()...),
		Action:    action(newPathJob),
	}
}

// pathJob is `preflight path`: the target URI of each file (or the prefix),
// resolved from the flags, the credentials file and the files' layout
// paths exactly as publish resolves them.
type pathJob struct {
	w     io.Writer
	base  layout.Target
	files []string
}

func newPathJob(c *cli.Context) (*pathJob, error) {
	j := &pathJob{w: c.App.Writer, files: c.Args().Slice()}
	ff := c.String("file-format")
	if len(j.files) > 0 {
		var err error
		if ff, err = formatOfFiles(j.files, ff); err != nil {
			return nil, usage(err.Error())
		}
	}
	var err error
	j.base, _, _, err = resolveTarget(c, j.files, ff)
	return j, err
}

func (j *pathJob) run(context.Context) error {
	if len(j.files) == 0 {
		fmt.Fprintln(j.w, j.base.URI())
		return nil
	}
	for _, f := range j.files {
		t := j.base
		t.File = filepath.Base(f)
		fmt.Fprintln(j.w, t.URI())
	}
	return nil
}

// usage is a one-line exit-2 error (main prefixes "preflight: ").
func usage(msg string) error { return cli.Exit(msg, 2) }

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
		return nil, nil, fmt.Errorf("no .csv, .jsonl, .ndjson or audio files to publish in %s (found only %s)", strings.Join(args, " "), strings.Join(strays, ", "))
	}
	return in, files, nil
}

// formatOfFiles is the one format all files share, from each file's
// layout path or its name: one prefix has one format=. Recordings of
// several containers share format=audio, which given (--file-format)
// must name; given otherwise must agree with the files.
func formatOfFiles(files []string, given string) (string, error) {
	var ff string
	mixed := false
	for _, f := range files {
		g := rules.FormatOf(f)
		if t, found, _ := layout.FromPath(f); found && layout.ValidFormat(t.Format) {
			g = t.FileFormat()
		}
		if g == "" {
			return "", fmt.Errorf("%s: cannot tell its format by its name (.csv, .jsonl, .ndjson, or a recording's .wav, .mp3...)", f)
		}
		if ff != "" && g != ff {
			if !layout.IsAudioFormat(g) || !layout.IsAudioFormat(ff) {
				return "", fmt.Errorf("%s is %s but other files are %s: one target holds one format", f, g, ff)
			}
			mixed = true
		}
		ff = g
	}
	switch {
	case given == "" && mixed:
		return "", errors.New("the recordings are of several formats: pass --file-format audio to send them under one format=audio, or publish each format to its own prefix")
	case mixed || given == layout.AudioFormat && layout.IsAudioFormat(ff):
		ff = layout.AudioFormat
	}
	if given != "" && given != ff {
		return "", fmt.Errorf("--file-format %s disagrees with the files, which are %s", given, ff)
	}
	return ff, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
