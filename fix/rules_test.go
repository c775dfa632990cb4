package fix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// fixtureOptions are what some rules' repairs need beyond the default.
var fixtureOptions = map[string]Options{
	rules.EncodingUTF8:        {FromEncoding: "windows-1252"},
	rules.FileBinary:          {FromEncoding: "utf-16"},
	rules.EncodingControlChar: {To: "jsonl"}, // JSON escapes what CSV carries raw
}

// fixtureRemaining is what fix leaves of a rule's findings on its bad
// fixtures, and why: values no mechanical repair can decide.
var fixtureRemaining = map[string]int{
	rules.FileBinary:          1, // a gzip file: only UTF-16 text is transcoded
	rules.EncodingControlChar: 1, // a raw control character in a JSONL string: not a conversion
	rules.SchemaMissingColumn: 3, // columns really absent (the one in another case is renamed)
	rules.SchemaUnknownColumn: 2, // columns that name no field in any case
	rules.SchemaType:          7, // 12.5, 1e3, 1.0 and 782.00 for an Integer, 1 for a Bool, $129.45 and 1,234.50
	rules.TimeISO8601:         8, // impossible dates, a date alone, an epoch, slashes, 24:00, ten fraction digits, ".Z"
	rules.TimeUTC:             2, // no zone, and no --assume-tz
	rules.TranscriptRole:      2, // "user" (only --role-map maps it) and "system" (names no party)
}

// nearMissChanges are the repairs fix makes to a rule's near misses, and
// why: a near miss for check on the data as it is can be a finding once
// another repair is made.
var nearMissChanges = map[string]int64{
	// t-1 in sales.csv has issue_id "NULL" in quotes, its twin in
	// sales.jsonl null: once the quoted null is written NULL, the two
	// are the same record, and check on the copies would say so.
	rules.RecordDuplicate: 1,
}

// TestFixableRules holds the catalogue's Fixable marks to what fix does:
// for every rule marked fixable, fix repairs its failing fixtures (the
// re-check finds fewer of its findings, none but the listed remainder)
// and leaves its near misses alone.
func TestFixableRules(t *testing.T) {
	for _, in := range rules.Catalogue() {
		if !in.Fixable {
			continue
		}
		id := in.ID
		t.Run(id, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "rules", filepath.FromSlash(id))
			opt := fixtureOptions[id]
			opt.Check = fixtureArgs(t, dir)
			before, err := rules.Run(context.Background(), mustDiscover(t, filepath.Join(dir, "bad")), opt.Check)
			if err != nil {
				t.Fatal(err)
			}
			res := fixDir(t, filepath.Join(dir, "bad"), opt)
			if n := changesOf(res, id); n == 0 {
				t.Errorf("fix made no %s change to its failing fixtures", id)
			}
			was, left := countOf(before, id), countOf(res.Check, id)
			if left >= was || left != fixtureRemaining[id] {
				t.Errorf("%s: %d findings before fix, %d after; want %d after", id, was, left, fixtureRemaining[id])
				for _, f := range res.Check.Findings {
					if f.Rule == id {
						t.Logf("left: %s:%d %s (%s)", f.File, f.Line, f.Message, f.Value)
					}
				}
			}
			good := fixDir(t, filepath.Join(dir, "good"), opt)
			if n := changesOf(good, id); n != nearMissChanges[id] {
				t.Errorf("fix made %d %s changes to the near misses, want %d", n, id, nearMissChanges[id])
			}
		})
	}
}

func fixDir(t *testing.T, dir string, opt Options) *Result {
	t.Helper()
	opt.OutDir = t.TempDir()
	res, err := Run(context.Background(), []string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func changesOf(res *Result, rule string) int64 {
	var n int64
	for _, f := range res.Files {
		n += f.Changes[rule]
	}
	return n
}

func countOf(res *rules.Result, rule string) int {
	var n int64
	for _, f := range res.Files {
		n += f.Counts[rule]
	}
	return int(n)
}

// fixtureArgs reads a rule fixture's args.txt (feed, dt, mode) as the
// rules' own tests do.
func fixtureArgs(t *testing.T, dir string) rules.Options {
	t.Helper()
	opt := rules.Options{Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	b, err := os.ReadFile(filepath.Join(dir, "args.txt"))
	if err != nil {
		return opt
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "feed":
			opt.Feed = v
		case "dt":
			opt.DT = v
		case "mode":
			opt.Mode = v
		}
	}
	return opt
}
