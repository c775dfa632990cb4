package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/publish"
)

// resolveTarget builds the target prefix from flags, the credentials file and
// the files' own layout paths. A value given both ways must agree: a file
// under dt=2024-05-01 published with --dt 2024-05-02 is a mistake, not a
// preference. bucketFrom is where the bucket was named, for findings.
func resolveTarget(c *cli.Context, files []string, fileFormat string) (layout.Target, *publish.Credentials, string, error) {
	creds, err := readCredentials(c.String("credentials"))
	if err != nil {
		return layout.Target{}, nil, "", err
	}
	fromPath, err := layoutOfFiles(files)
	if err != nil {
		return layout.Target{}, nil, "", err
	}
	segs, err := pathSegments(c, fromPath, fileFormat)
	if err != nil {
		return layout.Target{}, nil, "", err
	}
	bucket, sub, bucketFrom := bucketOf(c, creds)
	if bucket == "" {
		return layout.Target{}, nil, "", usage("no bucket: pass --bucket or --credentials")
	}
	// Validate through the same parser that reads URIs, so the rules for
	// each segment live in one place.
	t, err := layout.ParseURI("s3://" + bucket + "/" + segs)
	if err != nil {
		return layout.Target{}, nil, "", usage(err.Error())
	}
	t.SubFolder = sub // verbatim: ParseURI would split it on "/"
	if bucketFrom == "" {
		bucketFrom = t.URI()
	}
	return t, creds, bucketFrom, nil
}

func readCredentials(path string) (*publish.Credentials, error) {
	if path == "" {
		return nil, nil
	}
	cr, err := publish.ReadCredentialsFile(path)
	if err != nil {
		return nil, usage(err.Error())
	}
	return &cr, nil
}

// layoutOfFiles is what the files' layout paths say, as flag values, if
// they have one; every file must say the same, since one publish completes
// one prefix.
func layoutOfFiles(files []string) (map[string]string, error) {
	var from *layout.Target
	for _, f := range files {
		pt, found, problems := layout.FromPath(f)
		if !found {
			continue
		}
		if len(problems) > 0 {
			return nil, usage(fmt.Sprintf("%s: %s", f, strings.Join(problems, "; ")))
		}
		pt.File = ""
		if from != nil && *from != pt {
			return nil, usage(fmt.Sprintf("%s is laid out under %s but other files under %s: publish one prefix at a time", f, pt.Prefix(), from.Prefix()))
		}
		from = &pt
	}
	if from == nil {
		return map[string]string{}, nil
	}
	m := map[string]string{"feed-name": from.FeedName, "feed-version": strconv.Itoa(from.Version), "dt": from.DT,
		"mode": from.Mode(), "file-format": from.FileFormat()}
	if from.Hour >= 0 {
		m["hr"] = fmt.Sprintf("%02d", from.Hour)
	}
	if from.Minute >= 0 {
		m["mi"] = fmt.Sprintf("%02d", from.Minute)
	}
	return m, nil
}

// pick is a flag's value, else the layout path's; a conflict is refused.
func pick(c *cli.Context, fromPath map[string]string, flag string) (string, error) {
	v, p := c.String(flag), fromPath[flag]
	switch {
	case v == "":
		return p, nil
	case p != "" && p != v:
		return "", usage(fmt.Sprintf("--%s %s disagrees with the files' layout path (%s)", flag, v, p))
	}
	return v, nil
}

// pathSegments is FEED_NAME/version=N/format=F/dt=D[/hr=H[/mi=M]]/ from
// flags and the layout path.
func pathSegments(c *cli.Context, fromPath map[string]string, fileFormat string) (string, error) {
	v := map[string]string{}
	for _, flag := range []string{"feed-name", "feed-version", "mode", "dt", "hr", "mi"} {
		var err error
		if v[flag], err = pick(c, fromPath, flag); err != nil {
			return "", err
		}
	}
	if ff := fromPath["file-format"]; ff != "" {
		// target/format reports a file that disagrees; the target
		// follows the layout path.
		fileFormat = ff
	}
	format, err := formatSegment(v["mode"], fileFormat)
	if err != nil {
		return "", err
	}
	if err := requireSegments(v); err != nil {
		return "", err
	}
	segs := fmt.Sprintf("%s/version=%s/format=%s/dt=%s/", v["feed-name"], firstNonEmpty(v["feed-version"], "1"), format, v["dt"])
	if v["hr"] != "" {
		segs += "hr=" + v["hr"] + "/"
		if v["mi"] != "" {
			segs += "mi=" + v["mi"] + "/"
		}
	}
	return segs, nil
}

func requireSegments(v map[string]string) error {
	switch {
	case v["feed-name"] == "":
		return usage("--feed-name is required (the FEED_NAME segment ASAPP assigned, e.g. call_center_issues)")
	case strings.ContainsAny(v["feed-name"], "/="):
		return usage(fmt.Sprintf("--feed-name %q: a single path segment without / or =", v["feed-name"]))
	case v["dt"] == "":
		return usage("--dt YYYY-MM-DD is required (the UTC day the data belongs to)")
	case v["mi"] != "" && v["hr"] == "":
		return usage("--mi needs --hr")
	}
	if n, err := strconv.Atoi(firstNonEmpty(v["feed-version"], "1")); err != nil || n < 1 {
		return usage(fmt.Sprintf("--feed-version %q: want a positive integer", v["feed-version"]))
	}
	return nil
}

func formatSegment(mode, fileFormat string) (string, error) {
	if err := layout.CheckMode(mode); err != nil {
		return "", usage("--mode " + err.Error())
	}
	if fileFormat == "" {
		return "", usage("cannot tell csv from jsonl: name files .csv or .jsonl (or pass --file-format)")
	}
	if mode == layout.Snapshot && layout.IsAudioFormat(fileFormat) {
		return "", usage("--mode snapshot: recordings are added day by day; a snapshot replaces a feed's table, which recordings do not have")
	}
	return layout.FormatFor(mode, fileFormat), nil
}

// bucketOf is the bucket and sub-folder from flags or the credentials file,
// and where the bucket was named ("" when by --bucket).
func bucketOf(c *cli.Context, creds *publish.Credentials) (bucket, sub, from string) {
	bucket, sub = c.String("bucket"), c.String("prefix")
	if creds == nil {
		return bucket, sub, ""
	}
	if bucket == "" {
		bucket, from = creds.Bucket, c.String("credentials")
	}
	if !c.IsSet("prefix") {
		sub = creds.SubFolder
	}
	return bucket, sub, from
}
