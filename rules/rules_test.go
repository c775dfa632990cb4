package rules_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
)

// Layout of the rule fixtures, like analysistest's testdata:
//
//	testdata/rules/<RULE_ID>/bad/...    files that must trigger the rule
//	testdata/rules/<RULE_ID>/good/...   near misses that must not
//	testdata/rules/<RULE_ID>/want.txt   the rule's findings on bad/, one
//	                                    "RELATIVE/PATH:LINE" per line (0 = whole file or run)
//	testdata/rules/<RULE_ID>/args.txt   optional Options overrides, key=value:
//	                                    feed, dt, mode, target=true, schema=FILE (a custom feed),
//	                                    audio-samples=true, audio-name, audio-min-seconds, audio-max-seconds
//
// All files of bad/ (and of good/) are checked in one run, so the cross-file
// rules see each other's files.
const rulesRoot = "../testdata/rules"

// testedElsewhere are the rules whose findings come from publish (they need a
// bucket and the target prefix's listing), so they are tested in publish/.
// Listed by name so that any other rule without testdata fails.
var testedElsewhere = map[string]bool{
	rules.TargetBucket:            true,
	rules.TargetTranscriptsBucket: true,
	rules.TargetAlreadyComplete:   true,
	rules.TargetStrayObject:       true,
	rules.TargetBackfill:          true,
}

// fixedNow anchors timestamp/range, so the fixtures do not age.
var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// TestRuleFixtures checks every rule against its bad and good fixtures.
func TestRuleFixtures(t *testing.T) { ruleFixtures(t) }

// TestRuleFixturesPipelined runs the same fixtures through the two-goroutine
// pipeline large files take, which must find exactly the same.
func TestRuleFixturesPipelined(t *testing.T) {
	defer rules.ForcePipeline()()
	ruleFixtures(t)
}

// TestRuleFixturesInParts runs them with every file read in parts of a
// few bytes, merged in file order, which must find exactly the same.
func TestRuleFixturesInParts(t *testing.T) {
	for _, size := range []int64{1, 7, 64} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			defer rules.ForceParts(size)()
			ruleFixtures(t)
		})
	}
}

func ruleFixtures(t *testing.T) {
	for _, in := range rules.Catalogue() {
		id := in.ID
		t.Run(id, func(t *testing.T) {
			if testedElsewhere[id] {
				t.Skipf("%s is tested in publish/", id)
			}
			dir := filepath.Join(rulesRoot, filepath.FromSlash(id))
			want := readWant(t, dir, id)
			opt := readArgs(t, dir)
			bad, good := filepath.Join(dir, "bad"), filepath.Join(dir, "good")
			if id == rules.FileTooLarge {
				// A record over the reader's 64 MiB limit is too big to commit.
				bad, good = writeLargeRecords(t)
			}
			for _, sub := range []string{bad, good} {
				if st, err := os.Stat(sub); err != nil || !st.IsDir() {
					t.Fatalf("rule %s has no %s directory: add failing and near-miss passing files", id, sub)
				}
			}

			res := run(t, bad, opt)
			noValueTwice(t, res)
			oneDoor(t, res)
			got := findingsOf(t, res, bad, id)
			if diff := diffMultiset(want, got); diff != "" {
				t.Errorf("findings of %s on %s differ from want.txt:\n%s", id, bad, diff)
			}
			goodRes := run(t, good, opt)
			oneDoor(t, goodRes)
			if fs := findingsOf(t, goodRes, good, id); len(fs) > 0 {
				t.Errorf("%s fired on near misses in %s: %v", id, good, fs)
			}
		})
	}
}

// noValueTwice fails a finding whose message repeats its value: reports
// print the value after the message, so it would show twice
// ("is negative (-30) (-30)"). Values under three characters are left
// out: "1" may well appear in a message by chance.
func noValueTwice(t *testing.T, res *rules.Result) {
	t.Helper()
	for _, f := range res.Findings {
		if len(f.Value) >= 3 && strings.Contains(f.Message, f.Value) {
			t.Errorf("%s:%d %s: message %q repeats the value %q", f.File, f.Line, f.Rule, f.Message, f.Value)
		}
	}
}

