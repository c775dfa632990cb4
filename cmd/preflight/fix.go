package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // --assume-tz must work where the system has no zone database

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/fix"
	"github.com/preflight-data/preflight/reports"
	"github.com/preflight-data/preflight/rules"
)

func fixCommand() *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "write a repaired copy: mechanical repairs, CSV to the JSONL ASAPP recommends, re-checked",
		ArgsUsage: "FILE_OR_DIR... (- reads stdin)",
		Description: `Writes a repaired copy of each file and re-checks it with the same rules as
check. Only mechanical, meaning-preserving repairs, each tied to the rule it
fixes (preflight rules lists them under Fix): a byte-order mark dropped; an
empty CSV field, or a null written another way in a field that is not free
text, made NULL (JSON null); timestamps with a space or an offset rewritten
in UTC with Z (one without a zone only with --assume-tz); sender_role's case
folded (other words only with --role-map); booleans' case folded; messages
sorted by timestamp within each conversation; exact duplicate records and
re-exported conversations dropped, the first kept; blank JSONL lines dropped;
a missing CSV header added, wrong-case column names corrected; a CSV
separated by ';', tab or '|' written with commas. --to jsonl converts CSV to
typed JSONL in spec column order. The input is never touched unless
--in-place, which replaces it only once its copy is written and re-checked.

Exit status: 0 the copies have nothing at or above --fail-on; 1 findings
remain (the copies are still written); 2 usage error or unreadable input.

Examples:
   preflight fix --out fixed/ exports/
   preflight fix --to jsonl --out fixed/ exports/          format=csv becomes format=jsonl
   preflight fix --assume-tz America/New_York -o calls.fixed.csv calls.csv
   preflight fix --role-map user=customer,rep=agent --report html=fix.html --in-place chats.csv
   cat chats.csv | preflight fix -o - - > chats.fixed.csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "to", Usage: "convert the copies to `FORMAT`: jsonl or csv (default: keep each file's format)"},
			&cli.StringFlag{Name: "out", Usage: "write the copies under `DIR`, mirroring directory arguments"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the one copy to `FILE` (- for stdout)"},
			&cli.BoolFlag{Name: "in-place", Usage: "replace each input with its copy, once written and re-checked"},
			&cli.StringFlag{Name: "assume-tz", Usage: "read timestamps written without a zone in `ZONE`, an IANA name such as America/New_York"},
			&cli.StringFlag{Name: "role-map", Usage: "map other sender_role words to a role: `LIST` such as user=customer,rep=agent"},
			&cli.StringFlag{Name: "from-encoding", Usage: "transcode what is not UTF-8 from `ENCODING`: windows-1252, latin1 or utf-16"},
			&cli.StringFlag{Name: "feed", Usage: "feed of every file (default: inferred per file, as check does)"},
			&cli.StringFlag{Name: "mode", Usage: "partition mode for the re-check's partition/window: incremental or snapshot"},
			&cli.StringFlag{Name: "dt", Usage: "partition day `YYYY-MM-DD` for the re-check's partition/window"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "report of the re-check: " + strings.Join(reports.Formats(), ", ")},
			&cli.StringSliceFlag{Name: "report", Usage: "write every change and what is left to a file, `FORMAT=FILE` (json or html; repeatable)"},
			&cli.StringFlag{Name: "config", Usage: "config `FILE` (default: .preflight.yaml searched upward from the working directory)"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when the copies have a finding at or above: error, warning, note or never"},
			&cli.IntFlag{Name: "max-per-rule", Value: 1000, Usage: "keep at most N findings per rule per file in the re-check's report (0 = all)"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, DefaultText: "number of CPUs", Usage: "copies re-checked at once"},
			&cli.BoolFlag{Name: "no-color", Usage: "no colour in the table (also: NO_COLOR env)"},
			&cli.BoolFlag{Name: "zero-time", Hidden: true, Usage: "write zero times in JUnit, for golden tests"},
		},
		Action: action(newFixJob),
	}
}

// fixJob is `preflight fix`: its flags as fix options, the settings flags
// and config make for the re-check, and the report files, opened (so
// proven writable) before any file is read.
type fixJob struct {
	s     *settings
	paths []string
	opt   fix.Options
	outs  *outputs
	// human receives the summary and a table report: stderr when stdout
	// carries the copy (-o -) or another report format.
	human io.Writer
}

func newFixJob(c *cli.Context) (*fixJob, error) {
	if c.NArg() == 0 {
		return nil, usage("fix needs at least one file or directory, or - for stdin (preflight fix --help)")
	}
	s, err := loadSettings(c)
	if err != nil {
		return nil, err
	}
	for _, path := range s.reportKeys {
		if f := s.reports[path]; f != "json" && f != "html" {
			return nil, usage(fmt.Sprintf("--report %s=%s: fix writes its changes as json or html", f, path))
		}
	}
	f := &fixJob{s: s, paths: c.Args().Slice(), human: c.App.Writer}
	f.opt = fix.Options{To: c.String("to"), OutDir: c.String("out"), Output: c.String("output"), InPlace: c.Bool("in-place"),
		FromEncoding: strings.ToLower(c.String("from-encoding")), KeepChanges: len(s.reportKeys) > 0,
		Stdin: c.App.Reader, Stdout: c.App.Writer, Exclude: s.cfg.Excluded}
	if alias, ok := map[string]string{"cp1252": "windows-1252", "iso-8859-1": "latin1"}[f.opt.FromEncoding]; ok {
		f.opt.FromEncoding = alias
	}
	if zone := c.String("assume-tz"); zone != "" {
		loc, err := time.LoadLocation(zone)
		if err != nil || zone == "Local" {
			return nil, usage(fmt.Sprintf("--assume-tz %q: not a time zone; use an IANA name such as America/New_York or Europe/Paris", zone))
		}
		f.opt.AssumeTZ = loc
	}
	if f.opt.RoleMap, err = parseRoleMap(c.String("role-map")); err != nil {
		return nil, err
	}
	f.opt.Check = rules.Options{Feeds: s.cfg.Registry, Feed: s.feed, FeedFor: s.cfg.FeedFor, Mode: s.mode, DT: s.dt,
		Severity: s.cfg.Severity, Settings: s.cfg.Settings, MaxPerRule: s.maxPerRule, Jobs: s.jobs}
	if f.opt.Output == "-" || s.format != "table" {
		f.human = c.App.ErrWriter
	}
	if f.outs, err = prepareOutputs(s, ""); err != nil {
		return nil, err
	}
	return f, nil
}

// parseRoleMap reads user=customer,rep=agent.
func parseRoleMap(list string) (map[string]string, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, pair := range strings.Split(list, ",") {
		from, to, ok := strings.Cut(pair, "=")
		from, to = strings.ToLower(strings.TrimSpace(from)), strings.ToLower(strings.TrimSpace(to))
		if !ok || from == "" || (to != "agent" && to != "customer" && to != "bot") {
			return nil, usage(fmt.Sprintf("--role-map %q: want WORD=ROLE pairs, ROLE one of agent, customer, bot (e.g. user=customer,rep=agent)", pair))
		}
		m[from] = to
	}
	return m, nil
}

// errFixInterrupted ends a fix cut short by SIGINT or SIGTERM: exit 130,
// and no copy written or input replaced.
var errFixInterrupted = cli.Exit("interrupted: nothing was written", 130)

// run repairs, reports and sets the exit status.
func (f *fixJob) run(ctx context.Context) error {
	defer f.outs.discard()
	res, err := fix.Run(ctx, f.paths, f.opt)
	switch {
	case ctx.Err() != nil:
		return errFixInterrupted
	case err != nil:
		return usage(err.Error())
	}
	defer res.Close()
	if err := res.WriteSummary(f.human); err != nil {
		return usage(err.Error())
	}
	fmt.Fprintln(f.human, "\nThe copies, re-checked:")
	w, _ := reports.Lookup(f.s.format)
	out := f.human
	if f.s.format != "table" && f.opt.Output != "-" {
		out = f.s.stdout
	}
	if err := w(out, res.Check, f.s.report); err != nil {
		return usage(fmt.Sprintf("writing %s report: %v", f.s.format, err))
	}
	ro := fix.ReportOptions{ToolName: "preflight", ToolVersion: version}
	for _, r := range f.outs.reports {
		if err := res.WriteReport(r.file, r.format, ro); err != nil {
			return usage(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err))
		}
		if err := r.file.Commit(); err != nil {
			return usage(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err))
		}
	}
	if err := res.Errs(); err != nil {
		var parts []string
		for _, e := range unwrapAll(err) {
			parts = append(parts, "cannot repair "+e.Error())
		}
		return usage(strings.Join(parts, "; "))
	}
	if failed(res.Check, f.s) {
		return cli.Exit("", 1)
	}
	return nil
}
