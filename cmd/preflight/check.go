package main

import (
	"context"
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
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, DefaultText: "number of CPUs", Usage: "workers: files, and parts of large files, checked at once"},
		&cli.BoolFlag{Name: "no-progress", Usage: "never show a progress bar"},
		&cli.BoolFlag{Name: "no-color", Usage: "no colour in the table (also: NO_COLOR env)"},
		&cli.BoolFlag{Name: "zero-time", Hidden: true, Usage: "write zero times in JUnit, for golden tests"},
		&cli.BoolFlag{Name: "audio-samples", Usage: "decode the first 60 s of each recording for audio/silent and audio/clipped (also audio-samples: in config)"},
		&cli.StringFlag{Name: "audio-name", Usage: "link recordings to call-center records by the id in their names, e.g. `{conversation_id}.wav` (also audio-name: in config)"},
	}
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check CSV and JSONL files, and call recordings, against the spec",
		ArgsUsage: "FILE_OR_DIR_OR_S3_URI...",
		Description: `Checks every file and reports every problem with file, line, column,
field and a fix. A named file is read as given (- is stdin; pipes work);
directories are walked for .csv, .jsonl and .ndjson, and for recordings
(.wav, .mp3, .flac, .ogg, .opus, .m4a: the audio feed); other files in a
partition folder fail, and everything else is listed as skipped (exclude:
in .preflight.yaml skips more). An s3://BUCKET/PREFIX is listed like a
directory and its objects streamed (--credentials or the AWS chain; findings
name s3:// URIs); local and S3 inputs mix in one run.

Exit status: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage error, unreadable input or bad config.

Examples:
   preflight check exports/
   preflight check --feed transcripts --format sarif chats.csv > out.sarif
   preflight check --report junit=junit.xml --report sarif=out.sarif data/
   preflight check --credentials creds.tsv s3://acme-exports/call_center_issues/version=1/format=csv/dt=2024-05-01/`,
		Flags:  append(checkFlags(), s3Flags("for s3:// inputs: ")...),
		Action: action(newCheckJob),
	}
}

// checkJob is `preflight check`: the paths, the settings the flags and the
// config make, and the report files, opened (so proven writable) before
// any file is read.
type checkJob struct {
	s     *settings
	paths []string
	outs  *outputs
	s3    *s3Reader // set when a path is an s3:// URI
}

func newCheckJob(c *cli.Context) (*checkJob, error) {
	if c.NArg() == 0 {
		return nil, usage("check needs at least one file or directory (preflight check --help)")
	}
	s, err := loadSettings(c)
	if err != nil {
		return nil, err
	}
	s3, err := newS3Reader(c, c.Args().Slice())
	if err != nil {
		return nil, err
	}
	outs, err := prepareOutputs(s, "")
	if err != nil {
		return nil, err
	}
	return &checkJob{s: s, paths: c.Args().Slice(), outs: outs, s3: s3}, nil
}

func (j *checkJob) run(ctx context.Context) error {
	defer j.outs.discard()
	j.outs.ctx = ctx // Ctrl-C stops the reports too
	res, readErr, err := runChecks(ctx, j.s, j.s3, j.paths, rules.Options{})
	if err != nil {
		return err
	}
	if err := j.outs.writeReports(j.s, res); err != nil {
		return err
	}
	if readErr != nil {
		return cli.Exit(readErrMessage(readErr), 2)
	}
	if failed(res, j.s) {
		return cli.Exit("", 1)
	}
	return nil
}

// settings is the merged result of flags and config: what check and
// publish run with, read once from the command line.
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
	// mode and dt feed the partition rules; maxPerRule and jobs the run.
	mode, dt         string
	maxPerRule, jobs int
	// progress allows a progress bar on a terminal (not --no-progress).
	progress bool
	// audio is the audio rules' settings: config's, with the flags over them.
	audio rules.AudioSettings
	// report carries what reports need from the command line.
	report reports.Options
	stdout io.Writer
}

