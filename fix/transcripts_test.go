package fix

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/tools/gen/gen"
)

const trHeader = "conversation_externalId,sender_externalId,sender_role,text,timestamp\n"

// fixOne fixes one transcript file and returns the copy.
func fixOne(t *testing.T, name, content string, opt Options) (*Result, string) {
	t.Helper()
	res, out := fixTree(t, map[string]string{name: content}, opt)
	return res, out[rulesName(res, name)]
}

func rulesName(res *Result, name string) string {
	for _, f := range res.Files {
		if strings.HasSuffix(f.Out, "/"+name) || strings.HasSuffix(f.Out, "/"+strings.TrimSuffix(name, ".csv")+".jsonl") {
			return filepath.Base(f.Out)
		}
	}
	return name
}

// TestWindowSort: a conversation's messages sorted where they are, stably
// (same instant: file order); a line without a readable time, or one fix
// cannot read at all, stays after the message before it.
func TestWindowSort(t *testing.T) {
	in := trHeader +
		"c1,u1,customer,third,2024-05-01T10:00:03Z\n" +
		"c1,a1,agent,first,2024-05-01T10:00:01Z\n" +
		"c1,a1,agent,no time,sometime\n" +
		"c1,u1,customer,second a,2024-05-01T10:00:02Z\n" +
		"c1,u1,customer,\"broken\"x,2024-05-01T10:00:02Z\n" +
		"c1,a1,agent,second b,2024-05-01T10:00:02Z\n" +
		"c2,u2,customer,hi,2024-05-01T09:00:00Z\n" +
		"c2,a2,agent,hello,2024-05-01T09:00:01Z\n"
	want := trHeader +
		"c1,a1,agent,first,2024-05-01T10:00:01Z\n" +
		"c1,a1,agent,no time,sometime\n" +
		"c1,u1,customer,second a,2024-05-01T10:00:02Z\n" +
		"c1,u1,customer,\"broken\"x,2024-05-01T10:00:02Z\n" +
		"c1,a1,agent,second b,2024-05-01T10:00:02Z\n" +
		"c1,u1,customer,third,2024-05-01T10:00:03Z\n" +
		"c2,u2,customer,hi,2024-05-01T09:00:00Z\n" +
		"c2,a2,agent,hello,2024-05-01T09:00:01Z\n"
	res, got := fixOne(t, "t.csv", in, Options{})
	if got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
	if n := countOf(res.Check, rules.TranscriptOrder); n != 0 {
		t.Errorf("%d chronological-order findings left", n)
	}
}

// TestGatherSpread: a conversation spread over the file and out of order
// is gathered at its first line, in timestamp order, a copy of a message
// dropped; the conversations around it do not move. The sort is forced
// through files on disk.
func TestGatherSpread(t *testing.T) {
	defer setVar(&spillBytes, 100)()
	in := trHeader +
		"c1,u1,customer,one,2024-05-01T10:00:01Z\n" +
		"c2,u2,customer,hi,2024-05-01T09:00:00Z\n" +
		"c1,a1,agent,three,2024-05-01T10:00:03Z\n" +
		"c2,a2,agent,hello,2024-05-01T09:00:01Z\n" +
		"c1,u1,customer,two,2024-05-01T10:00:02Z\n" +
		"c3,u3,customer,hey,2024-05-01T08:00:00Z\n" +
		"c1,u1,customer,one,2024-05-01T10:00:01Z\n" +
		"c3,a3,agent,yes,2024-05-01T08:00:01Z\n"
	want := trHeader +
		"c1,u1,customer,one,2024-05-01T10:00:01Z\n" +
		"c1,u1,customer,two,2024-05-01T10:00:02Z\n" +
		"c1,a1,agent,three,2024-05-01T10:00:03Z\n" +
		"c2,u2,customer,hi,2024-05-01T09:00:00Z\n" +
		"c2,a2,agent,hello,2024-05-01T09:00:01Z\n" +
		"c3,u3,customer,hey,2024-05-01T08:00:00Z\n" +
		"c3,a3,agent,yes,2024-05-01T08:00:01Z\n"
	res, got := fixOne(t, "t.csv", in, Options{})
	if got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
	if len(res.Check.Findings) != 0 {
		t.Errorf("left: %+v", res.Check.Findings)
	}
	if c := changesOf(res, rules.RecordDuplicate); c != 1 {
		t.Errorf("%d record/duplicate changes, want 1 (line 8)", c)
	}
	// The removed copy is reported at its input line.
	var rep bytes.Buffer
	if err := res.WriteReport(&rep, "json", ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.String(), `"line":8,"conversation_id":"c1","rule":"record/duplicate"`) {
		t.Errorf("the copy's change does not name line 8:\n%s", rep.String())
	}
}

