package rules_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/preflight-data/preflight/reports"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

// A file read in parts on several workers must give exactly what reading it
// front to back gives: the same findings (every field), counts, caps,
// statistics, digests, and byte for byte the same reports.

// checkWhole checks paths front to back, one worker, no parts.
func checkWhole(t testing.TB, paths []string, opt rules.Options) *rules.Result {
	t.Helper()
	opt.Jobs = 1
	res, err := rules.Run(context.Background(), paths, opt)
	if err != nil && rules.IsUsage(err) {
		t.Fatal(err)
	}
	return res
}

// checkInParts checks paths with every file read in parts of size bytes.
func checkInParts(t testing.TB, paths []string, opt rules.Options, size int64) *rules.Result {
	t.Helper()
	defer rules.ForceParts(size)()
	opt.Jobs = 3
	res, err := rules.Run(context.Background(), paths, opt)
	if err != nil && rules.IsUsage(err) {
		t.Fatal(err)
	}
	return res
}

// sameResult fails unless two results are the same in every way a user
// can see.
func sameResult(t testing.TB, what string, whole, parts *rules.Result) {
	t.Helper()
	if whole == nil || parts == nil {
		if whole != parts {
			t.Fatalf("%s: one run failed: whole %v, parts %v", what, whole, parts)
		}
		return
	}
	wf, pf := allOf(t, whole), allOf(t, parts)
	if !reflect.DeepEqual(wf, pf) {
		t.Fatalf("%s: findings differ\nwhole: %s\nparts: %s", what, firstDiff(wf, pf), firstDiff(pf, wf))
	}
	for _, r := range []*rules.Result{whole, parts} {
		r.Duration = 0
		for i := range r.Files {
			r.Files[i].Duration = 0
		}
	}
	if !reflect.DeepEqual(whole.Files, parts.Files) {
		t.Fatalf("%s: files differ\nwhole: %+v\nparts: %+v", what, whole.Files, parts.Files)
	}
	if !reflect.DeepEqual(whole.Omitted, parts.Omitted) || !reflect.DeepEqual(whole.Stats, parts.Stats) || !reflect.DeepEqual(whole.Rules, parts.Rules) {
		t.Fatalf("%s: omitted, stats or rules differ\nwhole: %v %+v\nparts: %v %+v", what, whole.Omitted, whole.Stats, parts.Omitted, parts.Stats)
	}
	for _, format := range reports.Formats() {
		w, _ := reports.Lookup(format)
		var a, b bytes.Buffer
		opt := reports.Options{ToolName: "preflight", ToolVersion: "test", ZeroTime: true}
		if err := w(&a, whole, opt); err != nil {
			t.Fatal(err)
		}
		if err := w(&b, parts, opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: %s reports differ", what, format)
		}
	}
}

