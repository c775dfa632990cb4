package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// TestStreamedJSONIsTheEncodersDocument: JSON and SARIF stream their
// findings into a skeleton; the bytes must be exactly what encoding the
// whole document at once gives, including for values that look like the
// array being streamed into, and for no findings at all.
func TestStreamedJSONIsTheEncodersDocument(t *testing.T) {
	tricky := fixture()
	tricky.Findings = append(tricky.Findings, rules.Finding{Rule: "schema/type", Severity: rules.Error, File: salesPath, Line: 2,
		Field: "\n  \"findings\": []", Value: "\n      \"results\": []", Message: "\"findings\": [] <&>\n"})
	rules.SortFindings(tricky.Findings)
	for name, res := range map[string]*rules.Result{"fixture": fixture(), "tricky": tricky, "empty": {}} {
		t.Run(name, func(t *testing.T) {
			opt := goldenOptions()
			doc := jsonDoc(res, opt)
			for _, f := range res.Findings {
				doc.Findings = append(doc.Findings, jsonFindingOf(f))
			}
			var want bytes.Buffer
			if err := encodeJSON(&want, doc); err != nil {
				t.Fatal(err)
			}
			if got := render(t, "json", res, opt); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("streamed JSON differs from the encoded document:\n%s\n---\n%s", got, want.Bytes())
			}

			sdoc, ruleIndex, artifactIndex := sarifDoc(res, mustIndex(t, res), opt)
			prints := fingerprints(res.Findings)
			for i, f := range res.Findings {
				r := sarifResultOf(f, ruleIndex, artifactIndex, opt)
				r.PartialFingerprints = map[string]string{fingerprintKey: prints[i]}
				sdoc.Runs[0].Results = append(sdoc.Runs[0].Results, r)
			}
			want.Reset()
			if err := encodeJSON(&want, sdoc); err != nil {
				t.Fatal(err)
			}
			if got := render(t, "sarif", res, opt); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("streamed SARIF differs from the encoded document:\n%s\n---\n%s", got, want.Bytes())
			}
		})
	}
}

// TestReportsStreamFromDisk: a run that keeps more findings than the store
// holds in memory reads them back from disk; every format must write the
// same bytes as from the same findings in memory.
func TestReportsStreamFromDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 80,000 rows")
	}
	dir := t.TempDir()
	var sb strings.Builder
	sb.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	for i := range 80000 {
		role := "customer"
		if i%5 == 0 {
			role = "Agent" // transcript/sender-role as well as timestamp/utc
		}
		fmt.Fprintf(&sb, "c%d,u%d,%s,hello %d,2024-03-01T10:%02d:%02d\n", i/10, i%2, role, i, i/60%60, i%60)
	}
	path := filepath.Join(dir, "chats.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := rules.Run(context.Background(), []string{path}, rules.Options{Feed: "transcripts", Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if res.Findings != nil {
		t.Fatalf("%d findings stayed in memory; the test needs a run that spills", len(res.Findings))
	}
	mem := &rules.Result{Files: res.Files, Omitted: res.Omitted, Rules: res.Rules, MaxPerRule: res.MaxPerRule,
		Skipped: res.Skipped, Stats: res.Stats, Duration: res.Duration}
	if err := res.EachFinding(func(f rules.Finding) error { mem.Findings = append(mem.Findings, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(mem.Findings) < 90000 {
		t.Fatalf("read back %d findings, want over 90,000", len(mem.Findings))
	}
	for _, format := range Formats() {
		if got, want := render(t, format, res, goldenOptions()), render(t, format, mem, goldenOptions()); !bytes.Equal(got, want) {
			t.Errorf("%s: the report from disk differs from the one from memory", format)
		}
	}
}
