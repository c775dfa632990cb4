package rules_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

const trHeader = "conversation_externalId,sender_externalId,sender_role,text,timestamp\n"
const trRow = "c1,u1,customer,hello,2024-03-01T10:00:00Z\n"

// Bad input is findings, never a crash, and checking goes on: every case
// ends with a good row that must still be counted, and a second, clean file
// in the same run must still be checked.
func TestBadInput(t *testing.T) { badInput(t) }

func TestBadInputPipelined(t *testing.T) {
	defer rules.ForcePipeline()()
	badInput(t)
}

func badInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(strings.Repeat(trHeader+trRow, 100)))
	_ = zw.Close()

	nested := `{"customer_id":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}\n"
	wide := strings.Repeat("x,", 99999) + "x\n"

	cases := []struct {
		name, file, content string
		rule                string
		line                int
		records             int64 // at least
	}{
		{"truncated mid-quote", "t.csv", trHeader + trRow + "c1,u2,agent,\"never closed", rules.CSVSyntax, 3, 1},
		{"binary gzip", "t.csv", gz.String(), rules.FileBinary, 0, 0},
		{"NUL byte in a value", "t.csv", trHeader + "c1,u1,customer,hel\x00lo,2024-03-01T10:00:00Z\n" + trRow, rules.EncodingControlChar, 2, 2},
		{"invalid UTF-8 in the header", "t.csv", "conversation_externalId,sender_externalId,sender_role,te\xffxt,timestamp\n" + trRow, rules.EncodingUTF8, 1, 1},
		{"50 MB single line", "t.csv", trHeader + strings.Repeat("a", 50<<20) + "\n" + trRow, rules.CSVFieldCount, 2, 2},
		{"100,000 fields", "t.csv", trHeader + wide + trRow, rules.CSVFieldCount, 2, 2},
		{"JSONL nested 10,000 deep", "t.jsonl", nested + `{"conversation_externalId":"c1","sender_externalId":"u1","sender_role":"customer","text":"hi","timestamp":"2024-03-01T10:00:00Z"}` + "\n", rules.JSONLTooDeep, 1, 1},
		{"recording cut off", "t.wav", string(u8WAV(1000, 5000)), rules.AudioTruncated, 0, 0},
		{"recording named .csv", "t.csv", string(u8WAV(1000, 1000)), rules.FileBinary, 0, 0},
		{"FLAC cut in its metadata", "t.flac", "fLaC\x00\x00\x00\x22\x10\x00", rules.AudioTruncated, 0, 0},
		{"JSONL truncated", "t.jsonl", `{"conversation_externalId":"c1","sender_externalId":"u1","sender_role":"customer","text":"hi","timestamp":"2024-03-01T10:00:00Z"}` + "\n" + `{"conversation_externalId":"c1","text":"cut he`, rules.JSONLSyntax, 2, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := filepath.Join(dir, c.file)
			good := filepath.Join(dir, "z_good.csv")
			if err := os.WriteFile(bad, []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			// Another conversation: trRow again would be the same
			// transcript sent twice, a duplicate-conversation.
			if err := os.WriteFile(good, []byte(trHeader+"c9,u9,customer,hi there,2024-03-01T11:00:00Z\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := rules.Run(context.Background(), []string{bad, good}, rules.Options{Feed: "transcripts"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range res.Findings {
				if f.Rule == c.rule && f.File == filepath.ToSlash(bad) && f.Line == c.line {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s at line %d; got %+v", c.rule, c.line, res.Findings)
			}
			for _, fr := range res.Files {
				if fr.Path == filepath.ToSlash(bad) && fr.Records < c.records {
					t.Errorf("checking stopped: %d records, want >= %d", fr.Records, c.records)
				}
				if fr.Path == filepath.ToSlash(good) && (fr.Records != 1 || fr.Errors != 0) {
					t.Errorf("the other file was not checked cleanly: %+v", fr)
				}
			}
		})
	}
}
