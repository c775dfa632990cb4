package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// illustrations are the rules whose docs examples are not yet files a
// check can read (escaped bytes like \xEF, S3 paths, a 64 MiB record, a
// custom schema): they are to be rendered from testdata instead (issue 11).
// Every other rule's "Triggers it" example must trigger it end to end, and
// its "Passes" example must not.
var illustrations = map[string]bool{
	rules.EncodingBOM: true, rules.EncodingUTF8: true, rules.FileBinary: true, rules.FileTooLarge: true,
	rules.JSONLNotObject: true, rules.JSONLSyntax: true, rules.JSONLTooDeep: true,
	rules.PartitionWindow: true, rules.SchemaConstraint: true, rules.TranscriptSplit: true,
	rules.TargetAlreadyComplete: true, rules.TargetStrayObject: true, rules.TargetBackfill: true, rules.TargetBucket: true,
	rules.TargetFormat: true, rules.TargetPath: true, rules.TargetTranscriptsBucket: true,
}

func TestDocExamples(t *testing.T) {
	for _, in := range rules.Catalogue() {
		id := in.ID
		if illustrations[id] {
			continue
		}
		t.Run(id, func(t *testing.T) {
			if n := exampleFindings(t, in.Bad, id); n == 0 {
				t.Errorf("the Triggers-it example does not trigger %s:\n%s", id, in.Bad)
			}
			if n := exampleFindings(t, in.Good, id); n != 0 {
				t.Errorf("the Passes example triggers %s %d times:\n%s", id, n, in.Good)
			}
		})
	}
}

// exampleLabel is a line naming the file the lines after it go into.
var exampleLabel = regexp.MustCompile(`^([\w.-]+\.(csv|jsonl|ndjson|yaml)):$`)

// exampleFindings writes an example into a directory of its own (lines
// after a "name.csv:" label go to that file; unlabelled content to
// example.csv, or example.jsonl when it is JSON), checks it from there (so
// a .preflight.yaml in the example is the run's config) and counts id's
// findings.
func exampleFindings(t *testing.T, example, id string) int {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]string{}
	name := "example.csv"
	if strings.HasPrefix(example, "{") {
		name = "example.jsonl"
	}
	for _, line := range strings.Split(example, "\n") {
		if m := exampleLabel.FindStringSubmatch(line); m != nil {
			name = m[1]
			continue
		}
		files[name] = append(files[name], line)
	}
	for n, lines := range files {
		write(t, dir, n, strings.Join(lines, "\n")+"\n")
	}
	t.Chdir(dir)
	_, out, stderr := preflight(t, "check", "--format", "json", ".")
	var res struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("check %s: %v\n%s%s", filepath.Base(dir), err, out, stderr)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == id {
			n++
		}
	}
	return n
}
