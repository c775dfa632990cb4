package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/preflight-data/preflight/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

func TestMain(m *testing.M) {
	// tablewriter guesses East Asian character widths from the locale at
	// start-up; pin it so the golden table does not depend on who runs it.
	twwidth.SetEastAsian(false)
	os.Exit(m.Run())
}

const (
	callsPath = "exports/call_center_issues/version=1/format=csv/dt=2024-01-15/calls 2024.csv"
	transPath = "exports/transcripts/données_été.csv"
	salesPath = "exports/sales/clean.jsonl"
	lockPath  = "exports/sales/locked.jsonl"
)

// fixture is a small run touching every shape a report must handle: a path
// with a space and one with non-ASCII letters, findings with and without
// line, column, field and conversation, a rule cut by the per-rule cap, a
// dataset finding on line 0, a clean file, and a rule that is off.
func fixture() *rules.Result {
	nulls := func(line int) rules.Finding {
		return rules.Finding{Rule: "null/empty-value", Severity: rules.Error, File: callsPath, Line: line, Col: 12,
			Field: "agent_id", Message: "empty value", Fix: "write NULL for a missing value"}
	}
	findings := []rules.Finding{
		{Rule: "csv/field-count", Severity: rules.Error, File: callsPath, Line: 3,
			Message: "row has 22 fields, header has 23", Fix: "quote values that contain commas"},
		nulls(4),
		{Rule: "schema/type", Severity: rules.Error, File: callsPath, Line: 4, Col: 40, Field: "time_in_queue",
			Value: "12,5 <s> & \"q\"", Message: "not an Integer", Fix: "write a whole number without a fraction"},
		nulls(5),
		{Rule: "timestamp/utc", Severity: rules.Error, File: callsPath, Line: 5, Col: 1, Field: "call_start",
			Value: "2024-01-15T08:00:00+02:00", Message: "timestamp is not in UTC", Fix: "convert to UTC and write Z",
			Edit: &rules.Edit{Line: 5, Col: 1, EndLine: 5, EndCol: 26, New: "2024-01-15T06:00:00Z"}},
		nulls(6),
		{Rule: "timestamp/range", Severity: rules.Note, File: callsPath, Line: 7, Col: 1, Field: "call_start",
			Value: "1999-12-31T23:59:59Z", Message: "timestamp before 2000-01-01"},
		{Rule: "encoding/bom", Severity: rules.Warning, File: transPath, Line: 1, Col: 1, Offset: 0,
			Message: "file starts with a UTF-8 byte-order mark", Fix: "save without a BOM"},
		{Rule: "transcript/chronological-order", Severity: rules.Error, File: transPath, Line: 9, Col: 30,
			Field: "timestamp", Conversation: "conv-7", Value: "2023-05-01T10:00:00Z",
			Message: "message is earlier than the previous one (line 8) in conversation conv-7"},
		{Rule: "record/duplicate", Severity: rules.Warning, File: transPath, Line: 12,
			Conversation: "conv-9", Value: `hello,\nworld: 100%`, Message: "same record as line 11"},
		{Rule: "record/duplicate", Severity: rules.Warning, File: transPath, Line: 13,
			Conversation: "conv-9", Value: `hello,\nworld: 100%`, Message: "same record as line 11"},
		{Rule: "transcript/sampling-window", Severity: rules.Warning, File: transPath,
			Message: "conversations span 3 months; the spec asks for 12", Fix: "send a sample spread over a year"},
		{Rule: "transcript/single-party", Severity: rules.Warning, File: transPath, Conversation: "conv-3",
			Message: "conversation has no customer message"},
	}
	// The engine's order: file, line, column, rule.
	rules.SortFindings(findings)
	return &rules.Result{
		Files: []rules.FileResult{
			{
				Path: callsPath, Feed: "call_center", Format: "csv", Bytes: 48213, Records: 120,
				Errors: 10, Warnings: 0, Notes: 1,
				Rules:    []string{"csv/field-count", "null/empty-value", "schema/required", "schema/type", "timestamp/range", "timestamp/utc"},
				Counts:   map[string]int64{"csv/field-count": 1, "null/empty-value": 7, "schema/type": 1, "timestamp/utc": 1, "timestamp/range": 1},
				Duration: 123456789 * time.Nanosecond, Status: rules.StatusChecked,
			},
			{
				Path: transPath, Feed: "transcripts", Format: "csv", Bytes: 9120, Records: 64,
				Errors: 1, Warnings: 5,
				Rules: []string{"encoding/bom", "record/duplicate", "transcript/chronological-order",
					"transcript/sampling-window", "transcript/sender-role", "transcript/single-party"},
				Counts: map[string]int64{"encoding/bom": 1, "transcript/chronological-order": 1, "record/duplicate": 2,
					"transcript/sampling-window": 1, "transcript/single-party": 1},
				Duration: 45600 * time.Microsecond, Status: rules.StatusChecked,
			},
			{
				Path: salesPath, Feed: "sales_attribution", Format: "jsonl", Bytes: 2048, Records: 16,
				Rules:    []string{"jsonl/syntax", "sales/attribution-key", "schema/required"},
				Duration: 2 * time.Millisecond, Status: rules.StatusChecked,
			},
			{Path: lockPath, Status: rules.StatusUnreadable, Error: "permission denied"},
		},
		Skipped: []rules.Skipped{
			{Path: "exports/README.md", Reason: "not a .csv, .jsonl or .ndjson file"},
			{Path: "exports/incoming.fifo", Reason: "a named pipe, not a regular file (not opened)"},
		},
		Findings:   findings,
		Omitted:    map[string]int64{"null/empty-value": 4},
		Rules:      fixtureRules(),
		MaxPerRule: 3,
		Duration:   1234 * time.Millisecond,
	}
}

