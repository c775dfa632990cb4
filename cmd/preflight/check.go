package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/config"
	"github.com/preflight-data/preflight/reports"
	"github.com/preflight-data/preflight/rules"
)

// checkFlags are shared by check and publish: publish runs exactly the same checks.
func checkFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "feed", Usage: "feed of every file: call_center, transcripts, sales_attribution or a custom feed (default: inferred per file)"},
		&cli.StringFlag{Name: "mode", Usage: "partition mode for partition/window: incremental or snapshot (default: from a format= path segment)"},
		&cli.StringFlag{Name: "dt", Usage: "partition day `YYYY-MM-DD` for partition/window (default: from a dt= path segment)"},
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "report on stdout: " + strings.Join(reports.Formats(), ", ")},
		&cli.StringSliceFlag{Name: "report", Usage: "also write a report to a file, `FORMAT=FILE` (repeatable), e.g. --report sarif=out.sarif"},
		&cli.StringFlag{Name: "config", Usage: "config `FILE` (default: .preflight.yaml searched upward from the working directory)"},
		&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above: error, warning, note or never"},
		&cli.IntFlag{Name: "max-per-rule", Value: 1000, Usage: "keep at most N findings per rule per file in reports (counts stay exact; 0 = all)"},
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, DefaultText: "number of CPUs", Usage: "files checked at once"},
		&cli.BoolFlag{Name: "no-progress", Usage: "never show a progress bar"},
		&cli.BoolFlag{Name: "no-color", Usage: "no colour in the table (also: NO_COLOR env)"},
		&cli.BoolFlag{Name: "zero-time", Hidden: true, Usage: "write zero times in JUnit, for golden tests"},
	}
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check CSV and JSONL files against the spec",
		ArgsUsage: "FILE_OR_DIR...",
		Description: `Checks every file and reports every problem with file, line, column,
field and a fix. A named file is read as given (- is stdin; pipes work);
directories are walked for .csv, .jsonl and .ndjson, other files in a
partition folder fail, and everything else is listed as skipped (exclude:
in .preflight.yaml skips more).

Exit status: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage error, unreadable input or bad config.

Examples:
   preflight check exports/
   preflight check --feed transcripts --format sarif chats.csv > out.sarif
   preflight check --report junit=junit.xml --report sarif=out.sarif data/`,
		Flags: checkFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cli.Exit("check needs at least one file or directory (preflight check --help)", 2)
			}
			s, err := loadSettings(c)
			if err != nil {
				return err
			}
			outs, err := prepareOutputs(s, "")
			if err != nil {
				return err
			}
			defer outs.discard()
			outs.ctx = c.Context // Ctrl-C stops the reports too
			res, readErr, err := runChecks(c, s, c.Args().Slice(), rules.Options{})
			if err != nil {
				return err
			}
			if err := outs.writeReports(c, s, res); err != nil {
				return err
			}
			if readErr != nil {
				return cli.Exit(readErrMessage(readErr), 2)
			}
			if failed(res, s) {
				return cli.Exit("", 1)
			}
			return nil
		},
	}
}

// settings is the merged result of flags and config.
type settings struct {
	cfg     *config.Config
	cfgPath string
	// feed is --feed as a feed ID ("" = inferred per file): the flag also
	// takes a FEED_NAME alias such as call_center_issues.
	feed       string
	failOn     rules.Severity
	failNever  bool
	format     string
	reports    map[string]string
	reportKeys []string
}

func loadSettings(c *cli.Context) (*settings, error) {
	cfgPath := c.String("config")
	if cfgPath == "" {
		wd, _ := os.Getwd()
		cfgPath = config.Find(wd)
	}
	cfg := config.Default()
	if cfgPath != "" {
		var err error
		cfg, err = config.Load(cfgPath)
		if err != nil {
			return nil, cli.Exit(err.Error(), 2)
		}
	}
	s := &settings{cfg: cfg, cfgPath: cfgPath, reports: map[string]string{}}
	if name := c.String("feed"); name != "" {
		f, err := cfg.Registry.Resolve(name)
		if err != nil {
			return nil, cli.Exit("--feed: "+err.Error(), 2)
		}
		s.feed = f.ID
	}
	failOn := c.String("fail-on")
	if !c.IsSet("fail-on") && cfg.FailOn != "" {
		failOn = cfg.FailOn
	}
	if failOn == "never" {
		s.failNever = true
	} else {
		sev, err := rules.ParseSeverity(failOn)
		if err != nil || sev == rules.Off {
			return nil, cli.Exit(fmt.Sprintf("--fail-on %q: use error, warning, note or never", failOn), 2)
		}
		s.failOn = sev
	}
	s.format = c.String("format")
	if !c.IsSet("format") && cfg.Format != "" {
		s.format = cfg.Format
	}
	if _, ok := reports.Lookup(s.format); !ok {
		return nil, cli.Exit(fmt.Sprintf("--format %q: use one of %s", s.format, strings.Join(reports.Formats(), ", ")), 2)
	}
	for _, r := range c.StringSlice("report") {
		name, file, ok := strings.Cut(r, "=")
		if !ok || file == "" {
			return nil, cli.Exit(fmt.Sprintf("--report %q: want FORMAT=FILE, e.g. sarif=out.sarif", r), 2)
		}
		if _, ok := reports.Lookup(name); !ok {
			return nil, cli.Exit(fmt.Sprintf("--report %q: unknown format %q (use one of %s)", r, name, strings.Join(reports.Formats(), ", ")), 2)
		}
		if _, dup := s.reports[file]; dup {
			return nil, cli.Exit(fmt.Sprintf("--report: %s is named twice", file), 2)
		}
		s.reports[file] = name
		s.reportKeys = append(s.reportKeys, file)
	}
	return s, nil
}