// oneDoor checks that every finding went through the collector: with no
// cap, each file's per-rule counts and its error, warning and note totals
// are exactly its findings, with the severity in force. A finding added
// past the door would be reported but not counted (or the reverse).
func oneDoor(t *testing.T, res *rules.Result) {
	t.Helper()
	kept := map[string]map[string]int64{}
	total := map[string][4]int64{}
	for _, f := range res.Findings {
		if kept[f.File] == nil {
			kept[f.File] = map[string]int64{}
		}
		kept[f.File][f.Rule]++
		n := total[f.File]
		n[f.Severity]++
		total[f.File] = n
		if in, _ := rules.Lookup(f.Rule); f.Severity != in.Severity {
			t.Errorf("%s:%d %s: severity %s, want the rule's %s", f.File, f.Line, f.Rule, f.Severity, in.Severity)
		}
	}
	for _, fr := range res.Files {
		for rule, n := range fr.Counts {
			if kept[fr.Path][rule] != n {
				t.Errorf("%s: %s counted %d times, reported %d times", fr.Path, rule, n, kept[fr.Path][rule])
			}
		}
		for rule, n := range kept[fr.Path] {
			if fr.Counts[rule] != n {
				t.Errorf("%s: %s reported %d times, counted %d times", fr.Path, rule, n, fr.Counts[rule])
			}
		}
		n := total[fr.Path]
		if fr.Errors != n[rules.Error] || fr.Warnings != n[rules.Warning] || fr.Notes != n[rules.Note] {
			t.Errorf("%s: totals %d/%d/%d, findings %d/%d/%d (errors/warnings/notes)", fr.Path,
				fr.Errors, fr.Warnings, fr.Notes, n[rules.Error], n[rules.Warning], n[rules.Note])
		}
	}
}

