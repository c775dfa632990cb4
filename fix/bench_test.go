package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

// BenchmarkFix repairs generated valid files (so every record takes the
// path a clean record takes) next to checking them: fix's MB/s must stay
// at least half of check's (the re-check alone is one check).
func BenchmarkFix(b *testing.B) {
	for _, c := range []struct{ feed, format, to string }{
		{"transcripts", "csv", ""}, {"transcripts", "csv", "jsonl"}, {"call_center", "jsonl", ""}, {"call_center", "csv", ""},
	} {
		path := filepath.Join(b.TempDir(), c.feed+"."+c.format)
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := gen.Write(f, c.feed, c.format, 32<<20, 1, gen.Options{}); err != nil {
			b.Fatal(err)
		}
		_ = f.Close()
		st, _ := os.Stat(path)
		b.Run(c.feed+"_"+c.format+"_to_"+c.to, func(b *testing.B) {
			b.SetBytes(st.Size())
			out := b.TempDir()
			for i := 0; i < b.N; i++ {
				res, err := Run(context.Background(), []string{path}, Options{OutDir: out, To: c.to})
				if err != nil || res.ChangeCount() != 0 {
					b.Fatalf("fix: %v, %d changes", err, res.ChangeCount())
				}
			}
		})
		if c.to != "" {
			continue
		}
		b.Run(c.feed+"_"+c.format+"_check", func(b *testing.B) {
			b.SetBytes(st.Size())
			for i := 0; i < b.N; i++ {
				if _, err := rules.Run(context.Background(), []string{path}, rules.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