func allOf(t testing.TB, res *rules.Result) []rules.Finding {
	var out []rules.Finding
	if err := res.EachFinding(func(f rules.Finding) error { out = append(out, f); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDiff(a, b []rules.Finding) string {
	for i := range a {
		if i >= len(b) || !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("#%d of %d: %+v", i, len(a), a[i])
		}
	}
	return fmt.Sprintf("(all %d equal)", len(a))
}

// TestPartsMatchWholeOnTestdata: every fixture and the sample, at part
// sizes from one byte (a part per line) up, and at several caps.
func TestPartsMatchWholeOnTestdata(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir(rulesRoot, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && (d.Name() == "bad" || d.Name() == "good") {
			dirs = append(dirs, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "../testdata/sample")
	before := rules.PartsRead()
	for _, dir := range dirs {
		opt := readArgs(t, filepath.Dir(dir))
		if filepath.Base(dir) == "sample" {
			opt = rules.Options{}
		}
		opt.Now = fixedNow
		paths := filesUnder(t, dir)
		for _, max := range []int{0, 1, 1000} {
			opt.MaxPerRule = max
			whole := checkWhole(t, paths, opt)
			for _, size := range []int64{1, 5, 64, 1000} {
				sameResult(t, fmt.Sprintf("%s max %d parts of %d", dir, max, size), whole, checkInParts(t, paths, opt, size))
			}
		}
	}
	if rules.PartsRead() == before {
		t.Fatal("no file was read in parts")
	}
}

// TestPartsReadThroughAMisguess: a CSV part that starts inside a quoted
// field (its first line reads as a record) is read through by the part
// before it, and the result is still the whole file's.
func TestPartsReadThroughAMisguess(t *testing.T) {
	var b strings.Builder
	b.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "c%d,u1,customer,\"hello\nc%d,u2,agent,fake,2024-01-01T00:00:00Z\nthere\",2024-01-01T00:00:%02dZ\n", i/4, i, i)
		fmt.Fprintf(&b, "c%d,u2,agent,hi,2024-01-01T00:01:%02dZ\n", i/4, i)
	}
	path := filepath.Join(t.TempDir(), "chats.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	before := rules.PartsDropped()
	for _, size := range []int64{1, 30, 100} {
		opt := rules.Options{Now: fixedNow, MaxPerRule: 3, Hash: true}
		sameResult(t, fmt.Sprint(size), checkWhole(t, []string{path}, opt), checkInParts(t, []string{path}, opt, size))
	}
	if rules.PartsDropped() == before {
		t.Fatal("no part was misguessed and read through")
	}
}

// filesUnder lists the files under dir, as a walk finds them.
func filesUnder(t testing.TB, dir string) []string {
	in, err := rules.Walk([]string{dir}, rules.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range in.Files {
		paths = append(paths, f.Path)
	}
	return paths
}

// TestPartsMatchWholeOnFuzzCorpus: the readers' fuzz corpus, as every feed.
func TestPartsMatchWholeOnFuzzCorpus(t *testing.T) {
	var inputs [][]byte
	for _, target := range []string{"FuzzCSV", "FuzzJSONL"} {
		dir := filepath.Join("../records/testdata/fuzz", target)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, corpusBytes(t, b))
		}
	}
	for _, seed := range fuzzSeeds {
		inputs = append(inputs, []byte(seed))
	}
	for i, data := range inputs {
		for sel := uint8(0); sel < 6; sel++ {
			partsMatchWhole(t, fmt.Sprintf("input %d sel %d", i, sel), data, sel, 3)
		}
	}
}

// corpusBytes decodes a fuzz corpus file's first []byte value.
func corpusBytes(t testing.TB, b []byte) []byte {
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "[]byte("); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(rest, ")"))
			if err != nil {
				t.Fatalf("corpus line %q: %v", line, err)
			}
			return []byte(s)
		}
	}
	t.Fatalf("no []byte in corpus file %q", b)
	return nil
}

var fuzzSeeds = []string{
	"conversation_externalId,sender_externalId,sender_role,text,timestamp\nc1,u1,customer,hi,2024-01-01T00:00:00Z\n",
	"{\"customer_id\":\"x\",\"call_start\":\"2024-01-01T00:00:00Z\",\"call_end\":1}\n{\"a\":[[[[\n",
	"\xef\xbb\xbfa,\"b\nc\",\"\"\"\r\nNULL,\"NULL\",\x00\xff\n",
}

// partsMatchWhole checks data as one file of a feed and format chosen by
// sel, whole and in parts of size bytes.
func partsMatchWhole(t testing.TB, what string, data []byte, sel uint8, size int64) {
	t.Helper()
	ext := ".csv"
	if sel&1 == 1 {
		ext = ".jsonl"
	}
	path := filepath.Join(t.TempDir(), "f"+ext)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	feeds := []string{"transcripts", "call_center", "sales_attribution"}
	opt := rules.Options{Feed: feeds[int(sel>>1)%3], DT: "2024-01-01", Mode: "incremental", Now: fixedNow, MaxPerRule: int(sel>>3) % 3, Hash: true}
	sameResult(t, what, checkWhole(t, []string{path}, opt), checkInParts(t, []string{path}, opt, size))
}

