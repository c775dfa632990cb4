package fix

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// FuzzFix feeds arbitrary bytes to fix as every feed, CSV and JSONL, to
// CSV and to JSONL: bad input must never panic or be refused, the copy
// never has more records than the input, and a second fix of a copy fix
// could read whole changes nothing, byte for byte. (Lines fix cannot read
// are kept as they were; how a CSV is split is told from its first lines,
// so a copy around such lines may be told differently a second time.)
func FuzzFix(f *testing.F) {
	for _, s := range messy {
		f.Add([]byte(s), uint8(0))
	}
	f.Add([]byte(trHeader+"c1,u1,customer,hi,2024-01-01 00:00:01+01:00\nc2,u2,Agent,x,2024-01-01T00:00:00Z\nc1,u1,customer,hi,2024-01-01T00:00:00Z\n"), uint8(2))
	f.Add([]byte("{\"customer_id\":\"x\",\"call_start\":\"2024-01-01 00:00:00Z\",\"call_end\":\"None\"}\n\n{\"a\":[[[[\n"), uint8(3))
	f.Add([]byte("\xef\xbb\xbfa;\"b\nc\";\"\"\"\r\nNULL;\"NULL\";\x00\xff\n"), uint8(4))
	f.Add([]byte("c;u;customer;hi;2024-01-01 00:00:00Z\nc;a;Agent;\"x\";2024-01-01T00:00:01Z\n"), uint8(0))
	feeds := []string{"transcripts", "call_center", "sales_attribution"}
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		ext, to := ".csv", ""
		if sel&1 == 1 {
			ext = ".jsonl"
		}
		if sel&2 == 2 && ext == ".csv" {
			to = "jsonl"
		}
		opt := Options{To: to, Check: rules.Options{Feed: feeds[int(sel>>2)%3]}}
		in := filepath.Join(t.TempDir(), "f"+ext)
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		once, res := fuzzFix(t, in, opt)
		if res.Files[0].RecordsOut > res.Files[0].RecordsIn {
			t.Fatalf("%d records in, %d out", res.Files[0].RecordsIn, res.Files[0].RecordsOut)
		}
		if unreadable(res.Check) {
			return
		}
		opt.To = ""
		twice, res := fuzzFix(t, once, opt)
		a, _ := os.ReadFile(once)
		b, _ := os.ReadFile(twice)
		if !bytes.Equal(a, b) || res.ChangeCount() != 0 {
			t.Fatalf("a second fix changed the copy (%d changes):\n%q\n%q", res.ChangeCount(), a, b)
		}
	})
}

// unreadable reports a copy with lines no reader could read.
func unreadable(res *rules.Result) bool {
	for _, f := range res.Files {
		for _, id := range []string{rules.CSVSyntax, rules.JSONLSyntax, rules.JSONLTooDeep, rules.FileTooLarge, rules.FileFormat, rules.CSVDelimiter} {
			if f.Counts[id] > 0 {
				return true
			}
		}
	}
	return false
}

func fuzzFix(t *testing.T, in string, opt Options) (string, *Result) {
	t.Helper()
	opt.OutDir = t.TempDir()
	res, err := Run(context.Background(), []string{in}, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := res.Errs(); err != nil {
		t.Fatalf("not repaired: %v", err)
	}
	return filepath.Join(opt.OutDir, filepath.Base(res.Files[0].Out)), res
}