// TestSpreadInOrder: a conversation spread over the file but in order is
// not moved: check has nothing to say about it, so neither does fix.
func TestSpreadInOrder(t *testing.T) {
	in := trHeader +
		"c1,u1,customer,one,2024-05-01T10:00:00Z\n" +
		"c2,u2,customer,hi,2024-05-01T09:00:00Z\n" +
		"c1,a1,agent,two,2024-05-01T10:00:00Z\n" +
		"c2,a2,agent,hello,2024-05-01T09:00:01Z\n"
	res, got := fixOne(t, "t.csv", in, Options{})
	if got != in || res.ChangeCount() != 0 {
		t.Errorf("%d changes, got:\n%s", res.ChangeCount(), got)
	}
}

// TestLongConversation: a conversation longer than the window is written
// in parts, and pass 2 still sorts it whole.
func TestLongConversation(t *testing.T) {
	defer setVar(&windowBytes, 200)()
	defer setVar(&spillBytes, 300)()
	var in, want strings.Builder
	in.WriteString(trHeader)
	want.WriteString(trHeader)
	const n = 60
	for i := n - 1; i >= 0; i-- { // newest first
		fmt.Fprintf(&in, "c1,u1,%s,message %02d,2024-05-01T10:%02d:00Z\n", []string{"customer", "agent"}[i%2], i, i)
	}
	for i := range n {
		fmt.Fprintf(&want, "c1,u1,%s,message %02d,2024-05-01T10:%02d:00Z\n", []string{"customer", "agent"}[i%2], i, i)
	}
	res, got := fixOne(t, "t.csv", in.String(), Options{})
	if got != want.String() {
		t.Errorf("got:\n%s", got)
	}
	if n := countOf(res.Check, rules.TranscriptOrder); n != 0 {
		t.Errorf("%d chronological-order findings left", n)
	}
}

func setVar(p *int, v int) func() {
	old := *p
	*p = v
	return func() { *p = old }
}

// TestShuffledExport: a real-looking export whose rows were shuffled —
// every conversation spread over the file and out of order — comes out
// with every message, each conversation whole and in order, and check
// passes; the sort spilled to disk in many chunks.
func TestShuffledExport(t *testing.T) {
	defer setVar(&spillBytes, 64<<10)()
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Transcripts, "csv", 2<<20, 7, gen.Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	header, rows := lines[0], lines[1:len(lines)-1]
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(rows), func(i, k int) { rows[i], rows[k] = rows[k], rows[i] })
	in := header + strings.Join(rows, "")
	res, got := fixOne(t, "t.csv", in, Options{})
	for _, f := range res.Check.Findings {
		if f.Severity == rules.Error {
			t.Fatalf("the copy has an error: %+v", f)
		}
	}
	outRows := strings.SplitAfter(got, "\n")
	outRows = outRows[1 : len(outRows)-1]
	if len(outRows) != len(rows) {
		t.Fatalf("%d rows in, %d out", len(rows), len(outRows))
	}
	a, b := append([]string(nil), rows...), append([]string(nil), outRows...)
	sort.Strings(a)
	sort.Strings(b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("the copy's rows are not the input's: %q vs %q", a[i], b[i])
		}
	}
	if n := countOf(res.Check, rules.TranscriptOrder) + countOf(res.Check, rules.TranscriptSplit); n != 0 {
		t.Errorf("%d order findings left", n)
	}
}

// TestSpillChunks: the sort keeps at most spillBytes in memory, writing
// sorted chunks to disk and merging them back in order.
func TestSpillChunks(t *testing.T) {
	defer setVar(&spillBytes, 1000)()
	sp := &spill{dir: t.TempDir()}
	defer sp.close()
	r := rand.New(rand.NewPCG(3, 4))
	type rec struct {
		ord uint32
		key int64
		seq uint64
	}
	var want []rec
	for i := range 5000 {
		e := rec{uint32(r.IntN(50)), int64(r.IntN(20)), uint64(i)}
		want = append(want, e)
		data := fmt.Sprintf("%d/%d/%d", e.ord, e.key, e.seq)
		if err := sp.add(spillEntry{ord: e.ord, key: e.key, seq: e.seq, tsOK: true}, []byte(data), lf); err != nil {
			t.Fatal(err)
		}
	}
	if len(sp.files) < 10 {
		t.Errorf("%d chunk files for 5000 records over a 1000-byte limit", len(sp.files))
	}
	sort.Slice(want, func(i, k int) bool {
		a, b := want[i], want[k]
		if a.ord != b.ord {
			return a.ord < b.ord
		}
		if a.key != b.key {
			return a.key < b.key
		}
		return a.seq < b.seq
	})
	m, err := sp.merge()
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		e, ok, err := m.next()
		if err != nil || !ok {
			t.Fatalf("record %d: ok %v, err %v", i, ok, err)
		}
		if got := string(e.data); got != fmt.Sprintf("%d/%d/%d\n", w.ord, w.key, w.seq) {
			t.Fatalf("record %d is %q, want %+v", i, got, w)
		}
		if i%7 == 0 { // unread gives the same record back
			m.unread()
			if again, _, _ := m.next(); string(again.data) != string(e.data) {
				t.Fatalf("unread gave %q, not %q", again.data, e.data)
			}
		}
	}
	if _, ok, _ := m.next(); ok {
		t.Error("records after the last")
	}
	for _, f := range sp.files {
		if _, err := os.Stat(f.Name()); err != nil {
			t.Errorf("chunk %s gone before close: %v", f.Name(), err)
		}
	}
}