// exitFor is the exit status --fail-on gives a result: 1 when a finding
// reaches failOn, else 0.
func exitFor(res *rules.Result, failOn rules.Severity) int {
	if failed(res, &settings{failOn: failOn}) {
		return 1
	}
	return 0
}

// runChecks runs the same checks as `preflight check` on paths and returns
// the result. readErr lists files that could not be read (the others were
// checked); err is a usage problem (exit 2) that stopped the run, or
// errInterrupted.
func runChecks(c *cli.Context, s *settings, paths []string, base rules.Options) (res *rules.Result, readErr error, err error) {
	in, err := rules.Walk(paths, rules.WalkOptions{Exclude: s.cfg.Excluded})
	if err != nil {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	return runInputs(c, s, in, base)
}

// runInputs is runChecks on files already walked. base carries what
// publish adds (target rules, their findings, hashing).
func runInputs(c *cli.Context, s *settings, in *rules.Inputs, base rules.Options) (res *rules.Result, readErr error, err error) {
	opt := base
	opt.Feeds = s.cfg.Registry
	opt.Feed = s.feed
	opt.FeedFor = s.cfg.FeedFor
	opt.Mode = firstNonEmpty(c.String("mode"), s.cfg.Mode)
	opt.DT = firstNonEmpty(c.String("dt"), s.cfg.DT)
	opt.Severity = s.cfg.Severity
	opt.Settings = s.cfg.Settings
	opt.MaxPerRule = c.Int("max-per-rule")
	opt.Jobs = c.Int("jobs")
	if !c.IsSet("max-per-rule") && s.cfg.MaxPerRule != nil {
		opt.MaxPerRule = *s.cfg.MaxPerRule
	}
	bar := newProgress(c, in.Files)
	if bar != nil {
		opt.Progress = func(done, total int64) { _ = bar.Set64(done) }
	}
	res, err = rules.RunInputs(c.Context, in, opt)
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Clear()
	}
	if c.Err() != nil {
		return nil, nil, errInterrupted
	}
	if err != nil && rules.IsUsage(err) {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	if res == nil {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	return res, err, nil
}

// errInterrupted ends a check cut short by SIGINT or SIGTERM: exit 130, the
// shell's code for a command ended by Ctrl-C, and no report that could be
// mistaken for a complete one.
var errInterrupted = cli.Exit("interrupted: nothing was reported", 130)

func readErrMessage(err error) string {
	var parts []string
	for _, e := range unwrapAll(err) {
		parts = append(parts, "cannot read "+e.Error())
	}
	return strings.Join(parts, "; ")
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// progressMin is the input size below which a bar would only flicker.
const progressMin = 64 << 20

func newProgress(c *cli.Context, files []rules.Input) *progressbar.ProgressBar {
	if c.Bool("no-progress") || os.Getenv("CI") != "" || !isatty.IsTerminal(os.Stderr.Fd()) {
		return nil
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f.Path); f.Path != rules.Stdin && err == nil && st.Mode().IsRegular() {
			total += st.Size()
		}
	}
	if total < progressMin {
		return nil
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("checking"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
	)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// failed reports whether a finding reaches --fail-on.
func failed(res *rules.Result, s *settings) bool {
	if s.failNever {
		return false
	}
	for _, f := range res.Files {
		if f.Errors > 0 && s.failOn <= rules.Error ||
			f.Warnings > 0 && s.failOn <= rules.Warning ||
			f.Notes > 0 && s.failOn <= rules.Note {
			return true
		}
	}
	return false
}

func reportOptions(c *cli.Context) reports.Options {
	host, _ := os.Hostname()
	wd, _ := os.Getwd()
	color := !c.Bool("no-color") && os.Getenv("NO_COLOR") == "" && isTerminal(c.App.Writer)
	return reports.Options{
		ToolName:       "preflight",
		ToolVersion:    version,
		InformationURI: "https://github.com/preflight-data/preflight",
		Color:          color,
		ZeroTime:       c.Bool("zero-time"),
		Now:            time.Now(),
		Hostname:       host,
		SrcRoot:        wd,
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
