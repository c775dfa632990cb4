package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/preflight-data/preflight/rules"
)

const (
	// junitMaxListed bounds the findings listed in one failure body: CI UIs
	// show it inline, and the full list is in the other reports.
	junitMaxListed = 20
	// junitTimeLayout is the Ant schema's timestamp: ISO 8601 with no zone.
	junitTimeLayout = "2006-01-02T15:04:05"
	// junitZeroTimestamp is written with ZeroTime so golden files do not move.
	junitZeroTimestamp = "1970-01-01T00:00:00"
	// runSuiteName holds findings that name no file; the schema wants a name.
	runSuiteName = "(run)"
	// readCaseName is the test case that errs in the suite of a file that
	// could not be read: no rule ran there, so no rule may pass.
	readCaseName = "(read)"
	// skippedSuiteName holds a skipped test case per file a walk skipped.
	skippedSuiteName = "(skipped)"
)

// The element and attribute order below is the Ant JUnit schema's, which is
// strict about it: properties first, test cases, then system-out and
// system-err last; the root takes no attributes.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  junitText       `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

// junitText is character data escaped by xmlText and written raw, so its
// newlines stay newlines.
type junitText struct {
	Body string `xml:",innerxml"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	// Body is escaped by xmlText and written raw: encoding/xml would turn
	// every newline into &#xA; and make the list unreadable in the file.
	Body string `xml:",innerxml"`
}

// writeJUnit writes Ant JUnit XML: a test suite per checked file and a test
// case per rule applied to it, failing when the rule found anything there
// at or above --fail-on (Options.FailOn). CI systems then show "which rule
// broke which file" in their test UI, and pass exactly the runs that exit
// 0: findings below --fail-on (warnings, by default) pass their case and
// are listed in the suite's <system-out>, since the Ant schema gives a
// test case no output of its own.
func writeJUnit(w io.Writer, res *rules.Result, opt Options) error {
	timestamp := junitZeroTimestamp
	if !opt.ZeroTime {
		timestamp = opt.Now.UTC().Format(junitTimeLayout)
	}
	hostname := strings.TrimSpace(opt.Hostname)
	if hostname == "" {
		hostname = "localhost"
	}
	byFile, err := junitFindings(res)
	if err != nil {
		return err
	}
	files := make([]rules.FileResult, 0, len(res.Files))
	known := map[string]bool{}
	for _, fr := range res.Files {
		files = append(files, fr)
		known[fr.Path] = true
	}
	// Findings can name a file that was not checked itself (a dataset rule
	// pointing elsewhere, or none at all); they still need a suite, or the
	// report would pass what the run failed.
	for _, p := range sortedKeys(byFile) {
		if !known[p] {
			files = append(files, rules.FileResult{Path: p})
		}
	}
	doc := junitSuites{Suites: make([]junitSuite, 0, len(files))}
	infos := infoIndex(res)
	for id, fr := range files {
		suite := junitSuiteOf(&fr, byFile[fr.Path], infos, id, timestamp, hostname, opt)
		doc.Suites = append(doc.Suites, suite)
	}
	if len(res.Skipped) > 0 {
		doc.Suites = append(doc.Suites, skippedSuite(res.Skipped, len(doc.Suites), timestamp, hostname, opt))
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// junitKept is what a test case shows of one rule's kept findings in one
// file: how many there are and the first junitMaxListed of them.
type junitKept struct {
	n     int
	sev   rules.Severity // of the first; a rule has one severity in a run
	first []rules.Finding
}

// junitFindings reads the kept findings per file and rule, holding no more
// of them than the report lists.
func junitFindings(res *rules.Result) (map[string]map[string]*junitKept, error) {
	byFile := map[string]map[string]*junitKept{}
	err := res.EachFinding(func(f rules.Finding) error {
		byRule := byFile[f.File]
		if byRule == nil {
			byRule = map[string]*junitKept{}
			byFile[f.File] = byRule
		}
		k := byRule[f.Rule]
		if k == nil {
			k = &junitKept{sev: f.Severity}
			byRule[f.Rule] = k
		}
		k.n++
		if len(k.first) < junitMaxListed {
			k.first = append(k.first, f)
		}
		return nil
	})
	return byFile, err
}

// junitSuiteOf is one file's suite: a case per rule, failing when the rule
// found something there at or above --fail-on, and an erring case when the
// file was unreadable.
func junitSuiteOf(fr *rules.FileResult, byRule map[string]*junitKept, infos map[string]rules.Info, id int, timestamp, hostname string, opt Options) junitSuite {
	name := fr.Path
	if strings.TrimSpace(name) == "" {
		name = runSuiteName
	}
	suite := junitSuite{
		Name:      name,
		Package:   opt.toolName(),
		ID:        id,
		Timestamp: timestamp,
		Hostname:  hostname,
		Time:      junitSeconds(fr.Duration, opt.ZeroTime),
		Properties: []junitProperty{
			{Name: "feed", Value: fr.Feed},
			{Name: "format", Value: fr.Format},
			{Name: "bytes", Value: strconv.FormatInt(fr.Bytes, 10)},
			{Name: "records", Value: strconv.FormatInt(fr.Records, 10)},
			{Name: "errors", Value: strconv.FormatInt(fr.Errors, 10)},
			{Name: "warnings", Value: strconv.FormatInt(fr.Warnings, 10)},
			{Name: "notes", Value: strconv.FormatInt(fr.Notes, 10)},
		},
	}
	if fr.Status == rules.StatusUnreadable {
		suite.Cases = append(suite.Cases, junitCase{Name: readCaseName, Classname: name, Time: "0",
			Error: &junitFailure{Message: "cannot read " + fr.Path + ": " + fr.Error, Type: rules.StatusUnreadable, Body: xmlText(fr.Error)}})
		suite.Errors++
	}
	var passed []string
	for _, rule := range caseRules(fr, byRule) {
		// Rules run together in one pass over the file, so there is no
		// per-rule time to report; the suite carries the file's time.
		tc := junitCase{Name: rule, Classname: name, Time: "0"}
		kept := byRule[rule]
		if kept == nil { // counted, none kept: the rule's configured severity
			kept = &junitKept{sev: infos[rule].Severity}
			if kept.sev == rules.Off {
				kept.sev = rules.Error // unknown: fail rather than pass it
			}
		}
		total := fileTotal(fr, rule, kept.n)
		switch {
		case total > 0 && opt.fails(kept.sev):
			tc.Failure = &junitFailure{
				Message: fmt.Sprintf("%d %s of %s", total, plural(total, "finding", "findings"), rule),
				Type:    rule,
				Body:    xmlText(junitBody(kept.first, total)),
			}
			suite.Failures++
		case total > 0:
			passed = append(passed, junitPassed(rule, kept, total, opt))
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	suite.SystemOut.Body = xmlText(strings.Join(passed, "\n\n"))
	return suite
}

// junitPassed is the <system-out> entry of a rule whose findings are below
// --fail-on: what it found, and why its case passed anyway.
func junitPassed(rule string, kept *junitKept, total int64, opt Options) string {
	head := fmt.Sprintf("%s: %d %s (%s, below --fail-on %s: the case passes)",
		rule, total, plural(total, "finding", "findings"), kept.sev, opt.failOnName())
	body := junitBody(kept.first, total)
	return head + "\n  " + strings.ReplaceAll(body, "\n", "\n  ")
}

// skippedSuite lists what a directory walk skipped, a skipped test case
// each, so CI test views account for every file.
func skippedSuite(skipped []rules.Skipped, id int, timestamp, hostname string, opt Options) junitSuite {
	suite := junitSuite{
		Name: skippedSuiteName, Package: opt.toolName(), ID: id, Timestamp: timestamp, Hostname: hostname,
		Time:       junitSeconds(0, opt.ZeroTime),
		Properties: []junitProperty{{Name: "skipped", Value: strconv.Itoa(len(skipped))}},
	}
	for _, s := range skipped {
		suite.Cases = append(suite.Cases, junitCase{Name: s.Path, Classname: skippedSuiteName, Time: "0",
			Skipped: &junitSkipped{Message: s.Reason}})
	}
	suite.Tests, suite.Skipped = len(suite.Cases), len(suite.Cases)
	return suite
}

// caseRules is every rule with a test case in a file's suite: those applied
// to it, plus any that found something there without being listed, so no
// finding is left out of the counts.
func caseRules(fr *rules.FileResult, byRule map[string]*junitKept) []string {
	set := map[string]bool{}
	for _, r := range fr.Rules {
		set[r] = true
	}
	for r, n := range fr.Counts {
		if n > 0 {
			set[r] = true
		}
	}
	for r := range byRule {
		set[r] = true
	}
	return sortedKeys(set)
}

// junitBody lists the first kept findings of one rule in one file, one a
// line, and says how many more there were.
func junitBody(kept []rules.Finding, total int64) string {
	var lines []string
	for i, f := range kept {
		if i == junitMaxListed {
			break
		}
		lines = append(lines, junitLine(f))
	}
	if more := total - int64(len(lines)); more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", more))
	}
	return strings.Join(lines, "\n")
}

// junitLine is "line:col field: message (value)", leaving out what is unknown.
func junitLine(f rules.Finding) string {
	var sb strings.Builder
	if f.Line > 0 {
		sb.WriteString(strconv.Itoa(f.Line))
		if f.Col > 0 {
			sb.WriteString(":")
			sb.WriteString(strconv.Itoa(f.Col))
		}
	}
	if f.Field != "" {
		if sb.Len() > 0 {
			sb.WriteString(" ")
		}
		sb.WriteString(f.Field)
	}
	if f.Conversation != "" {
		if sb.Len() > 0 {
			sb.WriteString(" ")
		}
		sb.WriteString("[conversation ")
		sb.WriteString(f.Conversation)
		sb.WriteString("]")
	}
	if sb.Len() > 0 {
		sb.WriteString(": ")
	}
	sb.WriteString(f.Message)
	if f.Value != "" {
		sb.WriteString(" (")
		sb.WriteString(f.Value)
		sb.WriteString(")")
	}
	return sb.String()
}

// xmlText escapes s as XML character data, keeping newlines and tabs
// literal and replacing what XML 1.0 cannot carry at all with U+FFFD.
func xmlText(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			sb.WriteString("&amp;")
		case r == '<':
			sb.WriteString("&lt;")
		case r == '>':
			sb.WriteString("&gt;")
		case r == '\r':
			sb.WriteString("&#xD;")
		case r == '\n', r == '\t':
			sb.WriteRune(r)
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r < 0xE000:
			sb.WriteRune(utf8.RuneError)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// junitSeconds formats a duration as the schema's decimal seconds.
func junitSeconds(d time.Duration, zero bool) string {
	if zero {
		return "0"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
