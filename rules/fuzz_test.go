package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// FuzzEngine feeds arbitrary bytes through the whole engine as every feed
// and both formats: bad input must become findings, never a panic, and
// every finding must point inside the file.
func FuzzEngine(f *testing.F) {
	f.Add([]byte("conversation_externalId,sender_externalId,sender_role,text,timestamp\nc1,u1,customer,hi,2024-01-01T00:00:00Z\n"), uint8(0))
	f.Add([]byte("{\"customer_id\":\"x\",\"call_start\":\"2024-01-01T00:00:00Z\",\"call_end\":1}\n{\"a\":[[[[\n"), uint8(1))
	f.Add([]byte("\xef\xbb\xbfa,\"b\nc\",\"\"\"\r\nNULL,\"NULL\",\x00\xff\n"), uint8(2))
	feeds := []string{"transcripts", "call_center", "sales_attribution"}
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		dir := t.TempDir()
		ext := ".csv"
		if sel&1 == 1 {
			ext = ".jsonl"
		}
		path := filepath.Join(dir, "f"+ext)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := rules.Run(context.Background(), []string{path}, rules.Options{Feed: feeds[int(sel>>1)%3], DT: "2024-01-01", Mode: "incremental"})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		lines := 1
		for _, c := range data {
			if c == '\n' {
				lines++
			}
		}
		for _, fd := range res.Findings {
			if fd.Line < 0 || fd.Line > lines || fd.Col < 0 {
				t.Fatalf("finding outside the file (%d lines): %+v", lines, fd)
			}
			if fd.Message == "" {
				t.Fatalf("finding without a message: %+v", fd)
			}
		}
	})
}
