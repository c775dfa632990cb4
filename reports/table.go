package reports

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/preflight-data/preflight/rules"
)

// tableExamples is how many findings each rule shows in the terminal: enough
// to see the pattern, few enough that the summary stays on screen.
const tableExamples = 5

// ANSI SGR sequences; tablewriter measures cells without them, so coloured
// cells still line up.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// painter applies colour only when the caller asked for it, so the same code
// writes plain text to pipes and files.
type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s rules.Severity, text string) string {
	switch s {
	case rules.Error:
		return p.paint(ansiRed, text)
	case rules.Warning:
		return p.paint(ansiYellow, text)
	case rules.Note:
		return p.paint(ansiCyan, text)
	}
	return text
}

// ruleGroup is one rule's findings across the run, for the terminal.
type ruleGroup struct {
	id       string
	severity rules.Severity
	total    int64
	kept     []rules.Finding
}

// writeTable writes the human report: a table of files, a table of rules
// with a few examples of each, and one summary line.
func writeTable(w io.Writer, res *rules.Result, opt Options) error {
	p := painter(opt.Color)
	bw := bufio.NewWriter(w)

	// Sections are separated by one blank line, with none before the first.
	wrote := false
	section := func() {
		if wrote {
			fmt.Fprintln(bw)
		}
		wrote = true
	}

	if len(res.Files) > 0 {
		section()
		if err := fileTable(bw, res, p); err != nil {
			return err
		}
	}
	unreadable := res.Unreadable()
	if len(unreadable) > 0 {
		section()
		for _, f := range unreadable {
			fmt.Fprintf(bw, "%s %s: %s — not checked\n", p.paint(ansiRed, "cannot read"), printable(f.Path), printable(f.Error))
		}
	}
	if len(res.Skipped) > 0 {
		section()
		skippedLines(bw, res.Skipped)
	}

	groups, err := groupByRule(res)
	if err != nil {
		return err
	}
	switch {
	case len(groups) == 0 && len(unreadable) > 0:
		section()
		fmt.Fprintln(bw, p.paint(ansiRed, "no problems found in the files read, but not every file could be read"))
	case len(groups) == 0:
		section()
		fmt.Fprintln(bw, p.paint(ansiGreen, "no problems found"))
	default:
		section()
		if err := ruleTable(bw, groups, p); err != nil {
			return err
		}
		for _, g := range groups {
			section()
			fmt.Fprintf(bw, "%s (%s, %s)\n", p.paint(ansiBold, g.id),
				p.severity(g.severity, g.severity.String()), count(g.total, "finding", "findings"))
			shown := min(len(g.kept), tableExamples)
			for _, f := range g.kept[:shown] {
				fmt.Fprintf(bw, "  %s\n", tableLine(f))
			}
			if more := g.total - int64(shown); more > 0 {
				fmt.Fprintf(bw, "  … and %d more\n", more)
			}
		}
	}

	section()
	fmt.Fprintln(bw, summaryLine(res, p))
	return bw.Flush()
}

// tableSkipped is how many skipped files the table names before counting
// the rest: the JSON and SARIF reports list them all.
const tableSkipped = 10

func skippedLines(w io.Writer, skipped []rules.Skipped) {
	fmt.Fprintf(w, "skipped (not checked): %s\n", count(int64(len(skipped)), "path", "paths"))
	for _, s := range skipped[:min(len(skipped), tableSkipped)] {
		fmt.Fprintf(w, "  %s — %s\n", printable(s.Path), printable(s.Reason))
	}
	if more := len(skipped) - tableSkipped; more > 0 {
		fmt.Fprintf(w, "  … and %d more\n", more)
	}
}

func fileTable(w io.Writer, res *rules.Result, p painter) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{
			tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight,
		}}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header("File", "Feed", "Format", "Records", "Errors", "Warnings")
	for _, f := range res.Files {
		errs := strconv.FormatInt(f.Errors, 10)
		if f.Errors > 0 {
			errs = p.paint(ansiRed, errs)
		}
		warns := strconv.FormatInt(f.Warnings, 10)
		if f.Warnings > 0 {
			warns = p.paint(ansiYellow, warns)
		}
		if err := t.Append(printable(f.Path), orDash(printable(f.Feed)), orDash(f.Format), strconv.FormatInt(f.Records, 10), errs, warns); err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	return t.Render()
}

