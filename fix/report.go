package fix

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/preflight-data/preflight/rules"
)

// ReportFormats are the formats of --report FORMAT=FILE.
var ReportFormats = []string{"html", "json"}

// ReportOptions name the tool in a report.
type ReportOptions struct {
	ToolName, ToolVersion string
}

// WriteSummary writes, for people, what fix did to each file: the copy,
// its records, and its changes counted by rule.
func (r *Result) WriteSummary(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var in, out int64
	for _, f := range r.Files {
		in += f.RecordsIn
		out += f.RecordsOut
	}
	fmt.Fprintf(bw, "preflight fix: %d %s, %d %s", len(r.Files), plural(len(r.Files), "file"), r.ChangeCount(), plural(int(r.ChangeCount()), "change"))
	if in > out {
		fmt.Fprintf(bw, ", %d %s removed", in-out, plural(int(in-out), "record"))
	}
	fmt.Fprintf(bw, " in %.2fs\n", r.Duration.Seconds())
	for _, f := range r.Files {
		if f.Err != nil {
			fmt.Fprintf(bw, "  %s: not repaired: %v\n", f.In, f.Err)
			continue
		}
		conv := ""
		if f.To != f.Format {
			conv = fmt.Sprintf(" (%s → %s)", strings.ToUpper(f.Format), strings.ToUpper(f.To))
		}
		fmt.Fprintf(bw, "  %s → %s%s: %d → %d %s, ", f.In, f.Out, conv, f.RecordsIn, f.RecordsOut, plural(int(f.RecordsOut), "record"))
		n := total(f.Changes)
		if n == 0 {
			fmt.Fprintln(bw, "no changes")
			continue
		}
		fmt.Fprintf(bw, "%d %s\n", n, plural(int(n), "change"))
		for _, rule := range sortedRules(f.Changes) {
			fmt.Fprintf(bw, "      %-36s %8d\n", rule, f.Changes[rule])
		}
	}
	return bw.Flush()
}

