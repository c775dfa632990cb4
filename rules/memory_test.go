package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// TestManySmallFilesKeepLittleState: what a run keeps per file until its
// end (conversation and record tables for the cross-file rules, the file's
// result) is proportional to the file. It used to be about 0.5 MB whatever
// the file (a full conversation chunk, a 1 MiB id arena, 64 duplicate-table
// shards), so 10,000 one-record files took gigabytes.
func TestManySmallFilesKeepLittleState(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 4,000 files")
	}
	const perFeed = 2000
	dir := t.TempDir()
	for i := 0; i < perFeed; i++ {
		writeSmall(t, filepath.Join(dir, fmt.Sprintf("chats-%04d.csv", i)),
			fmt.Sprintf("conversation_externalId,sender_externalId,sender_role,text,timestamp\nc%d,u1,customer,hi,2024-03-01T10:00:00Z\n", i))
		writeSmall(t, filepath.Join(dir, fmt.Sprintf("calls-%04d.csv", i)),
			fmt.Sprintf("customer_id,call_start,call_end\nc-%d,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n", i))
	}
	sample, calls, peak := heapSampler(250)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	in, err := rules.Walk([]string{dir}, rules.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rules.RunInputs(context.Background(), in, rules.Options{Now: fixedNow, Progress: sample})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2*perFeed || calls() < 2*perFeed {
		t.Fatalf("%d files, %d progress calls", len(res.Files), calls())
	}
	grew := int64(peak()) - int64(before.HeapAlloc)
	perFile := grew / (2 * perFeed)
	t.Logf("live heap grew %d KiB over the run: %d bytes a file", grew>>10, perFile)
	if perFile > 16<<10 {
		t.Errorf("each one-record file keeps %d bytes until the run ends; want under 16 KiB", perFile)
	}
}

func writeSmall(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDuplicateAcrossLargeFiles: files over compactMax records keep their
// table until the run ends; a record repeated from one in another file is
// still found, at its line.
func TestDuplicateAcrossLargeFiles(t *testing.T) {
	dir := t.TempDir()
	const rows = 20000
	write := func(name string, first int, extra string) string {
		var b strings.Builder
		b.WriteString("customer_id,call_start,call_end\n")
		for i := first; i < first+rows; i++ {
			fmt.Fprintf(&b, "c-%d,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n", i)
		}
		b.WriteString(extra)
		p := filepath.Join(dir, name)
		writeSmall(t, p, b.String())
		return p
	}
	a := write("a.csv", 0, "")
	b := write("b.csv", rows, "c-7,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n")
	res, err := rules.Run(context.Background(), []string{a, b}, rules.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == rules.RecordDuplicate {
			got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(f.File), f.Line, f.Message))
		}
	}
	want := []string{fmt.Sprintf("b.csv:%d record is identical to %s line 9", rows+2, a)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record/duplicate %q, want %q", got, want)
	}
}

// heapSampler is a progress callback that, every nth call, collects
// garbage and notes the live heap; calls and peak report what it saw.
func heapSampler(every int) (sample func(int64, int64), calls func() int, peak func() uint64) {
	var mu sync.Mutex
	var n int
	var top uint64
	sample = func(int64, int64) {
		mu.Lock()
		defer mu.Unlock()
		if n++; n%every != 0 {
			return
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		top = max(top, ms.HeapAlloc)
	}
	calls = func() int { mu.Lock(); defer mu.Unlock(); return n }
	peak = func() uint64 { mu.Lock(); defer mu.Unlock(); return top }
	return sample, calls, peak
}
