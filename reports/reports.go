// Package reports turns a check result into the formats people and CI tools
// read: a terminal table, JSON, SARIF 2.1.0, JUnit XML, GitHub Actions
// annotations and an HTML audit. Every writer is a pure function of a
// *rules.Result and Options, so the same result always gives the same bytes
// (apart from the JUnit timestamp and durations, which ZeroTime pins for
// golden tests).
//
// Writers stream: they read the kept findings with Result.EachFinding (a
// run may keep millions, spilled to disk) and write each as it comes,
// holding only what grows with files and rules, never with findings.
package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// Options carries what a report needs beyond the result itself. The caller
// decides everything environment-dependent (terminal, clock, host), so the
// writers stay pure.
type Options struct {
	// ToolName, ToolVersion and InformationURI identify the tool in the
	// reports that name it ("preflight", the build version, the project URL).
	ToolName, ToolVersion, InformationURI string
	// Color turns on ANSI colour in the table; the caller decides (a terminal
	// and no NO_COLOR).
	Color bool
	// ZeroTime writes time="0" and a fixed timestamp in JUnit, for golden tests.
	ZeroTime bool
	// Now is the JUnit timestamp; ignored with ZeroTime.
	Now time.Time
	// Hostname is the JUnit hostname; "localhost" when empty.
	Hostname string
	// MaxPerFile caps GitHub annotations per file (0 = 50), because GitHub
	// shows only a handful per step and a flood hides the first, useful ones.
	MaxPerFile int
	// SrcRoot is the absolute directory report paths are relative to; SARIF
	// publishes it as the SRCROOT base so viewers can resolve the files.
	SrcRoot string
	// FailOn is --fail-on: the lowest severity that fails the run (zero
	// means Error, the default). JUnit makes a test case a <failure> only
	// for a rule at or above it; a rule below it passes, and its findings
	// are listed in the suite's <system-out>. So a run that exits 0 shows
	// no failing test case in CI.
	FailOn rules.Severity
	// FailNever is --fail-on never: no finding fails a test case.
	FailNever bool
}

// fails reports whether findings of severity s fail the run.
func (o Options) fails(s rules.Severity) bool {
	if o.FailNever {
		return false
	}
	threshold := o.FailOn
	if threshold == rules.Off {
		threshold = rules.Error
	}
	return s >= threshold
}

// failOnName is --fail-on as the user wrote it.
func (o Options) failOnName() string {
	switch {
	case o.FailNever:
		return "never"
	case o.FailOn == rules.Off:
		return rules.Error.String()
	}
	return o.FailOn.String()
}

// Writer writes one report of res to w.
type Writer func(w io.Writer, res *rules.Result, opt Options) error

// writers is the one list of formats: adding a format is one file plus one
// line here, with no init() side effects to hunt for.
var writers = map[string]Writer{
	"github": writeGitHub,
	"html":   writeHTML,
	"json":   writeJSON,
	"junit":  writeJUnit,
	"sarif":  writeSARIF,
	"table":  writeTable,
}

// Lookup returns the writer for a format name ("table", "json", "sarif",
// "junit", "github"); names are matched case-insensitively.
func Lookup(format string) (Writer, bool) {
	w, ok := writers[strings.ToLower(strings.TrimSpace(format))]
	return w, ok
}

// Formats returns the format names, sorted, for usage messages and flag help.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for name := range writers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// toolName falls back to "preflight" so a caller that forgot the name still
// gets a valid report (SARIF and JUnit both require a non-empty one).
func (o Options) toolName() string {
	if o.ToolName == "" {
		return "preflight"
	}
	return o.ToolName
}

// ruleTotals is the number of findings per rule over the whole run, kept or
// not. Per-file Counts are the authority; kept findings plus Omitted is the
// floor, so a result assembled without Counts still reports exact numbers.
func ruleTotals(res *rules.Result, idx *findingIndex) map[string]int64 {
	fromCounts := map[string]int64{}
	for _, f := range res.Files {
		for rule, n := range f.Counts {
			fromCounts[rule] += n
		}
	}
	totals := map[string]int64{}
	for rule, n := range fromCounts {
		totals[rule] = n
	}
	for rule, n := range idx.perRule {
		totals[rule] = max(totals[rule], n+res.Omitted[rule])
	}
	for rule, n := range res.Omitted {
		totals[rule] = max(totals[rule], n)
	}
	for rule, n := range totals {
		if n == 0 {
			delete(totals, rule)
		}
	}
	return totals
}