func fixtureRules() []rules.Info {
	return []rules.Info{
		{ID: "csv/field-count", Severity: rules.Error, Summary: "A row with more or fewer fields than the header.",
			Why: "Consumers map values to columns by position; a short or long row shifts every value after the gap.",
			Fix: "Quote values that contain the delimiter.", Bad: "a,b\n1,2,3", Good: "a,b\n1,\"2,3\"", Formats: []string{"csv"}},
		{ID: "encoding/bom", Severity: rules.Warning, Summary: "UTF-8 byte-order mark at file start.",
			Why: "Some readers take the BOM as part of the first column name.", Fix: "Save as UTF-8 without BOM."},
		{ID: "jsonl/syntax", Severity: rules.Error, Summary: "A line that is not valid JSON.",
			Why: "A JSONL consumer stops at the first bad line.", Fix: "Write one JSON object per line.", Formats: []string{"jsonl"}},
		{ID: "null/empty-value", Severity: rules.Error, Summary: "An empty field.",
			Why:  "The spec asks for the unquoted string NULL for missing values.",
			Spec: "Missing values should be represented as NULL.", Fix: "Write NULL.",
			Bad: "id,agent_id\n1,", Good: "id,agent_id\n1,NULL", Formats: []string{"csv"}},
		{ID: "record/duplicate", Severity: rules.Warning, Summary: "A record identical to an earlier one.",
			Why: "Duplicates inflate counts downstream.", Fix: "Remove the repeated record."},
		{ID: "sales/attribution-key", Severity: rules.Error, Summary: "Neither external_customer_id nor issue_id present.",
			Why: "The record cannot be attributed.", Fix: "Send one of the two keys.", Feeds: []string{"sales_attribution"}},
		{ID: "schema/required", Severity: rules.Error, Summary: "A required field is missing or null.",
			Why: "ASAPP rejects records without required fields.", Fix: "Fill in the field."},
		{ID: "schema/type", Severity: rules.Error, Summary: "A value not of the field's type.",
			Why: "Typed columns are parsed strictly on import.", Spec: "time_in_queue | Integer | Seconds in queue",
			Fix: "Write the value in the field's type; Integer has no fraction or exponent.",
			Bad: "time_in_queue\n12.5", Good: "time_in_queue\n12"},
		{ID: "target/backfill", Severity: rules.Off, Summary: "dt earlier than yesterday.",
			Why: "Older data needs a re-import.", Fix: "Schedule a re-import.", Needs: rules.NeedsTarget},
		{ID: "timestamp/range", Severity: rules.Warning, Summary: "A Timestamp before 2000 or in the future.",
			Why: "Usually a default or a unit mix-up.", Fix: "Check the source clock."},
		{ID: "timestamp/utc", Severity: rules.Error, Summary: "A Timestamp not in UTC.",
			Why: "Partitions are cut by UTC day.", Spec: "All timestamps must be in UTC (ISO 8601 with Z).",
			Fix: "Convert to UTC and write Z."},
		{ID: "transcript/chronological-order", Severity: rules.Error, Summary: "A message earlier than the previous one of its conversation.",
			Why: "Transcripts are replayed in file order.", Fix: "Sort messages by timestamp within each conversation.",
			Feeds: []string{"transcripts"}},
		{ID: "transcript/sampling-window", Severity: rules.Warning, Summary: "Conversations span less than 12 months.",
			Why: "Models need a year to see seasonality.", Fix: "Sample across 12 months.", Feeds: []string{"transcripts"}},
		{ID: "transcript/sender-role", Severity: rules.Error, Summary: "sender_role not agent, customer or bot.",
			Why: "Roles drive speaker attribution.", Fix: "Map roles to agent, customer or bot.", Feeds: []string{"transcripts"}},
		{ID: "transcript/single-party", Severity: rules.Warning, Summary: "A conversation with only one side.",
			Why: "A one-sided transcript cannot train a model of dialogue.", Fix: "Send complete conversations.",
			Feeds: []string{"transcripts"}},
	}
}

