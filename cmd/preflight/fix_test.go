package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// messyCalls breaks the spec in ways fix repairs: a byte-order mark, CRLF,
// an empty field, None, a time with a space and an offset, TRUE, and a
// duplicated row.
const messyCalls = "\xEF\xBB\xBFcustomer_id,conversation_id,call_start,call_end,customer_type,survey_offered\r\n" +
	"cust-1,None,2024-05-01 10:00:00+02:00,2024-05-01 10:12:30+02:00,,TRUE\r\n" +
	"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false\r\n" +
	"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false\r\n"

const fixedCalls = "customer_id,conversation_id,call_start,call_end,customer_type,survey_offered\r\n" +
	"cust-1,NULL,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,NULL,true\r\n" +
	"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false\r\n"

func TestFixExitCodes(t *testing.T) {
	dir := t.TempDir()
	messy := write(t, dir, "in/calls.csv", messyCalls)
	unfixable := write(t, dir, "bad/calls.csv", "customer_id,call_start,call_end\nNone,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n")
	warnOnly := write(t, dir, "warn/calls.csv", "customer_id,call_start,call_end,extra\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,x\n")
	out := func() string { return filepath.Join(t.TempDir(), "out") }
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"repaired clean", []string{"fix", "--out", out(), messy}, 0, ""},
		{"an error fix cannot repair", []string{"fix", "--out", out(), unfixable}, 1, ""},
		{"a warning left, default fail-on", []string{"fix", "--out", out(), warnOnly}, 0, ""},
		{"a warning left, fail-on warning", []string{"fix", "--fail-on", "warning", "--out", out(), warnOnly}, 1, ""},
		{"no output named", []string{"fix", messy}, 2, "exactly one of --out DIR"},
		{"no path", []string{"fix", "--out", out()}, 2, "at least one file"},
		{"--to xml", []string{"fix", "--to", "xml", "--out", out(), messy}, 2, `--to "xml"`},
		{"bad --assume-tz", []string{"fix", "--assume-tz", "Mars/Olympus", "--out", out(), messy}, 2, "--assume-tz"},
		{"bad --role-map", []string{"fix", "--role-map", "user=boss", "--out", out(), messy}, 2, "--role-map"},
		{"--report sarif", []string{"fix", "--report", "sarif=x.sarif", "--out", out(), messy}, 2, "json or html"},
		{"--report to an unwritable place", []string{"fix", "--report", "json=" + filepath.Join(dir, "nope", "r.json"), "--out", out(), messy}, 2, "--report"},
		{"--from-encoding ebcdic", []string{"fix", "--from-encoding", "ebcdic", "--out", out(), messy}, 2, "--from-encoding"},
		{"flags after paths", []string{"fix", messy, "--out", out()}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, exitCase(c).run)
	}
}

// exitCase is an invocation, the exit status it must end with and what
// its stderr must say; a usage error says it in one line.
type exitCase struct {
	name string
	args []string
	code int
	err  string // in stderr
}

func (c exitCase) run(t *testing.T) {
	code, _, stderr := preflight(t, c.args...)
	if code != c.code {
		t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, stderr)
	}
	if c.err != "" && !strings.Contains(stderr, c.err) {
		t.Errorf("stderr %q does not mention %q", stderr, c.err)
	}
	if c.code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("a usage error must be one line, got:\n%s", stderr)
	}
}

// TestFixCLI: the copy, the summary, the re-check's table and the
// reports of one run.
func TestFixCLI(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "exports/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv", messyCalls)
	out := filepath.Join(dir, "fixed")
	code, stdout, stderr := preflight(t, "fix", "--to", "jsonl", "--out", out, "--no-color",
		"--report", "json="+filepath.Join(dir, "fix.json"), "--report", "html="+filepath.Join(dir, "fix.html"), filepath.Join(dir, "exports"))
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	copyPath := filepath.Join(out, "call_center_issues/version=1/format=jsonl/dt=2024-05-01/calls.jsonl")
	got, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"customer_id":"cust-1","conversation_id":null,"call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:12:30Z","customer_type":null,"survey_offered":true}` + "\n" +
		`{"customer_id":"cust-2","conversation_id":"21352352","call_start":"2024-05-01T09:00:00Z","call_end":"2024-05-01T09:05:00Z","customer_type":"Wireless Premier","survey_offered":false}` + "\n"
	if string(got) != want {
		t.Errorf("copy:\n%s", got)
	}
	for _, s := range []string{"preflight fix: 1 file, 7 changes, 1 record removed", filepath.ToSlash(in) + " → " + filepath.ToSlash(copyPath) + " (CSV → JSONL): 3 → 2 records, 7 changes",
		"null/spelling", "The copies, re-checked:", "no problems found"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	var rep struct {
		Changes []map[string]any `json:"changes"`
		Files   []map[string]any `json:"files"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "fix.json"))
	if err := json.Unmarshal(b, &rep); err != nil || len(rep.Changes) != 7 || len(rep.Files) != 1 {
		t.Errorf("json report (%v): %s", err, b)
	}
	h, _ := os.ReadFile(filepath.Join(dir, "fix.html"))
	for _, s := range []string{"<!DOCTYPE html>", "null/spelling", "2024-05-01 10:00:00+02:00", "2024-05-01T08:00:00Z", "Nothing: the re-check found no problem."} {
		if !bytes.Contains(h, []byte(s)) {
			t.Errorf("html report lacks %q", s)
		}
	}
	if in, _ := os.ReadFile(in); string(in) != messyCalls {
		t.Error("the input was touched")
	}
}

// TestFixFormat: with --format json the re-check's report is on stdout
// and the summary on stderr.
func TestFixFormat(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "calls.csv", messyCalls)
	code, stdout, stderr := preflight(t, "fix", "--format", "json", "-o", filepath.Join(dir, "out.csv"), in)
	var res struct {
		Summary struct{ Errors int } `json:"summary"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &res) != nil || !strings.Contains(stderr, "preflight fix: 1 file") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out.csv")); string(b) != fixedCalls {
		t.Errorf("copy:\n%s", b)
	}
}

func TestFixInPlaceCLI(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "calls.csv", messyCalls)
	code, _, stderr := preflight(t, "fix", "--in-place", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(p); string(b) != fixedCalls {
		t.Errorf("replaced with:\n%s", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want the file alone", len(entries))
	}
}

// TestFixRulesColumn: preflight rules shows which rules fix repairs.
func TestFixRulesColumn(t *testing.T) {
	_, stdout, _ := preflight(t, "rules")
	for _, line := range strings.Split(stdout, "\n") {
		fields := strings.Split(line, "│")
		if len(fields) < 6 {
			continue
		}
		id, mark := strings.TrimSpace(fields[1]), strings.TrimSpace(fields[4])
		switch id {
		case "null/empty-value", "transcript/chronological-order", "timestamp/utc":
			if mark != "yes" {
				t.Errorf("%s: Fix column %q", id, mark)
			}
		case "transcript/single-party", "call_center/call-window":
			if mark != "" {
				t.Errorf("%s: Fix column %q", id, mark)
			}
		}
	}
	_, text, _ := preflight(t, "rules", "timestamp/utc")
	if !strings.Contains(text, "Fixable: preflight fix repairs it") {
		t.Errorf("rules timestamp/utc:\n%s", text)
	}
}