// FuzzPartsMatchWhole: random files of records with quotes, line breaks,
// copies and disorder near the part edges, whole against in parts.
func FuzzPartsMatchWhole(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(0), uint8(3))
	}
	f.Add([]byte{}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, sel, size uint8) {
		partsMatchWhole(t, "fuzz", randomFile(data, sel), sel, int64(size%64)+1)
	})
}

// TestPartsMatchWholeOnRandomFiles runs the fuzz target's generator over
// fixed seeds, so every test run covers it.
func TestPartsMatchWholeOnRandomFiles(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		seed := make([]byte, 8+r.Intn(64))
		r.Read(seed)
		sel, size := uint8(r.Intn(256)), int64(1+r.Intn(200))
		partsMatchWhole(t, fmt.Sprintf("random file %d", i), randomFile(seed, sel), sel, size)
	}
}

// randomFile builds a file of the format and feed sel chooses from the
// bytes of seed: mostly well-formed records, with quoted fields holding
// commas, quotes and line breaks, repeated and reordered rows, bad values
// and broken lines.
func randomFile(seed []byte, sel uint8) []byte {
	var n int64
	for _, c := range seed {
		n = n*131 + int64(c)
	}
	r := rand.New(rand.NewSource(n))
	jsonl := sel&1 == 1
	feed := []string{"transcripts", "call_center", "sales_attribution"}[int(sel>>1)%3]
	var rows [][]string
	cols := columnsOf(feed)
	for i, k := 0, 5+r.Intn(40); i < k; i++ {
		rows = append(rows, randomRow(r, feed, cols, i))
	}
	for i, k := 0, r.Intn(6); i < k; i++ { // copies and disorder
		a, b := r.Intn(len(rows)), r.Intn(len(rows))
		if r.Intn(2) == 0 {
			rows = append(rows, rows[a])
		} else {
			rows[a], rows[b] = rows[b], rows[a]
		}
	}
	if r.Intn(4) == 0 { // a conversation exported twice, appended
		rows = append(rows, rows[:len(rows)/2]...)
	}
	var b bytes.Buffer
	if !jsonl && r.Intn(5) > 0 {
		b.WriteString(strings.Join(cols, ",") + "\n")
	}
	for _, row := range rows {
		writeRow(&b, r, cols, row, jsonl)
	}
	return b.Bytes()
}

func columnsOf(feed string) []string {
	switch feed {
	case "transcripts":
		return []string{"conversation_externalId", "sender_externalId", "sender_role", "text", "timestamp"}
	case "call_center":
		return []string{"customer_id", "conversation_id", "call_start", "call_end", "call_assigned_to_agent", "survey_offered", "survey_taken", "time_in_queue"}
	}
	return []string{"transaction_id", "transaction_time", "product_name", "quantity", "external_customer_id", "issue_id"}
}

func randomRow(r *rand.Rand, feed string, cols []string, i int) []string {
	texts := []string{"hi", "say \"hi\"", "a, b", "two\nlines", "", " ", "NULL", "null", "N/A", "\"quoted\nbreak\", here", "émoji 🎉", "x\r\ny"}
	times := []string{"2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", "2024-01-01 00:00:02", "2024-01-01T00:00:03+02:00", "yesterday", "NULL", "2023-12-31T23:59:59Z"}
	row := make([]string, len(cols))
	for c, name := range cols {
		switch {
		case strings.Contains(name, "time") || strings.Contains(name, "call_") && name != "call_handle_time":
			row[c] = times[r.Intn(len(times))]
		case name == "conversation_externalId":
			row[c] = fmt.Sprintf("c%d", (i+r.Intn(3))/4)
		case name == "sender_role":
			row[c] = []string{"agent", "customer", "bot", "Agent", "user", "NULL", ""}[r.Intn(7)]
		case name == "sender_externalId":
			row[c] = fmt.Sprintf("u%d", r.Intn(3))
		case strings.HasPrefix(name, "survey") || name == "quantity":
			row[c] = []string{"true", "false", "1", "-2", "NULL", "7"}[r.Intn(6)]
		case r.Intn(8) == 0:
			// A quoted line break followed by what reads as a whole
			// record: a part may start there, and must be read through.
			row[c] = "fake\n" + strings.Repeat("v,", len(cols)-1) + "v\nend"
		default:
			row[c] = texts[r.Intn(len(texts))]
		}
	}
	return row
}

