package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/rules"
)

const salesLine = `{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}`

// TestFeedInferenceSurvivesABadFirstLine: with the feed to be inferred, a
// broken first JSONL line (not JSON, too deep, longer than the sniffed bytes
// or than the record limit) is a finding on that line, and the next lines
// decide the feed; when they do not either, that is file/unknown-feed on
// the file, and the other files of the run are still checked.
func TestFeedInferenceSurvivesABadFirstLine(t *testing.T) {
	cases := []struct {
		name, first, next string
		feed              string
		want              []string // rule:line of every finding
	}{
		{"nan", `{"transaction_id": NaN}`, salesLine, "sales_attribution", []string{"jsonl/syntax:1"}},
		{"deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), salesLine, "sales_attribution", []string{"jsonl/too-deep:1"}},
		{"past-the-sniff", `{"transaction_id": "` + strings.Repeat("x", 100<<10), salesLine, "sales_attribution", []string{"jsonl/syntax:1"}},
		{"past-the-sniff-unknown", `{"transaction_id": "` + strings.Repeat("x", 100<<10), `{"a": 1}`, "", []string{"jsonl/syntax:1", "file/unknown-feed:2"}},
		{"over-the-record-limit", `{"transaction_id": "` + strings.Repeat("x", records.DefaultMaxRecordBytes) + `"}`, salesLine, "sales_attribution", []string{"file/record-too-large:1"}},
	}
	for _, pipelined := range []bool{false, true} {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if testing.Short() && len(c.first) > 1<<20 {
					t.Skip("writes a 64 MiB file")
				}
				if pipelined {
					defer rules.ForcePipeline()()
				}
				dir := t.TempDir()
				path := filepath.Join(dir, "export.jsonl")
				if err := os.WriteFile(path, []byte(c.first+"\n"+c.next+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				other := filepath.Join(dir, "sales.jsonl")
				if err := os.WriteFile(other, []byte(salesLine+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				res, err := rules.Run(context.Background(), []string{path, other}, rules.Options{Now: fixedNow})
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				if len(res.Files) != 2 || res.Files[0].Feed != c.feed || res.Files[0].Records != 1 || res.Files[1].Feed != "sales_attribution" {
					t.Errorf("files: %+v", res.Files)
				}
				var got []string
				for _, f := range res.Findings {
					if f.File == path {
						got = append(got, f.Rule+":"+strconv.Itoa(f.Line))
					}
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("findings %q, want %q", got, c.want)
				}
			})
		}
	}
}