func goldenOptions() Options {
	return Options{
		ToolName:       "preflight",
		ToolVersion:    "v1.2.3",
		InformationURI: "https://github.com/preflight-data/preflight",
		ZeroTime:       true,
		Hostname:       "ci-runner",
		MaxPerFile:     4,
		SrcRoot:        "/srv/data sets/asapp",
	}
}

var goldenFiles = []struct{ format, file string }{
	{"table", "report.table.txt"},
	{"json", "report.json"},
	{"sarif", "report.sarif"},
	{"junit", "report.xml"},
	{"github", "report.github.txt"},
}

func render(t *testing.T, format string, res *rules.Result, opt Options) []byte {
	t.Helper()
	w, ok := Lookup(format)
	if !ok {
		t.Fatalf("Lookup(%q): no writer", format)
	}
	var buf bytes.Buffer
	if err := w(&buf, res, opt); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, g := range goldenFiles {
		t.Run(g.format, func(t *testing.T) {
			got := render(t, g.format, fixture(), goldenOptions())
			path := filepath.Join("..", "testdata", "golden", g.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; if the change is intended, run go test ./reports -update\n--- got ---\n%s", g.format, path, got)
			}
		})
	}
}

// TestDeterministic writes each report twice from fresh results: map
// iteration order changes between the runs, so any reliance on it shows.
func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			first := render(t, format, fixture(), goldenOptions())
			for range 5 {
				if again := render(t, format, fixture(), goldenOptions()); !bytes.Equal(first, again) {
					t.Fatalf("two writes of the same result differ")
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	want := []string{"github", "html", "json", "junit", "sarif", "table"}
	if got := Formats(); !reflect.DeepEqual(got, want) {
		t.Errorf("Formats() = %q, want %q", got, want)
	}
	for _, name := range want {
		if _, ok := Lookup(name); !ok {
			t.Errorf("Lookup(%q) not found", name)
		}
	}
	if _, ok := Lookup("SARIF"); !ok {
		t.Errorf("Lookup is case-sensitive")
	}
	if _, ok := Lookup("xml"); ok {
		t.Errorf("Lookup(xml) found a writer")
	}
}

// TestEmpty checks every writer copes with a run that checked nothing and
// one where nothing was found.
func TestEmpty(t *testing.T) {
	clean := fixture()
	clean.Files = clean.Files[2:3]
	clean.Findings, clean.Omitted, clean.Skipped = nil, nil, nil
	for _, res := range []*rules.Result{{}, clean} {
		for _, format := range Formats() {
			render(t, format, res, Options{})
		}
	}
	out := string(render(t, "table", clean, Options{}))
	if !bytes.Contains([]byte(out), []byte("no problems found")) {
		t.Errorf("clean table report lacks %q:\n%s", "no problems found", out)
	}
}

func TestTableColor(t *testing.T) {
	opt := goldenOptions()
	plain := render(t, "table", fixture(), opt)
	if bytes.Contains(plain, []byte("\x1b[")) {
		t.Error("table without Color has ANSI escapes")
	}
	opt.Color = true
	colored := render(t, "table", fixture(), opt)
	if !bytes.Contains(colored, []byte(ansiRed+"error"+ansiReset)) {
		t.Error("table with Color does not colour errors")
	}
	lines := bytes.Split(bytes.TrimRight(colored, "\n"), []byte("\n"))
	if last := string(lines[len(lines)-1]); !strings.HasSuffix(last, " in 1.23s") {
		t.Errorf("last line %q is not the summary", last)
	}
}

// TestNotCheckedInEveryReport: a file that could not be read must never
// look like a pass, and every skipped path is named, in every format.
func TestNotCheckedInEveryReport(t *testing.T) {
	res := fixture()
	res.Files = res.Files[2:]
	res.Findings, res.Omitted = nil, nil
	want := map[string][]string{
		"json":   {`"status": "unreadable"`, `"error": "permission denied"`, `"unreadable": 1`, `"path": "exports/incoming.fifo"`, `"skipped": 2`},
		"sarif":  {`"executionSuccessful": false`, `"level": "error"`, `cannot read exports/sales/locked.jsonl: permission denied`, `skipped exports/README.md: not a .csv`},
		"junit":  {`errors="1"`, `<testcase name="(read)" classname="exports/sales/locked.jsonl"`, `<error message="cannot read exports/sales/locked.jsonl`, `<skipped message="a named pipe`},
		"table":  {"cannot read exports/sales/locked.jsonl: permission denied", "not every file could be read", "exports/README.md — not a .csv", "1 unreadable, 2 skipped"},
		"github": {"::error file=exports/sales/locked.jsonl,title=unreadable::cannot read", "::notice file=exports/incoming.fifo,title=skipped::skipped"},
		"html":   {"INCOMPLETE: 1 file could not be read", "unreadable</span> permission denied", "skipped: a named pipe"},
	}
	for _, format := range Formats() {
		out := string(render(t, format, res, goldenOptions()))
		for _, w := range want[format] {
			if !strings.Contains(out, w) {
				t.Errorf("%s report lacks %q:\n%s", format, w, out)
			}
		}
		if format == "table" && strings.Contains(out, "\nno problems found\n") {
			t.Errorf("table says no problems found while a file could not be read:\n%s", out)
		}
	}
	if _, ok := want["html"]; !ok || len(want) != len(Formats()) {
		t.Errorf("a format is not covered: %v", Formats())
	}
}

// TestTableEscapesControlCharacters: a file name, header or message with
// ESC or another control character reaches the terminal escaped, never raw.
func TestTableEscapesControlCharacters(t *testing.T) {
	evil := "exports/\x1b]0;pwned\x07\x1b[2Jcalls\r\n\u009b31m\xff.csv"
	res := &rules.Result{
		Files: []rules.FileResult{{Path: evil, Feed: "call_center", Format: "csv", Records: 1, Errors: 1,
			Counts: map[string]int64{"schema/unknown-column": 1}, Status: rules.StatusChecked},
			{Path: "locked\x1b[5m.csv", Status: rules.StatusUnreadable, Error: "permission\x1b denied"}},
		Findings: []rules.Finding{{Rule: "schema/unknown-column", Severity: rules.Error, File: evil, Line: 1, Col: 1,
			Field: "na\x1bme", Conversation: "c\x1b1", Value: `\x1b`, Message: "column na\x1bme", Fix: "rename\x1b it"}},
		Skipped: []rules.Skipped{{Path: "x\x1b.txt", Reason: "not data"}},
	}
	out := render(t, "table", res, Options{})
	for _, raw := range []string{"\x1b", "\x07", "\r", "\u009b", "\xff"} {
		if bytes.Contains(out, []byte(raw)) {
			t.Errorf("raw %q in the table:\n%q", raw, out)
		}
	}
	if want := `exports/\x1b]0;pwned\x07\x1b[2Jcalls\r\n\u009b31m\xff.csv`; !bytes.Contains(out, []byte(want)) {
		t.Errorf("the file name is not shown escaped as %s:\n%s", want, out)
	}
}
