package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

// BenchmarkEngine runs every rule over generated valid files and reports MB/s
// (b.SetBytes) and allocations per file.
func BenchmarkEngine(b *testing.B) {
	for _, c := range []struct{ feed, format string }{
		{"transcripts", "csv"}, {"call_center", "jsonl"}, {"call_center", "csv"}, {"sales_attribution", "jsonl"},
	} {
		b.Run(c.feed+"_"+c.format, func(b *testing.B) {
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
			b.SetBytes(st.Size())
			b.ReportAllocs()
			var records int64
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := rules.Run(context.Background(), []string{path}, rules.Options{})
				if err != nil || res.Files[0].Errors != 0 {
					b.Fatalf("run: %v %+v", err, res.Files)
				}
				records += res.Files[0].Records
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			// Per record, the numbers that must stay flat as files grow.
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(records), "ns/record")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(records), "allocs/record")
		})
	}
}