// findingIndex is what writers must know of the kept findings before they
// write the first one. It is read in one pass and grows with rules and
// files, not with findings.
type findingIndex struct {
	// total is the number of kept findings.
	total int64
	// perRule and perFile count kept findings.
	perRule map[string]int64
	perFile map[string]int64
	// firstSev is the severity of each rule's first finding: config may
	// have changed it from the rule's default.
	firstSev map[string]rules.Severity
	// files lists the files findings name, sorted.
	files []string
	// ruleFiles holds each rule and file pair with a finding.
	ruleFiles map[[2]string]bool
}

func indexFindings(res *rules.Result) (*findingIndex, error) {
	idx := &findingIndex{perRule: map[string]int64{}, perFile: map[string]int64{},
		firstSev: map[string]rules.Severity{}, ruleFiles: map[[2]string]bool{}}
	err := res.EachFinding(func(f rules.Finding) error {
		idx.total++
		if _, ok := idx.firstSev[f.Rule]; !ok {
			idx.firstSev[f.Rule] = f.Severity
		}
		idx.perRule[f.Rule]++
		idx.perFile[f.File]++
		idx.ruleFiles[[2]string{f.Rule, f.File}] = true
		return nil
	})
	idx.files = sortedKeys(idx.perFile)
	return idx, err
}

// streamJSON writes doc as encodeJSON would, with the array under key —
// empty in doc, at the given depth of nesting — filled by each, one
// element at a time, so the array is never held in memory. The array is
// found by its key on a line of its own: a newline inside a JSON string is
// always escaped, so no value can look like it.
func streamJSON(w io.Writer, doc any, key string, depth int, each func(emit func(any) error) error) error {
	var skel bytes.Buffer
	if err := encodeJSON(&skel, doc); err != nil {
		return err
	}
	marker := []byte("\n" + strings.Repeat("  ", depth) + `"` + key + `": []`)
	if bytes.Count(skel.Bytes(), marker) != 1 {
		return fmt.Errorf("json: no single empty %q array to stream into", key)
	}
	at := bytes.Index(skel.Bytes(), marker) + len(marker) - 1 // at the ']'
	bw := bufio.NewWriterSize(w, 64<<10)
	// A bufio.Writer's first error sticks, and Flush returns it.
	put := func(b []byte) { _, _ = bw.Write(b) }
	put(skel.Bytes()[:at])
	prefix := "\n" + strings.Repeat("  ", depth+1)
	var elem bytes.Buffer
	enc := json.NewEncoder(&elem)
	enc.SetIndent(prefix[1:], "  ")
	enc.SetEscapeHTML(false)
	n := 0
	err := each(func(v any) error {
		elem.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if n > 0 {
			put([]byte{','})
		}
		n++
		put([]byte(prefix))
		_, err := bw.Write(bytes.TrimSuffix(elem.Bytes(), []byte("\n")))
		return err // stops a stream whose reader went away
	})
	if err != nil {
		return err
	}
	if n > 0 {
		put([]byte("\n" + strings.Repeat("  ", depth)))
	}
	put(skel.Bytes()[at:])
	return bw.Flush()
}

// fileTotal is the number of findings of one rule in one file, kept or not.
func fileTotal(fr *rules.FileResult, rule string, kept int) int64 {
	return max(fr.Count(rule), int64(kept))
}

// sortedKeys returns a map's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// infoIndex maps rule IDs to their metadata.
func infoIndex(res *rules.Result) map[string]rules.Info {
	m := make(map[string]rules.Info, len(res.Rules))
	for _, info := range res.Rules {
		m[info.ID] = info
	}
	return m
}

// withValueAndFix is the one-line text of a finding for formats that carry a
// single message string (SARIF, GitHub): the message, the offending value
// and how to fix it.
func withValueAndFix(f rules.Finding) string {
	var sb strings.Builder
	sb.WriteString(f.Message)
	if f.Value != "" {
		sb.WriteString(" (value: ")
		sb.WriteString(f.Value)
		sb.WriteString(")")
	}
	if f.Fix != "" {
		// Messages may or may not end a sentence; avoid "..".
		if !strings.HasSuffix(sb.String(), ".") {
			sb.WriteString(".")
		}
		sb.WriteString(" Fix: ")
		sb.WriteString(f.Fix)
	}
	return sb.String()
}