// TestDuplicateConversations: the same transcript in a later file, or
// under another id, is dropped (the first kept); a conversation split
// over files is kept whole; a conversation with a line fix cannot read
// is never judged a copy, nor a copy of it.
func TestDuplicateConversations(t *testing.T) {
	a := trHeader +
		"c1,u1,customer,hi,2024-05-01T10:00:00Z\n" +
		"c1,a1,agent,hello,2024-05-01T10:00:01Z\n" +
		"c2,u2,customer,part one,2024-05-01T11:00:00Z\n" +
		"c4,u4,customer,hi there,2024-05-01T12:00:00Z\n" +
		"c4,a4,agent,\"oops\"x,2024-05-01T12:00:01Z\n" +
		"c4,a4,agent,hello,2024-05-01T12:00:02Z\n"
	b := trHeader +
		"c1,u1,customer,hi,2024-05-01T10:00:00Z\n" +
		"c1,a1,agent,hello,2024-05-01T10:00:01Z\n" +
		"c2,a2,agent,part two,2024-05-01T11:00:05Z\n" +
		"c3,u1,customer,hi,2024-05-01T10:00:00Z\n" +
		"c3,a1,agent,hello,2024-05-01T10:00:01Z\n" +
		"c5,u4,customer,hi there,2024-05-01T12:00:00Z\n" +
		"c5,a4,agent,hello,2024-05-01T12:00:02Z\n"
	res, out := fixTree(t, map[string]string{"a.csv": a, "b.csv": b}, Options{})
	if out["a.csv"] != a {
		t.Errorf("a.csv changed:\n%s", out["a.csv"])
	}
	wantB := trHeader +
		"c2,a2,agent,part two,2024-05-01T11:00:05Z\n" +
		"c5,u4,customer,hi there,2024-05-01T12:00:00Z\n" +
		"c5,a4,agent,hello,2024-05-01T12:00:02Z\n"
	if out["b.csv"] != wantB {
		t.Errorf("b.csv:\n%swant:\n%s", out["b.csv"], wantB)
	}
	if n := changesOf(res, rules.TranscriptDuplicate); n != 2 {
		t.Errorf("%d duplicate-conversation changes, want 2 (c1 again, c3)", n)
	}
	// Check cannot read c4's broken line, so it takes c5 for c4 again; fix
	// keeps c5, which lacks that line: the finding stays, for a person.
	left := 0
	for _, f := range res.Check.Findings {
		if f.Rule == rules.TranscriptDuplicate {
			left++
			if f.Conversation != "c5" {
				t.Errorf("duplicate-conversation left for %s", f.Conversation)
			}
		}
	}
	if left != 1 {
		t.Errorf("%d duplicate-conversation findings left, want 1 (c5)", left)
	}
}

// TestRecordDuplicatesAcrossFiles: an exact copy of a record in a later
// file is dropped; one that differs in a column outside the feed is not.
func TestRecordDuplicatesAcrossFiles(t *testing.T) {
	h := "customer_id,call_start,call_end,extra\n"
	a := h + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,x\n"
	b := h + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,x\n" + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,y\n"
	res, out := fixTree(t, map[string]string{"a.csv": a, "b.csv": b}, Options{})
	if want := h + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,y\n"; out["b.csv"] != want {
		t.Errorf("b.csv:\n%s", out["b.csv"])
	}
	if n := changesOf(res, rules.RecordDuplicate); n != 1 {
		t.Errorf("%d record/duplicate changes, want 1", n)
	}
}

// TestToJSONLConversation: --to jsonl on transcripts sorts and converts in
// one go, and re-checks as JSONL.
func TestToJSONLConversation(t *testing.T) {
	in := trHeader +
		"c1,a1,agent,\"two\nlines\",2024-05-01T10:00:01Z\n" +
		"c1,u1,customer,\"say \"\"hi\"\"\",2024-05-01T10:00:00Z\n"
	res, got := fixOne(t, "t.csv", in, Options{To: "jsonl"})
	want := `{"conversation_externalId":"c1","sender_externalId":"u1","sender_role":"customer","text":"say \"hi\"","timestamp":"2024-05-01T10:00:00Z"}` + "\n" +
		`{"conversation_externalId":"c1","sender_externalId":"a1","sender_role":"agent","text":"two\nlines","timestamp":"2024-05-01T10:00:01Z"}` + "\n"
	if got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
	if len(res.Check.Findings) != 0 {
		t.Errorf("left: %+v", res.Check.Findings)
	}
	if n := changesOf(res, rules.EncodingControlChar); n != 1 {
		t.Errorf("%d control-char changes, want 1 (the line break, escaped)", n)
	}
	_ = context.Background
}