func ruleTable(w io.Writer, groups []ruleGroup, p painter) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{
			tw.AlignLeft, tw.AlignLeft, tw.AlignRight,
		}}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header("Rule", "Severity", "Count")
	for _, g := range groups {
		if err := t.Append(g.id, p.severity(g.severity, g.severity.String()), strconv.FormatInt(g.total, 10)); err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	return t.Render()
}

// groupByRule collects the first findings of each rule, the most severe
// rules first so the errors are what a reader sees first.
func groupByRule(res *rules.Result) ([]ruleGroup, error) {
	idx, err := indexFindings(res)
	if err != nil {
		return nil, err
	}
	infos := infoIndex(res)
	byID := map[string]*ruleGroup{}
	for rule, n := range ruleTotals(res, idx) {
		byID[rule] = &ruleGroup{id: rule, severity: infos[rule].Severity, total: n}
	}
	err = res.EachFinding(func(f rules.Finding) error {
		g := byID[f.Rule]
		// A finding carries the severity config gave it, which wins over
		// the rule's default.
		if len(g.kept) == 0 || f.Severity > g.severity {
			g.severity = f.Severity
		}
		if len(g.kept) < tableExamples {
			g.kept = append(g.kept, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	groups := make([]ruleGroup, 0, len(byID))
	for _, g := range byID {
		groups = append(groups, *g)
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].severity != groups[j].severity {
			return groups[i].severity > groups[j].severity
		}
		return groups[i].id < groups[j].id
	})
	return groups, nil
}

// tableLine is "file:line:col field [conversation ID] — message (value) → fix",
// leaving out what is unknown. Everything from the data goes through
// printable: a file name or header holding ESC must not drive the terminal.
func tableLine(f rules.Finding) string {
	var sb strings.Builder
	sb.WriteString(printable(f.File))
	if f.Line > 0 {
		fmt.Fprintf(&sb, ":%d", f.Line)
		if f.Col > 0 {
			fmt.Fprintf(&sb, ":%d", f.Col)
		}
	}
	if f.Field != "" {
		sb.WriteString(" ")
		sb.WriteString(printable(f.Field))
	}
	if f.Conversation != "" {
		sb.WriteString(" [conversation ")
		sb.WriteString(printable(f.Conversation))
		sb.WriteString("]")
	}
	sb.WriteString(" — ")
	sb.WriteString(printable(f.Message))
	if f.Value != "" {
		sb.WriteString(" (")
		sb.WriteString(printable(f.Value))
		sb.WriteString(")")
	}
	if f.Fix != "" {
		sb.WriteString(" → ")
		sb.WriteString(printable(f.Fix))
	}
	return sb.String()
}

// printable escapes what a terminal would act on rather than show: C0 and
// C1 control characters and DEL as \n, \t, \r or \xNN (ESC is \x1b), and
// bytes that are not UTF-8 as \xNN, so the table shows a name as it is
// without letting it move the cursor, recolour or retitle the terminal.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&sb, `\x%02x`, s[i])
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteString(s[i : i+n])
		}
		i += n
	}
	return sb.String()
}

// summaryLine is the last line of the table report, the one people read.
func summaryLine(res *rules.Result, p painter) string {
	records, errs, warns := res.Totals()
	var notes int64
	for _, f := range res.Files {
		notes += f.Notes
	}
	n := int64(len(res.Files))
	parts := []string{
		count(n, "file", "files"),
		count(records, "record", "records"),
		p.severityCount(rules.Error, errs, "error", "errors"),
		p.severityCount(rules.Warning, warns, "warning", "warnings"),
	}
	if notes > 0 {
		parts = append(parts, p.severityCount(rules.Note, notes, "note", "notes"))
	}
	if n := int64(len(res.Unreadable())); n > 0 {
		parts = append(parts, p.paint(ansiRed, count(n, "unreadable", "unreadable")))
	}
	if n := int64(len(res.Skipped)); n > 0 {
		parts = append(parts, count(n, "skipped", "skipped"))
	}
	return fmt.Sprintf("%s in %.2fs", strings.Join(parts, ", "), res.Duration.Seconds())
}

func (p painter) severityCount(s rules.Severity, n int64, one, many string) string {
	text := count(n, one, many)
	if n == 0 {
		return text
	}
	return p.severity(s, text)
}

func count(n int64, one, many string) string {
	return strconv.FormatInt(n, 10) + " " + plural(n, one, many)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