// TestRuleFixtureDirs catches fixtures for rules that no longer exist (or
// whose ID is misspelt), which would otherwise be silently ignored.
func TestRuleFixtureDirs(t *testing.T) {
	err := filepath.WalkDir(rulesRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() != "want.txt" {
			return nil
		}
		rel, _ := filepath.Rel(rulesRoot, filepath.Dir(path))
		id := filepath.ToSlash(rel)
		if _, ok := rules.Lookup(id); !ok {
			t.Errorf("%s: testdata for unknown rule %q", path, id)
		}
		if testedElsewhere[id] {
			t.Errorf("%s: rule %q is tested in publish/, not here", path, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSample checks that the bundled sample (the README's first command)
// is clean: no errors and no warnings.
func TestSample(t *testing.T) {
	const dir = "../testdata/sample"
	res := run(t, dir, rules.Options{})
	if len(res.Files) != 3 {
		t.Errorf("sample has %d files, want one per feed (3)", len(res.Files))
	}
	feeds := map[string]bool{}
	for _, f := range res.Files {
		feeds[f.Feed] = true
		if f.Records == 0 {
			t.Errorf("%s: no records", f.Path)
		}
	}
	for _, id := range schemas.BuiltinIDs() {
		if !feeds[id] {
			t.Errorf("sample has no %s file", id)
		}
	}
	for _, f := range res.Findings {
		if f.Severity >= rules.Warning {
			t.Errorf("%s:%d: %s %s: %s", f.File, f.Line, f.Severity, f.Rule, f.Message)
		}
	}
}

// run discovers and checks everything under dir in one run.
func run(t *testing.T, dir string, opt rules.Options) *rules.Result {
	t.Helper()
	in, err := rules.Walk([]string{dir}, rules.WalkOptions{})
	if err != nil {
		t.Fatalf("Walk(%s): %v", dir, err)
	}
	opt.Now = fixedNow
	opt.MaxPerRule = 0
	opt.Jobs = 2
	res, err := rules.RunInputs(context.Background(), in, opt)
	if err != nil {
		t.Fatalf("Run(%s): %v", dir, err)
	}
	return res
}

// findingsOf lists a rule's findings as "path/under/dir:line", sorted.
func findingsOf(t *testing.T, res *rules.Result, dir, id string) []string {
	t.Helper()
	prefix := filepath.ToSlash(dir) + "/"
	var out []string
	for _, f := range res.Findings {
		if f.Rule != id {
			continue
		}
		rel, ok := strings.CutPrefix(f.File, prefix)
		if !ok {
			t.Errorf("finding outside %s: %s:%d", dir, f.File, f.Line)
		}
		out = append(out, fmt.Sprintf("%s:%d", rel, f.Line))
	}
	sort.Strings(out)
	return out
}

func readWant(t *testing.T, dir, id string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "want.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("rule %s has no testdata: add %s/{bad/,good/,want.txt}", id, filepath.ToSlash(dir))
	}
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ':')
		if i < 0 {
			t.Fatalf("want.txt:%d: %q is not PATH:LINE", n, line)
		}
		if _, err := strconv.Atoi(line[i+1:]); err != nil {
			t.Fatalf("want.txt:%d: %q is not PATH:LINE", n, line)
		}
		want = append(want, line)
	}
	if len(want) == 0 {
		t.Fatalf("%s/want.txt lists no findings: a bad case must fail", dir)
	}
	sort.Strings(want)
	return want
}

func readArgs(t *testing.T, dir string) rules.Options {
	t.Helper()
	var opt rules.Options
	b, err := os.ReadFile(filepath.Join(dir, "args.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		return opt
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("args.txt: %q is not key=value", line)
		}
		switch k {
		case "feed":
			opt.Feed = v
		case "dt":
			opt.DT = v
		case "mode":
			opt.Mode = v
		case "target":
			opt.Target = v == "true"
		case "audio-samples":
			opt.Settings.Audio.Samples = v == "true"
		case "audio-name":
			opt.Settings.Audio.Name = v
		case "audio-min-seconds", "audio-max-seconds":
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("args.txt: %s: %v", k, err)
			}
			if k == "audio-min-seconds" {
				opt.Settings.Audio.MinSeconds = n
			} else {
				opt.Settings.Audio.MaxSeconds = n
			}
		case "schema":
			doc, err := os.ReadFile(filepath.Join(dir, v))
			if err != nil {
				t.Fatal(err)
			}
			f, err := schemas.Compile("", doc)
			if err != nil {
				t.Fatalf("args.txt: schema %s: %v", v, err)
			}
			if opt.Feeds == nil {
				opt.Feeds = schemas.NewRegistry()
			}
			if err := opt.Feeds.Add(f); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("args.txt: unknown key %q", k)
		}
	}
	return opt
}

// writeLargeRecords writes file/record-too-large's fixtures: bad/big.csv has
// a record one byte over the reader's limit on line 3, between two ordinary
// rows (so the reader must resynchronise); good/big.csv has one of exactly
// the limit.
func writeLargeRecords(t *testing.T) (bad, good string) {
	t.Helper()
	if testing.Short() {
		t.Skip("writes two 64 MiB files")
	}
	root := t.TempDir()
	write := func(dir string, size int) string {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		const header = "customer_id,call_start,call_end,disposition_notes\n"
		const row = "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,"
		var b bytes.Buffer
		b.WriteString(header)
		b.WriteString(row + "short\n")
		b.WriteString(row)
		b.Write(bytes.Repeat([]byte("x"), size-len(row)))
		b.WriteString("\n")
		b.WriteString("c-3,2024-05-01T09:00:00Z,2024-05-01T09:10:00Z,short\n")
		if err := os.WriteFile(filepath.Join(dir, "big.csv"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	limit := records.DefaultMaxRecordBytes
	return write(filepath.Join(root, "bad"), limit+1), write(filepath.Join(root, "good"), limit)
}

// diffMultiset says what is missing from and unexpected in got, or "".
func diffMultiset(want, got []string) string {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		switch n := count[k]; {
		case n > 0:
			fmt.Fprintf(&b, "\tmissing    %s (x%d)\n", k, n)
		case n < 0:
			fmt.Fprintf(&b, "\tunexpected %s (x%d)\n", k, -n)
		}
	}
	return b.String()
}