func sortedRules(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k, n := range m {
		if n > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// WriteReport writes every change and what the re-check found left, as
// json or html.
func (r *Result) WriteReport(w io.Writer, format string, o ReportOptions) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	var err error
	switch format {
	case "json":
		err = r.writeJSON(bw, o)
	case "html":
		err = r.writeHTML(bw, o)
	default:
		return fmt.Errorf("unknown report format %q (use html or json)", format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// eachChange streams the spooled changes, in the order they were made.
func (r *Result) eachChange(fn func(line []byte, c *Change) error) error {
	if r.spool == nil {
		return nil
	}
	if _, err := r.spool.Seek(0, 0); err != nil {
		return err
	}
	sc := bufio.NewScanner(r.spool)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var c Change
		if fn == nil {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return fmt.Errorf("reading the change log: %w", err)
		}
		if err := fn(sc.Bytes(), &c); err != nil {
			return err
		}
	}
	return sc.Err()
}

type jsonFile struct {
	Input      string           `json:"input"`
	Output     string           `json:"output"`
	Feed       string           `json:"feed,omitempty"`
	Format     string           `json:"format,omitempty"`
	To         string           `json:"to,omitempty"`
	RecordsIn  int64            `json:"records_in"`
	RecordsOut int64            `json:"records_out"`
	Changes    map[string]int64 `json:"changes"`
	Unchanged  bool             `json:"unchanged,omitempty"`
	Error      string           `json:"error,omitempty"`
}

type jsonRemaining struct {
	Rule         string         `json:"rule"`
	Severity     rules.Severity `json:"severity"`
	File         string         `json:"file"`
	Line         int            `json:"line,omitempty"`
	Column       int            `json:"column,omitempty"`
	Field        string         `json:"field,omitempty"`
	Conversation string         `json:"conversation_id,omitempty"`
	Value        string         `json:"value,omitempty"`
	Message      string         `json:"message"`
	Fix          string         `json:"fix,omitempty"`
}

// writeJSON writes one document; the changes are streamed into it. A
// bufio.Writer's error is sticky: the last write and Flush return it.
func (r *Result) writeJSON(w *bufio.Writer, o ReportOptions) error {
	head := struct {
		Version int `json:"version"`
		Tool    struct {
			Name    string `json:"name"`
			Version string `json:"version,omitempty"`
		} `json:"tool"`
		Summary map[string]int64 `json:"summary"`
		Files   []jsonFile       `json:"files"`
	}{Version: 1}
	head.Tool.Name, head.Tool.Version = toolName(o), o.ToolVersion
	head.Summary = r.totals()
	for _, f := range r.Files {
		jf := jsonFile{Input: f.In, Output: f.Out, Feed: f.Feed, Format: f.Format, To: f.To,
			RecordsIn: f.RecordsIn, RecordsOut: f.RecordsOut, Changes: f.Changes, Unchanged: f.Unchanged}
		if f.Err != nil {
			jf.Error = f.Err.Error()
		}
		head.Files = append(head.Files, jf)
	}
	b, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	_, _ = w.Write(b[:len(b)-2]) // reopen the object: "\n}" ends it
	_, _ = w.WriteString(",\n  \"changes\": [")
	n := 0
	err = r.eachChange(func(line []byte, _ *Change) error {
		if n > 0 {
			_ = w.WriteByte(',')
		}
		n++
		_, _ = w.WriteString("\n    ")
		_, err := w.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	_, _ = w.WriteString("\n  ],\n  \"remaining\": [")
	n = 0
	err = r.eachRemaining(func(f jsonRemaining) error {
		b, err := json.Marshal(f)
		if n > 0 {
			_ = w.WriteByte(',')
		}
		n++
		_, _ = w.WriteString("\n    ")
		_, _ = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		_, _ = w.WriteString("\n  ")
	}
	_, err = w.WriteString("]\n}\n")
	return err
}

func toolName(o ReportOptions) string {
	if o.ToolName == "" {
		return "preflight"
	}
	return o.ToolName
}

// totals sums the run for the report's summary.
func (r *Result) totals() map[string]int64 {
	t := map[string]int64{"files": int64(len(r.Files)), "changes": r.ChangeCount()}
	for _, f := range r.Files {
		t["records_in"] += f.RecordsIn
		t["records_out"] += f.RecordsOut
	}
	if r.Check != nil {
		_, t["remaining_errors"], t["remaining_warnings"] = r.Check.Totals()
	}
	return t
}

// eachRemaining streams what the re-check found, however many findings it
// kept (the engine may hold them on disk).
func (r *Result) eachRemaining(fn func(jsonRemaining) error) error {
	if r.Check == nil {
		return nil
	}
	return r.Check.EachFinding(func(f rules.Finding) error {
		return fn(jsonRemaining{Rule: f.Rule, Severity: f.Severity, File: f.File, Line: f.Line, Column: f.Col,
			Field: f.Field, Conversation: f.Conversation, Value: f.Value, Message: f.Message, Fix: f.Fix})
	})
}

const htmlStyle = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}code{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.del{background:#fde8e8}.ins{background:#e6f6e6}`

// writeHTML writes a self-contained page: the files, every change, and
// what is left to fix by hand.
func (r *Result) writeHTML(w *bufio.Writer, o ReportOptions) error {
	e := html.EscapeString
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s fix report</title><style>%s</style></head><body>\n", e(toolName(o)), htmlStyle)
	t := r.totals()
	fmt.Fprintf(w, "<h1>%s fix</h1>\n<p>%d files, %d changes; %d records in, %d out; the re-check left %d errors and %d warnings.</p>\n",
		e(toolName(o)), t["files"], t["changes"], t["records_in"], t["records_out"], t["remaining_errors"], t["remaining_warnings"])
	_, _ = w.WriteString("<h2>Files</h2>\n<table><tr><th>Input</th><th>Copy</th><th>Feed</th><th>Records</th><th>Changes by rule</th></tr>\n")
	for _, f := range r.Files {
		var parts []string
		for _, rule := range sortedRules(f.Changes) {
			parts = append(parts, fmt.Sprintf("%s: %d", rule, f.Changes[rule]))
		}
		changes := strings.Join(parts, "<br>")
		if f.Err != nil {
			changes = "not repaired: " + e(f.Err.Error())
		} else if changes == "" {
			changes = "none"
		}
		fmt.Fprintf(w, "<tr><td><code>%s</code></td><td><code>%s</code> (%s)</td><td>%s</td><td class=n>%d → %d</td><td>%s</td></tr>\n",
			e(f.In), e(f.Out), e(strings.ToUpper(f.To)), e(f.Feed), f.RecordsIn, f.RecordsOut, changes)
	}
	_, _ = w.WriteString("</table>\n<h2>Every change</h2>\n<table><tr><th>File</th><th>Line</th><th>Field</th><th>Rule</th><th>Action</th><th>Before</th><th>After</th></tr>\n")
	err := r.eachChange(func(_ []byte, c *Change) error {
		_, err := fmt.Fprintf(w, "<tr><td><code>%s</code></td><td class=n>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=del><code>%s</code></td><td class=ins><code>%s</code></td></tr>\n",
			e(c.File), lineText(c.Line), e(c.Field), e(c.Rule), e(c.Action), e(c.Before), e(c.After))
		return err
	})
	if err != nil {
		return err
	}
	_, _ = w.WriteString("</table>\n<h2>Left to fix by hand</h2>\n")
	n := 0
	err = r.eachRemaining(func(f jsonRemaining) error {
		if n == 0 {
			_, _ = w.WriteString("<table><tr><th>File</th><th>Line</th><th>Rule</th><th>Severity</th><th>Message</th><th>Fix</th></tr>\n")
		}
		n++
		_, err := fmt.Fprintf(w, "<tr><td><code>%s</code></td><td class=n>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			e(f.File), lineText(f.Line), e(f.Rule), f.Severity, e(f.Message), e(f.Fix))
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, _ = w.WriteString("<p>Nothing: the re-check found no problem.</p>\n")
	} else {
		_, _ = w.WriteString("</table>\n")
	}
	_, err = w.WriteString("</body></html>\n")
	return err
}

func lineText(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprint(n)
}
