package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
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
			res, readErr, err := runChecks(c, s, c.Args().Slice(), nil, false)
			if err != nil {
				return err
			}
			if err := writeReports(c, s, res); err != nil {
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
	cfg        *config.Config
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
	s := &settings{cfg: cfg, reports: map[string]string{}}
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

// runChecks runs the same checks as `preflight check` on paths, plus extra
// findings (publish's target rules), and returns the result. readErr lists
// files that could not be read (the others were checked); err is a usage
// problem (exit 2) that stopped the run.
func runChecks(c *cli.Context, s *settings, paths []string, extra []rules.Finding, target bool) (res *rules.Result, readErr error, err error) {
	in, err := rules.Walk(paths, rules.WalkOptions{Exclude: s.cfg.Excluded})
	if err != nil {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	return runInputs(c, s, in, extra, target)
}

// runInputs is runChecks on files already walked.
func runInputs(c *cli.Context, s *settings, in *rules.Inputs, extra []rules.Finding, target bool) (res *rules.Result, readErr error, err error) {
	opt := rules.Options{
		Feeds:      s.cfg.Registry,
		Feed:       c.String("feed"),
		FeedFor:    s.cfg.FeedFor,
		Mode:       firstNonEmpty(c.String("mode"), s.cfg.Mode),
		DT:         firstNonEmpty(c.String("dt"), s.cfg.DT),
		Severity:   s.cfg.Severity,
		MaxPerRule: c.Int("max-per-rule"),
		Jobs:       c.Int("jobs"),
		Target:     target,
		Extra:      extra,
	}
	if !c.IsSet("max-per-rule") && s.cfg.MaxPerRule != nil {
		opt.MaxPerRule = *s.cfg.MaxPerRule
	}
	bar := newProgress(c, in.Files)
	if bar != nil {
		opt.Progress = func(done, total int64) { _ = bar.Set64(done) }
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err = rules.RunInputs(ctx, in, opt)
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Clear()
	}
	if err != nil && rules.IsUsage(err) {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	if errors.Is(err, context.Canceled) {
		return nil, nil, cli.Exit("interrupted: nothing was reported", 2)
	}
	if res == nil {
		return nil, nil, cli.Exit(err.Error(), 2)
	}
	return res, err, nil
}

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

// writeReports writes --format to stdout and every --report file.
func writeReports(c *cli.Context, s *settings, res *rules.Result) error {
	opt := reportOptions(c)
	w, _ := reports.Lookup(s.format)
	if err := w(c.App.Writer, res, opt); err != nil {
		return cli.Exit(fmt.Sprintf("writing %s report: %v", s.format, err), 2)
	}
	for _, file := range s.reportKeys {
		name := s.reports[file]
		w, _ := reports.Lookup(name)
		fopt := opt
		fopt.Color = false
		if err := writeFile(file, func(out io.Writer) error { return w(out, res, fopt) }); err != nil {
			return cli.Exit(fmt.Sprintf("--report %s=%s: %v", name, file, err), 2)
		}
	}
	return nil
}

// writeFile writes through a temporary file and renames it, so a reader
// never sees half a report.
func writeFile(path string, fn func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".preflight-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