func loadSettings(c *cli.Context) (*settings, error) {
	cfgPath, cfg, err := loadConfig(c.String("config"))
	if err != nil {
		return nil, err
	}
	s := &settings{cfg: cfg, cfgPath: cfgPath, reports: map[string]string{},
		mode: firstNonEmpty(c.String("mode"), cfg.Mode), dt: firstNonEmpty(c.String("dt"), cfg.DT),
		maxPerRule: c.Int("max-per-rule"), jobs: c.Int("jobs"), progress: !c.Bool("no-progress"),
		report: reportOptions(c), stdout: c.App.Writer}
	if !c.IsSet("max-per-rule") && cfg.MaxPerRule != nil {
		s.maxPerRule = *cfg.MaxPerRule
	}
	if name := c.String("feed"); name != "" {
		f, err := cfg.Registry.Resolve(name)
		if err != nil {
			return nil, usage("--feed: " + err.Error())
		}
		s.feed = f.ID
	}
	if err := s.setFailOn(configured(c, "fail-on", cfg.FailOn)); err != nil {
		return nil, err
	}
	if err := s.setAudio(c); err != nil {
		return nil, err
	}
	s.format = configured(c, "format", cfg.Format)
	if _, ok := reports.Lookup(s.format); !ok {
		return nil, usage(fmt.Sprintf("--format %q: use one of %s", s.format, strings.Join(reports.Formats(), ", ")))
	}
	return s, s.addReports(c.StringSlice("report"))
}

// loadConfig reads --config, else the .preflight.yaml found upward from
// the working directory, else the defaults.
func loadConfig(path string) (string, *config.Config, error) {
	if path == "" {
		wd, _ := os.Getwd()
		path = config.Find(wd)
	}
	if path == "" {
		return "", config.Default(), nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return "", nil, usage(err.Error())
	}
	return path, cfg, nil
}

// configured is a flag's value, or config's when the flag was not given.
func configured(c *cli.Context, flag, fromConfig string) string {
	if !c.IsSet(flag) && fromConfig != "" {
		return fromConfig
	}
	return c.String(flag)
}

// setAudio takes --audio-samples and --audio-name over config's.
func (s *settings) setAudio(c *cli.Context) error {
	s.audio = s.cfg.Settings.Audio
	if c.IsSet("audio-samples") {
		s.audio.Samples = c.Bool("audio-samples")
	}
	if n := c.String("audio-name"); n != "" {
		if err := rules.CheckAudioName(n); err != nil {
			return usage("--audio-name " + err.Error())
		}
		s.audio.Name = n
	}
	return nil
}

func (s *settings) setFailOn(failOn string) error {
	if failOn == "never" {
		s.failNever = true
		return nil
	}
	sev, err := rules.ParseSeverity(failOn)
	if err != nil || sev == rules.Off {
		return usage(fmt.Sprintf("--fail-on %q: use error, warning, note or never", failOn))
	}
	s.failOn = sev
	return nil
}

// addReports reads each --report FORMAT=FILE.
func (s *settings) addReports(flags []string) error {
	for _, r := range flags {
		name, file, ok := strings.Cut(r, "=")
		if !ok || file == "" {
			return usage(fmt.Sprintf("--report %q: want FORMAT=FILE, e.g. sarif=out.sarif", r))
		}
		if _, ok := reports.Lookup(name); !ok {
			return usage(fmt.Sprintf("--report %q: unknown format %q (use one of %s)", r, name, strings.Join(reports.Formats(), ", ")))
		}
		if _, dup := s.reports[file]; dup {
			return usage(fmt.Sprintf("--report: %s is named twice", file))
		}
		s.reports[file] = name
		s.reportKeys = append(s.reportKeys, file)
	}
	return nil
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
func runChecks(ctx context.Context, s *settings, s3 *s3Reader, paths []string, base rules.Options) (res *rules.Result, readErr error, err error) {
	in, err := walkArgs(ctx, s, s3, paths)
	if err != nil {
		return nil, nil, err
	}
	return runInputs(ctx, s, in, base)
}

// runInputs is runChecks on files already walked. base carries what
// publish adds (target rules, hashing).
func runInputs(ctx context.Context, s *settings, in *rules.Inputs, base rules.Options) (res *rules.Result, readErr error, err error) {
	opt := base
	opt.Feeds = s.cfg.Registry
	opt.Feed = s.feed
	opt.FeedFor = s.cfg.FeedFor
	opt.Mode, opt.DT = s.mode, s.dt
	opt.Severity = s.cfg.Severity
	opt.Settings = s.cfg.Settings
	opt.Settings.Audio = s.audio
	opt.MaxPerRule, opt.Jobs = s.maxPerRule, s.jobs
	bar := newProgress(s, in.Files)
	if bar != nil {
		opt.Progress = func(done, total int64) { _ = bar.Set64(done) }
	}
	res, err = rules.RunInputs(ctx, in, opt)
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Clear()
	}
	if ctx.Err() != nil {
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

func newProgress(s *settings, files []rules.Input) *progressbar.ProgressBar {
	if !s.progress || os.Getenv("CI") != "" || !isatty.IsTerminal(os.Stderr.Fd()) {
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