// writeRow writes a row as CSV (quoting what needs it, sometimes breaking
// a line) or as a JSONL object (sometimes not JSON at all).
func writeRow(b *bytes.Buffer, r *rand.Rand, cols, row []string, jsonl bool) {
	switch r.Intn(30) {
	case 0:
		b.WriteString("\n") // a blank line
	case 1:
		b.WriteString("broken,\"line\n") // an unterminated quote
	case 2:
		b.WriteString("a,b\"c\n") // a bare quote
	}
	if jsonl {
		b.WriteByte('{')
		for c, v := range row {
			if c > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, "%q:", cols[c])
			if v == "NULL" {
				b.WriteString("null")
			} else {
				b.WriteString(strconv.Quote(v))
			}
		}
		b.WriteString("}\n")
		return
	}
	for c, v := range row {
		if c > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(v, ",\"\n\r") || v == "" && r.Intn(2) == 0 {
			b.WriteString("\"" + strings.ReplaceAll(v, "\"", "\"\"") + "\"")
		} else {
			b.WriteString(v)
		}
	}
	if r.Intn(10) == 0 {
		b.WriteString("\r\n")
	} else {
		b.WriteByte('\n')
	}
}

// TestPartsMatchWholeOnGeneratedData: realistic files of a few MB, read in
// parts of 64 KiB: conversations across part edges, in order and shuffled,
// copied and appended.
func TestPartsMatchWholeOnGeneratedData(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ feed, format string }{
		{"transcripts", "csv"}, {"transcripts", "jsonl"}, {"call_center", "csv"}, {"call_center", "jsonl"}, {"sales_attribution", "csv"},
	} {
		var b bytes.Buffer
		if err := gen.Write(&b, c.feed, c.format, 2<<20, 7, gen.Options{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(b.String(), "\n")
		variants := map[string]string{
			"as-generated": b.String(),
			"appended":     b.String() + strings.Join(lines[1:len(lines)/3], ""),
			"shuffled":     shuffled(lines),
		}
		for name, body := range variants {
			path := filepath.Join(dir, c.feed+"-"+name+"."+c.format)
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, max := range []int{0, 5} {
				opt := rules.Options{Now: fixedNow, MaxPerRule: max, Hash: true}
				sameResult(t, path, checkWhole(t, []string{path}, opt), checkInParts(t, []string{path}, opt, 64<<10))
			}
		}
	}
}

// shuffled keeps the first line (a CSV header) and shuffles the rest in
// runs of a few lines, so conversations spread over the file.
func shuffled(lines []string) string {
	r := rand.New(rand.NewSource(3))
	rest := lines[1:]
	var runs [][]string
	for len(rest) > 0 {
		k := min(len(rest), 1+r.Intn(5))
		runs = append(runs, rest[:k])
		rest = rest[k:]
	}
	r.Shuffle(len(runs), func(i, j int) { runs[i], runs[j] = runs[j], runs[i] })
	var b strings.Builder
	b.WriteString(lines[0])
	for _, run := range runs {
		b.WriteString(strings.Join(run, ""))
	}
	return b.String()
}

// bigCSV writes a transcripts CSV of about n bytes.
func bigCSV(t *testing.T, n int) string {
	t.Helper()
	var b bytes.Buffer
	if err := gen.Write(&b, "transcripts", "csv", int64(n), 3, gen.Options{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "chats.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPartsNeedWorkers: one worker reads a file whole; parts are for
// more than one.
func TestPartsNeedWorkers(t *testing.T) {
	path := bigCSV(t, 256<<10)
	defer rules.ForceParts(16 << 10)()
	before := rules.PartsRead()
	if _, err := rules.Run(context.Background(), []string{path}, rules.Options{Jobs: 1, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if rules.PartsRead() != before {
		t.Fatal("one worker read a file in parts")
	}
	if _, err := rules.Run(context.Background(), []string{path}, rules.Options{Jobs: 2, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if rules.PartsRead() == before {
		t.Fatal("two workers did not read a large file in parts")
	}
}

// TestPartsCancelled: a run cancelled while a file's parts are read ends
// with the context's error, and its workers stop.
func TestPartsCancelled(t *testing.T) {
	path := bigCSV(t, 1<<20)
	defer rules.ForceParts(16 << 10)()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer rules.BeforePart(func(k int) {
		if k == 5 {
			cancel()
		}
	})()
	_, err := rules.Run(ctx, []string{path}, rules.Options{Jobs: 3, Now: fixedNow})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the run cancelled", err)
	}
}

// TestPartsFileCutShort: a file cut short while its parts are read is an
// unreadable file (and the run goes on), never a crash or a hang.
func TestPartsFileCutShort(t *testing.T) {
	path := bigCSV(t, 1<<20)
	other := filepath.Join(filepath.Dir(path), "other.csv")
	if err := os.WriteFile(other, []byte("conversation_externalId,sender_externalId,sender_role,text,timestamp\nc1,u1,customer,hi,2024-01-01T00:00:00Z\nc1,u2,agent,yes,2024-01-01T00:00:01Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer rules.ForceParts(16 << 10)()
	for _, hash := range []bool{false, true} {
		var once sync.Once
		restore := rules.BeforePart(func(k int) {
			if k == 7 {
				once.Do(func() {
					if err := os.Truncate(path, 300<<10); err != nil {
						t.Error(err)
					}
				})
			}
		})
		res, err := rules.Run(context.Background(), []string{path, other}, rules.Options{Jobs: 3, Now: fixedNow, Hash: hash})
		restore()
		var re *rules.ReadError
		if !errors.As(err, &re) || re.Path != path {
			t.Fatalf("hash %v: got %v, want a read error for %s", hash, err, path)
		}
		for _, f := range res.Files {
			if f.Path == path && (f.Status != rules.StatusUnreadable || !strings.Contains(f.Error, "changed")) {
				t.Errorf("hash %v: %+v, want unreadable: changed", hash, f)
			}
			if f.Path == other && (f.Status != rules.StatusChecked || f.Records != 2) {
				t.Errorf("hash %v: the other file: %+v", hash, f)
			}
		}
		// Put it back for the next round.
		path2 := bigCSV(t, 1<<20)
		if err := os.Rename(path2, path); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPartsHashSeesAChange: with Options.Hash (publish), a file that
// changes while its parts are read is not given a digest.
func TestPartsHashSeesAChange(t *testing.T) {
	path := bigCSV(t, 1<<20)
	defer rules.ForceParts(16 << 10)()
	var once sync.Once
	defer rules.BeforePart(func(k int) {
		if k == 3 {
			once.Do(func() {
				f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = f.WriteString("c9,u9,agent,late,2024-01-01T00:00:00Z\n")
				_ = f.Close()
			})
		}
	})()
	res, err := rules.Run(context.Background(), []string{path}, rules.Options{Jobs: 3, Now: fixedNow, Hash: true})
	var re *rules.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a read error", err)
	}
	if f := res.Files[0]; f.Digest != nil || f.Status != rules.StatusUnreadable {
		t.Fatalf("%+v: a changed file must not get a digest", f)
	}
}

// TestPartsRecordOverTheLimit: a quoted CSV field that closes only past
// the record limit (64 MiB), with no line inside it that reads as a
// record, is one part longer than the limit. Read whole, the reader never
// holds more than the limit, finds no closing quote in it, reports
// csv/syntax and resynchronises at the next line (every line after is
// then a row of its own); read in parts, the part's buffer holds the
// whole field, the quote closes, and the record is skipped as
// file/record-too-large: other findings, other counts. At the command
// line, the 40 MB generated transcripts with such a 70 MB field planted
// at 20 MB gave 36,700,161 errors with -j 1 and 1 with -j 2. (Reading
// such a file whole is fine too.)
func TestPartsRecordOverTheLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	b.WriteString("c1,u1,customer,hi,2024-01-01T00:00:00Z\n")
	b.WriteString("c1,u2,agent,\"")
	line := strings.Repeat("a", 1<<20-1) + "\n"
	for i := 0; i < 65; i++ {
		b.WriteString(line)
	}
	b.WriteString("\",2024-01-01T00:00:01Z\n")
	for i := 0; i < 75000; i++ { // 6 MB more, where the next part starts
		fmt.Fprintf(&b, "c%d,u1,customer,hi %d,2024-01-01T00:00:02Z\nc%d,a1,agent,hello,2024-01-01T00:00:03Z\n", i+2, i, i+2)
	}
	path := filepath.Join(t.TempDir(), "chats.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b = bytes.Buffer{}
	opt := rules.Options{Now: fixedNow}
	sameResult(t, "a field closed past the limit", checkWhole(t, []string{path}, opt), checkInParts(t, []string{path}, opt, 4<<20))
}

// TestPartsMemoryWhenBoundsAreFarApart: a part runs from one record start
// found near a multiple of the part size to the next one found, so when
// no line reads as a record for a long stretch (here: every row after the
// first 5 MB has one column more than the header, as when an export
// gained a column half way), one part is the rest of the file, read into
// memory at once with everything it keeps for the merge. A real 1 GB
// transcripts file of that shape took 3.85 GB RSS in parts and 126 MB
// read whole. Parts may cost a few parts' memory more than a whole read,
// never memory that grows with the file (reading such a file whole is
// fine too).
func TestPartsMemoryWhenBoundsAreFarApart(t *testing.T) {
	var b bytes.Buffer
	if err := gen.Write(&b, "transcripts", "csv", 48<<20, 3, gen.Options{}); err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	for _, l := range strings.SplitAfter(b.String(), "\n") {
		if w.Len() > 5<<20 && l != "" {
			l = strings.TrimSuffix(l, "\n") + ",extra\n"
		}
		w.WriteString(l)
	}
	path := filepath.Join(t.TempDir(), "chats.csv")
	if err := os.WriteFile(path, w.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, w = bytes.Buffer{}, bytes.Buffer{}
	whole := peakHeapGrowth(t, path, 1)
	parts := peakHeapGrowth(t, path, 2)
	t.Logf("peak live heap growth: %d MiB whole, %d MiB in parts", whole>>20, parts>>20)
	if parts > whole+64<<20 {
		t.Errorf("reading in parts took %d MiB more heap than reading whole; want at most 64 MiB (16 parts of 4 MiB)", (parts-whole)>>20)
	}
}

// peakHeapGrowth checks path on jobs workers and returns how much the live
// heap grew at its highest, sampled as the reading progresses.
func peakHeapGrowth(t *testing.T, path string, jobs int) int64 {
	t.Helper()
	sample, _, peak := heapSampler(20)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := rules.Run(context.Background(), []string{path}, rules.Options{Jobs: jobs, Now: fixedNow, Progress: sample}); err != nil && rules.IsUsage(err) {
		t.Fatal(err)
	}
	return int64(peak()) - int64(before.HeapAlloc)
}
