package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

// Clean data that looks like real exports — scripted template chats that
// recur between customers at other times, very short chats, the same bot
// line twice, "None" and "N/A" typed as messages and notes — must pass:
// no error blocks its publish, and free text is never taken for a null.
// The generator (tools/gen) writes it.

// TestRealisticCleanData checks 4 MB of each feed and format, every run.
func TestRealisticCleanData(t *testing.T) { realisticClean(t, 4<<20) }

// TestRealisticCleanData100MB checks 100 MB of each; scripts/test runs it
// (it does not pass -short), in a few seconds on two cores.
func TestRealisticCleanData100MB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and checks 600 MB; scripts/test runs it")
	}
	realisticClean(t, 100e6)
}

func realisticClean(t *testing.T, size int64) {
	for _, feed := range gen.Feeds {
		for _, format := range []string{"csv", "jsonl"} {
			t.Run(feed+"/"+format, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), feed+"."+format)
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := gen.Write(f, feed, format, size, 1, gen.Options{}); err != nil {
					t.Fatal(err)
				}
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
				res, err := rules.Run(context.Background(), []string{path}, rules.Options{Now: fixedNow})
				if err != nil {
					t.Fatal(err)
				}
				fr := res.Files[0]
				var counts []string
				for rule, n := range fr.Counts {
					counts = append(counts, rule+"="+strconv.FormatInt(n, 10))
				}
				sort.Strings(counts)
				t.Logf("%d records, %d errors, %d warnings; findings per rule: %v", fr.Records, fr.Errors, fr.Warnings, counts)
				if fr.Errors != 0 || fr.Count(rules.NullSpelling) != 0 {
					t.Errorf("clean realistic data: %d errors, %d null/spelling; want none (%v)", fr.Errors, fr.Count(rules.NullSpelling), counts)
					for i, f := range res.Findings {
						if i == 10 {
							break
						}
						t.Logf("%s:%d %s %s", f.File, f.Line, f.Rule, f.Message)
					}
				}
			})
		}
	}
}
